package dev.taskqueue.memory;

import java.time.Instant;
import java.util.Arrays;

import dev.taskqueue.QueueThroughput;

/**
 * One queue's tasks completed and failed for good per minute, for the last
 * {@link QueueThroughput#MAX_MINUTES} minutes: a ring of that many buckets, the bucket of
 * minute {@code m} at {@code m mod MAX_MINUTES}, each tagged with the minute it counts,
 * so that a bucket whose minute is a day old is reset when its slot is used again and
 * reads as zero before. Memory is bounded (three arrays of 1,440 longs, made on the first
 * count) and nothing needs sweeping. Not thread-safe: guarded by the backend's lock.
 */
final class ThroughputHistory {

	private static final int SIZE = QueueThroughput.MAX_MINUTES;

	/** The minute each bucket counts ({@code Long.MIN_VALUE}: none yet). */
	private long[] minutes;

	private long[] completed;

	private long[] failed;

	/**
	 * Counts a task that reached completed or failed.
	 * @param at the backend's time then
	 * @param isFailure whether it failed
	 */
	void count(Instant at, boolean isFailure) {
		if (this.minutes == null) {
			this.minutes = new long[SIZE];
			Arrays.fill(this.minutes, Long.MIN_VALUE);
			this.completed = new long[SIZE];
			this.failed = new long[SIZE];
		}
		long minute = QueueThroughput.minuteOf(at);
		int slot = (int) Math.floorMod(minute, (long) SIZE);
		if (this.minutes[slot] != minute) {
			if (this.minutes[slot] > minute) {
				// the clock went back over a day: that minute is no longer kept
				return;
			}
			this.minutes[slot] = minute;
			this.completed[slot] = 0;
			this.failed[slot] = 0;
		}
		if (isFailure) {
			this.failed[slot]++;
		}
		else {
			this.completed[slot]++;
		}
	}

	/**
	 * The history up to the minute of {@code now}.
	 * @param queue the queue's name
	 * @param now the backend's time
	 * @param count how many minutes (1 to {@link QueueThroughput#MAX_MINUTES})
	 * @return the history
	 */
	QueueThroughput read(String queue, Instant now, int count) {
		QueueThroughput.checkMinutes(count);
		long first = QueueThroughput.minuteOf(now) - count + 1;
		long[] completedPerMinute = new long[count];
		long[] failedPerMinute = new long[count];
		if (this.minutes != null) {
			for (int i = 0; i < count; i++) {
				long minute = first + i;
				int slot = (int) Math.floorMod(minute, (long) SIZE);
				if (this.minutes[slot] == minute) {
					completedPerMinute[i] = this.completed[slot];
					failedPerMinute[i] = this.failed[slot];
				}
			}
		}
		return QueueThroughput.ofMinutes(queue, first, completedPerMinute, failedPerMinute);
	}

}
