package dev.taskqueue.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import dev.taskqueue.TaskInstance;
import dev.taskqueue.spi.InstanceRegistry;

/**
 * The in-memory {@link InstanceRegistry}: a map of the records by id, each with when it
 * expires by the backend's clock; expired records are dropped by every heartbeat and
 * listing, as on Redis. Apart from the tasks' lock, since no task depends on it.
 * Thread-safe.
 */
final class InstanceTable implements InstanceRegistry {

	private final Clock clock;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	InstanceTable(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void heartbeat(TaskInstance instance, Duration ttl) {
		Objects.requireNonNull(instance, "instance must not be null");
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive, was " + ttl);
		}
		Instant now = this.clock.instant();
		this.entries.put(instance.id(), new Entry(instance, now.plus(ttl)));
		dropExpired(now);
	}

	@Override
	public void leave(String id) {
		Objects.requireNonNull(id, "id must not be null");
		this.entries.remove(id);
	}

	@Override
	public List<TaskInstance> instances() {
		Instant now = this.clock.instant();
		dropExpired(now);
		List<TaskInstance> alive = new ArrayList<>(this.entries.size());
		for (Entry entry : this.entries.values()) {
			alive.add(entry.instance());
		}
		return alive;
	}

	private void dropExpired(Instant now) {
		for (Entry entry : this.entries.values()) {
			if (!now.isBefore(entry.expiresAt())) {
				// only this entry: a heartbeat that replaced it meanwhile stays
				this.entries.remove(entry.instance().id(), entry);
			}
		}
	}

	private record Entry(TaskInstance instance, Instant expiresAt) {

	}

}
