package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every Redis key name the backend uses, built in one place.
 * <p>
 * A queue's keys share the hash tag of its name, {@code <prefix>:{<queue>}:<kind>}, so
 * that every script (which touches one queue only) runs on one Redis Cluster slot. The
 * instance registry's keys share the hash tag {@code {instances}}. Three keys are global:
 * the set of queue names, the stream that announces new queues and the listening mark.
 * Thread-safe.
 */
public final class RedisKeys {

	/**
	 * The keys of one queue.
	 */
	public enum QueueKey {

		/** Hash: task id to its record (header and body). */
		TASKS("tasks"),

		/** Sorted set of every task id (score 0, so ordered by id): the list index. */
		IDS("ids"),

		/** Sorted set of waiting tasks: member ready sequence + id, score -priority. */
		WAITING("waiting"),

		/** Sorted set of delayed task ids by scheduled time. */
		DELAYED("delayed"),

		/** Sorted set of retrying task ids by the time of their next attempt. */
		RETRYING("retrying"),

		/** Sorted set of active task ids by lease expiry. */
		ACTIVE("active"),

		/**
		 * Sorted set of held task ids by when they were held (the status each was held in
		 * is in its record's header).
		 */
		HELD("held"),

		/** Sorted set of completed task ids by finish time. */
		COMPLETED("completed"),

		/** Sorted set of failed task ids by finish time. */
		FAILED("failed"),

		/** Sorted set of cancelled task ids by cancel time. */
		CANCELLED("cancelled"),

		/** Hash: idempotency key to the id of the task holding it. */
		IDEMPOTENCY("idempotency"),

		/** Hash: paused flag, ready sequence, metrics counters. */
		META("meta"),

		/** Sorted set holding at most one marker: popped by a blocked worker. */
		WAKE("wake"),

		/**
		 * Stream of the queue's events, trimmed to a bounded length; written only while
		 * {@link #LISTENING} exists.
		 */
		EVENTS("events"),

		/**
		 * String that exists (with a time to live, renewed) while an instance reads the
		 * full events: without it, scripts append to the control stream only.
		 */
		LISTENING("listening"),

		/**
		 * Short stream of the queue's cancellations and removals only: what an engine
		 * must hear to stop a task it runs, read instead of the events when no listener
		 * wants more.
		 */
		CONTROL("control"),

		/**
		 * Hash: {@code <status>:<type>} to how many tasks of that type have that status
		 * (fields at zero are deleted).
		 */
		TYPES("types"),

		/**
		 * Hashes, one per hour, of tasks completed ({@code c<minute>}) and failed for
		 * good ({@code f<minute>}) per minute of the hour, expiring 25 hours after their
		 * last new field: {@code <prefix>:{<queue>}:throughput:<hour>}, {@code <hour>}
		 * being {@code floor(epochMillis / 3600000)}. A script that takes this key gets
		 * the hash of the hour of its call's time ({@link #throughputKey(String, long)}).
		 */
		THROUGHPUT("throughput"),

		/**
		 * Hash: the queue's recurring schedules, id to {@code <revision>:<JSON>} (see
		 * {@link ScheduleRecords}).
		 */
		SCHEDULES("schedules"),

		/**
		 * Sorted set of the ids of the queue's schedules that will be due, by their next
		 * due time (paused and ended schedules are not in it).
		 */
		TIMETABLE("timetable");

		private final String suffix;

		QueueKey(String suffix) {
			this.suffix = suffix;
		}

		/**
		 * The last part of the key name, as scripts name the key.
		 * @return the suffix
		 */
		public String suffix() {
			return this.suffix;
		}

	}

	private static final String INSTANCES_TAG = "{instances}";

	private final String prefix;

	private final Map<String, Map<QueueKey, byte[]>> encoded = new ConcurrentHashMap<>();

