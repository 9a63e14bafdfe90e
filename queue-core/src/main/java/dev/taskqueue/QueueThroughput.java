package dev.taskqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How many tasks of one queue completed and how many failed for good, per minute, over
 * the last minutes; shared by every instance on a shared backend. A minute is
 * {@code floor(epochMillis / 60000)} of the backend's clock when the task finished. A
 * failure counts only when the task ends {@code failed} (its last attempt failed, it
 * stalled too often, or no instance had its handler): an attempt followed by a retry
 * counts in neither list, nor does a cancellation. Backends keep the last
 * {@value #MAX_MINUTES} minutes.
 *
 * @param queue the queue
 * @param from the start of the oldest bucket (a whole minute)
 * @param interval the length of each bucket: one minute
 * @param completed tasks that completed, per bucket, oldest first; the last bucket is the
 * current minute
 * @param failed tasks that failed for good, per bucket, as {@code completed}
 */
public record QueueThroughput(String queue, Instant from, Duration interval, List<Long> completed, List<Long> failed) {

	/** The most minutes a backend keeps and a caller may ask for: 24 hours. */
	public static final int MAX_MINUTES = 1440;

	/** The length of a bucket. */
	public static final Duration MINUTE = Duration.ofMinutes(1);

	/**
	 * Copies the lists.
	 * @param queue the queue
	 * @param from the start of the oldest bucket
	 * @param interval the bucket length
	 * @param completed completed per bucket
	 * @param failed failed per bucket
	 * @throws IllegalArgumentException if the lists differ in length
	 */
	public QueueThroughput {
		Objects.requireNonNull(queue, "queue must not be null");
		Objects.requireNonNull(from, "from must not be null");
		Objects.requireNonNull(interval, "interval must not be null");
		completed = List.copyOf(completed);
		failed = List.copyOf(failed);
		if (completed.size() != failed.size()) {
			throw new IllegalArgumentException("completed and failed must have one value per bucket, had "
					+ completed.size() + " and " + failed.size());
		}
	}

	/**
	 * Checks how many minutes of history are asked for.
	 * @param minutes the minutes
	 * @return the minutes
	 * @throws IllegalArgumentException unless 1 to {@value #MAX_MINUTES}
	 */
	public static int checkMinutes(int minutes) {
		if (minutes < 1 || minutes > MAX_MINUTES) {
			throw new IllegalArgumentException(
					"minutes must be between 1 and " + MAX_MINUTES + " (24 hours), was " + minutes);
		}
		return minutes;
	}

	/**
	 * The minute an instant falls in: {@code floor(epochMillis / 60000)}.
	 * @param instant the instant
	 * @return the minute number
	 */
	public static long minuteOf(Instant instant) {
		return Math.floorDiv(instant.toEpochMilli(), MINUTE.toMillis());
	}

	/**
	 * A history from counts per minute, as backends keep them.
	 * @param queue the queue
	 * @param firstMinute the minute number ({@link #minuteOf(Instant)}) of the oldest
	 * bucket
	 * @param completed completed per minute from {@code firstMinute} on
	 * @param failed failed per minute from {@code firstMinute} on
	 * @return the history
	 */
	public static QueueThroughput ofMinutes(String queue, long firstMinute, long[] completed, long[] failed) {
		return new QueueThroughput(queue, Instant.ofEpochMilli(Math.multiplyExact(firstMinute, MINUTE.toMillis())),
				MINUTE, boxed(completed), boxed(failed));
	}

	private static List<Long> boxed(long[] values) {
		Long[] boxed = new Long[values.length];
		for (int i = 0; i < values.length; i++) {
			boxed[i] = values[i];
		}
		return List.of(boxed);
	}

}
