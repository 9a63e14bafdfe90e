package dev.taskqueue;

import java.time.Instant;
import java.util.Map;

/**
 * Counts and metrics of one queue (or of all queues, for totals).
 *
 * @param queue the queue name, or {@code null} for the total
 * @param counts tasks by status; every status is present
 * @param paused whether the queue is paused (for totals: whether any is)
 * @param oldestWaitingSince when the task that has waited longest became ready, or
 * {@code null}
 * @param metrics processing figures since the backend started keeping them
 */
public record QueueStats(String queue, Map<TaskStatus, Long> counts, boolean paused, Instant oldestWaitingSince,
		Metrics metrics) {

	/**
	 * Copies the map.
	 * @param queue the queue
	 * @param counts the counts
	 * @param paused whether paused
	 * @param oldestWaitingSince the oldest ready time
	 * @param metrics the metrics
	 */
	public QueueStats {
		counts = Map.copyOf(counts);
	}

	/**
	 * The count of one status.
	 * @param status the status
	 * @return the count
	 */
	public long count(TaskStatus status) {
		return this.counts.getOrDefault(status, 0L);
	}

	/**
	 * Processing figures.
	 *
	 * @param processed tasks that reached completed or failed
	 * @param failed tasks that reached failed
	 * @param successRate completed divided by processed (1 when none)
	 * @param avgProcessingMillis mean duration of the last attempt of processed tasks
	 * @param currentConcurrency tasks running now
	 * @param peakConcurrency the most tasks seen running at once
	 */
	public record Metrics(long processed, long failed, double successRate, double avgProcessingMillis,
			long currentConcurrency, long peakConcurrency) {

	}

}