	/**
	 * Key names under a prefix.
	 * @param prefix separates applications sharing one Redis, for example
	 * {@code taskqueue}
	 */
	public RedisKeys(String prefix) {
		if (prefix == null || prefix.isEmpty() || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
			throw new IllegalArgumentException(
					"Redis key prefix must not be empty nor contain '{' or '}', was '" + prefix + "'");
		}
		this.prefix = prefix;
	}

	/**
	 * The prefix.
	 * @return the prefix
	 */
	public String prefix() {
		return this.prefix;
	}

	/**
	 * A key of a queue.
	 * @param queue the queue
	 * @param key which key
	 * @return {@code <prefix>:{<queue>}:<suffix>}
	 */
	public String queueKey(String queue, QueueKey key) {
		return this.prefix + ":{" + queue + "}:" + key.suffix();
	}

	/**
	 * A key of a queue, encoded (cached per queue).
	 * @param queue the queue
	 * @param key which key
	 * @return the UTF-8 bytes of the key name
	 */
	public byte[] queueKeyBytes(String queue, QueueKey key) {
		return this.encoded.computeIfAbsent(queue, (name) -> {
			Map<QueueKey, byte[]> keys = new EnumMap<>(QueueKey.class);
			for (QueueKey each : QueueKey.values()) {
				keys.put(each, queueKey(name, each).getBytes(StandardCharsets.UTF_8));
			}
			return keys;
		}).get(key);
	}

	/**
	 * The hour an instant falls in, as throughput keys name it.
	 * @param instant the instant
	 * @return {@code floor(epochMillis / 3600000)}
	 */
	public static long hourOf(Instant instant) {
		return Math.floorDiv(instant.toEpochMilli(), 3_600_000L);
	}

	/**
	 * The throughput hash of a queue for one hour (see {@link QueueKey#THROUGHPUT}).
	 * @param queue the queue
	 * @param hour the hour: {@code floor(epochMillis / 3600000)}
	 * @return {@code <prefix>:{<queue>}:throughput:<hour>}
	 */
	public String throughputKey(String queue, long hour) {
		return queueKey(queue, QueueKey.THROUGHPUT) + ":" + hour;
	}

	/**
	 * Keys of a queue in the given order, as a script expects them.
	 * @param queue the queue
	 * @param keys which keys
	 * @return the encoded names
	 */
	public byte[][] queueKeys(String queue, QueueKey... keys) {
		byte[][] names = new byte[keys.length][];
		for (int i = 0; i < keys.length; i++) {
			names[i] = queueKeyBytes(queue, keys[i]);
		}
		return names;
	}

	/**
	 * The sorted set of the running engines' ids by when their records expire (hash tag
	 * {@code {instances}}).
	 * @return {@code <prefix>:{instances}}
	 */
	public String instances() {
		return this.prefix + ":" + INSTANCES_TAG;
	}

	/**
	 * The string holding the record of one running engine, as JSON, with a time to live
	 * (hash tag {@code {instances}}: no queue key has a suffix with a colon, so none is
	 * ever this one, even of a queue named {@code instances}).
	 * @param id the engine's instance id
	 * @return {@code <prefix>:{instances}:instance:<id>}
	 */
	public String instance(String id) {
		return this.prefix + ":" + INSTANCES_TAG + ":instance:" + id;
	}

	/**
	 * The set of queue names (global: outside any hash tag).
	 * @return {@code <prefix>:queues}
	 */
	public String queues() {
		return this.prefix + ":queues";
	}

	/**
	 * The stream that announces queues added to {@link #queues()}, so that event readers
	 * start reading a new queue's events from its first one (global).
	 * @return {@code <prefix>:queues:added}
	 */
	public String queueAnnouncements() {
		return this.prefix + ":queues:added";
	}

	/**
	 * The string that exists while an instance reads the full events of every queue
	 * (global; renewed with a time to live): a queue registered while it exists gets its
	 * own {@link QueueKey#LISTENING} at once.
	 * @return {@code <prefix>:listening}
	 */
	public String listening() {
		return this.prefix + ":listening";
	}

}
