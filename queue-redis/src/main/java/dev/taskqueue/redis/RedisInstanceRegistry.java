package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.lettuce.core.KeyValue;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;

import dev.taskqueue.TaskInstance;
import dev.taskqueue.spi.InstanceRegistry;

/**
 * The {@link InstanceRegistry} on Redis: each engine's record is a JSON string
 * ({@link InstanceRecords}) that Redis keeps for the time to live, and its id is a member
 * of a sorted set scored by when the record expires by the backend's clock; both keys
 * share the hash tag {@code {instances}} ({@link RedisKeys#instances()}).
 * <p>
 * A heartbeat is one script call, {@code heartbeat.lua}: one round trip. Listing is two:
 * the expired members are dropped and the others read in one, their records in the second
 * (members whose record Redis already let expire are dropped then). Thread-safe.
 */
final class RedisInstanceRegistry implements InstanceRegistry {

	private static final System.Logger logger = System.getLogger(RedisInstanceRegistry.class.getName());

	private final RedisConnections connections;

	private final RedisScripts scripts;

	private final RedisKeys keys;

	private final Clock clock;

	private final byte[] setKey;

	private final InstanceRecords records = new InstanceRecords();

	RedisInstanceRegistry(RedisConnections connections, RedisScripts scripts, RedisKeys keys, Clock clock) {
		this.connections = connections;
		this.scripts = scripts;
		this.keys = keys;
		this.clock = clock;
		this.setKey = bytes(keys.instances());
	}

	@Override
	public void heartbeat(TaskInstance instance, Duration ttl) {
		Objects.requireNonNull(instance, "instance must not be null");
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ttl must be positive, was " + ttl);
		}
		Instant now = this.clock.instant();
		long ttlMillis = Math.max(1, ttl.plusNanos(999_999).toMillis());
		this.scripts.runOnKeys(new byte[][] { this.setKey, bytes(this.keys.instance(instance.id())) },
				new InstanceArgs.Heartbeat(instance.id(), this.records.write(instance), now.plus(ttl), ttlMillis, now));
	}

	@Override
	public void leave(String id) {
		Objects.requireNonNull(id, "id must not be null");
		this.connections.withCommands((commands) -> {
			RedisFuture<Long> unlisted = commands.zrem(this.setKey, bytes(id));
			RedisFuture<Long> deleted = commands.del(bytes(this.keys.instance(id)));
			this.connections.await(unlisted);
			return this.connections.await(deleted);
		});
	}

	/**
	 * Reads without writing: the members whose expiry is still ahead, then their records.
	 * Expired members are removed by the next heartbeat, and the set expires with its
	 * longest-lived record when no instance is left.
	 */
	@Override
	public List<TaskInstance> instances() {
		double now = Double.parseDouble(RedisTimes.format(this.clock.instant()));
		return this.connections.withCommands((commands) -> {
			List<byte[]> ids = this.connections.await(commands.zrangebyscore(this.setKey,
					Range.from(Range.Boundary.excluding(now), Range.Boundary.unbounded())));
			if (ids.isEmpty()) {
				return List.of();
			}
			byte[][] recordKeys = new byte[ids.size()][];
			for (int i = 0; i < recordKeys.length; i++) {
				recordKeys[i] = bytes(this.keys.instance(text(ids.get(i))));
			}
			List<TaskInstance> instances = new ArrayList<>(recordKeys.length);
			for (KeyValue<byte[], byte[]> value : this.connections.await(commands.mget(recordKeys))) {
				// a record whose key expired before its member is gone
				TaskInstance instance = value.hasValue() ? read(value.getValue()) : null;
				if (instance != null) {
					instances.add(instance);
				}
			}
			return instances;
		});
	}

	private TaskInstance read(byte[] value) {
		try {
			return this.records.read(text(value));
		}
		catch (RuntimeException ex) {
			logger.log(System.Logger.Level.DEBUG, "Skipped an instance record that cannot be read: " + ex);
			return null;
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
