package dev.taskqueue.memory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.taskqueue.Schedule;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.EventOutlet;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.ScheduleStore;
import dev.taskqueue.spi.StoredSchedule;

/**
 * The schedules of an {@link InMemoryTaskBackend}: a map under the backend's lock, so
 * that a change and the task it makes are one step. Schedules are few: finding the due
 * ones scans them all.
 */
final class InMemoryScheduleStore implements ScheduleStore {

	/** Runs a step under the backend's lock. */
	interface Locking {

		<T> T locked(Supplier<T> step);

	}

	private static final Comparator<StoredSchedule> BY_DUE_TIME = Comparator
		.comparing((StoredSchedule stored) -> stored.schedule().nextDueAt())
		.thenComparing(StoredSchedule::id);

	private final Locking locking;

	/** Stores a task, called under the lock. */
	private final Function<NewTask, EnqueueResult> enqueue;

	private final EventOutlet events;

	private final Clock clock;

	private final Map<String, StoredSchedule> schedules = new HashMap<>();

	InMemoryScheduleStore(Locking locking, Function<NewTask, EnqueueResult> enqueue, EventOutlet events, Clock clock) {
		this.locking = locking;
		this.enqueue = enqueue;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public Optional<StoredSchedule> findSchedule(String id) {
		return this.locking.locked(() -> Optional.ofNullable(this.schedules.get(id)));
	}

	@Override
	public List<StoredSchedule> schedules() {
		return this.locking.locked(() -> List.copyOf(this.schedules.values()));
	}

	@Override
	public ScheduleWrite writeSchedule(StoredSchedule expected, StoredSchedule replacement, NewTask task) {
		String id = StoredSchedule.checkWrite(expected, replacement);
		return this.locking.locked(() -> {
			StoredSchedule current = this.schedules.get(id);
			long revision = (current != null) ? current.revision() : 0;
			if (revision != ((expected != null) ? expected.revision() : 0)) {
				return ScheduleWrite.CONFLICT;
			}
			// the task first: if it cannot be stored, nothing changes
			EnqueueResult result = (task != null) ? this.enqueue.apply(task) : null;
			if (replacement != null) {
				this.schedules.put(id, replacement);
			}
			else {
				this.schedules.remove(id);
			}
			TaskEventType type = StoredSchedule.eventOf(expected, replacement);
			if (type != null && this.events.wants(type)) {
				String queue = ((replacement != null) ? replacement : expected).schedule().queue();
				this.events.publish(TaskEvent.ofSchedule(type, queue, id, this.clock.instant()));
			}
			return new ScheduleWrite(true, result);
		});
	}

	@Override
	public DueSchedules dueSchedules(Instant now, int max) {
		return this.locking.locked(() -> {
			List<StoredSchedule> due = new ArrayList<>();
			Instant next = null;
			for (StoredSchedule stored : this.schedules.values()) {
				Schedule schedule = stored.schedule();
				Instant at = schedule.nextDueAt();
				if (schedule.paused() || at == null) {
					continue;
				}
				if (!at.isAfter(now)) {
					due.add(stored);
				}
				else if (next == null || at.isBefore(next)) {
					next = at;
				}
			}
			due.sort(BY_DUE_TIME);
			if (due.size() > max) {
				next = due.get(max).schedule().nextDueAt();
				due = due.subList(0, max);
			}
			return new DueSchedules(due, next);
		});
	}

}
