package dev.taskqueue;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts and metrics of one queue (or of all queues, for totals).
 *
 * @param queue the queue name, or {@code null} for the total
 * @param counts tasks by status; every status is present
 * @param countsByType tasks by type and status, sorted by type: each type that has tasks,
 * with every status present; a type without tasks is absent
 * @param paused whether the queue is paused (for totals: whether any is)
 * @param oldestWaitingSince when the task that has waited longest became ready, or
 * {@code null}
 * @param metrics processing figures since the backend started keeping them
 */
public record QueueStats(String queue, Map<TaskStatus, Long> counts, Map<String, Map<TaskStatus, Long>> countsByType,
		boolean paused, Instant oldestWaitingSince, Metrics metrics) {

	/**
	 * Copies the maps: every status present in each type's counts (missing ones are 0),
	 * types without tasks dropped, types sorted by name.
	 * @param queue the queue
	 * @param counts the counts
	 * @param countsByType the counts per type
	 * @param paused whether paused
	 * @param oldestWaitingSince the oldest ready time
	 * @param metrics the metrics
	 */
	public QueueStats {
		counts = Map.copyOf(counts);
		Map<String, Map<TaskStatus, Long>> byType = new TreeMap<>();
		countsByType.forEach((type, byStatus) -> {
			Map<TaskStatus, Long> copy = new EnumMap<>(TaskStatus.class);
			long total = 0;
			for (TaskStatus status : TaskStatus.values()) {
				long count = byStatus.getOrDefault(status, 0L);
				copy.put(status, count);
				total += count;
			}
			if (total != 0) {
				byType.put(type, Collections.unmodifiableMap(copy));
			}
		});
		countsByType = Collections.unmodifiableMap(byType);
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
	 * The count of one type and status.
	 * @param type the task type
	 * @param status the status
	 * @return the count (0 for a type without tasks)
	 */
	public long count(String type, TaskStatus status) {
		Map<TaskStatus, Long> byStatus = this.countsByType.get(type);
		return (byStatus != null) ? byStatus.get(status) : 0L;
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
