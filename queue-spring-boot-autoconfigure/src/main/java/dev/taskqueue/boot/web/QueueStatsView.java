package dev.taskqueue.boot.web;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import dev.taskqueue.QueueStats;
import dev.taskqueue.TaskStatus;

/**
 * The JSON form of one queue's stats, or of the total over all queues.
 *
 * @param counts tasks by lower-case status, every status present, in life-cycle order
 * @param types tasks by type (sorted by name) and lower-case status (every status
 * present, in life-cycle order); only the types that have tasks
 * @param paused whether the queue is paused (for the total: whether any queue is)
 * @param oldestWaitingSince when the task that has waited longest became ready, or
 * {@code null}
 * @param metrics processing figures
 */
record QueueStatsView(Map<String, Long> counts, Map<String, Map<String, Long>> types, boolean paused,
		Instant oldestWaitingSince, QueueStats.Metrics metrics) {

	static QueueStatsView of(QueueStats stats) {
		return new QueueStatsView(counts(stats.counts()), types(stats.countsByType()), stats.paused(),
				stats.oldestWaitingSince(), stats.metrics());
	}

	/**
	 * Adds the stats of several queues up. The total's peak concurrency is the sum of the
	 * queues' peaks, an upper bound: the queues may have peaked at different times.
	 * @param all the stats of every queue
	 * @return the total
	 */
	static QueueStatsView total(Collection<QueueStats> all) {
		Map<TaskStatus, Long> counts = new LinkedHashMap<>();
		Map<String, Map<TaskStatus, Long>> byType = new TreeMap<>();
		boolean paused = false;
		Instant oldest = null;
		long processed = 0;
		long failed = 0;
		double processingMillis = 0;
		long current = 0;
		long peak = 0;
		for (QueueStats stats : all) {
			stats.counts().forEach((status, count) -> counts.merge(status, count, Long::sum));
			stats.countsByType()
				.forEach((type, byStatus) -> byStatus
					.forEach((status, count) -> byType.computeIfAbsent(type, (name) -> new LinkedHashMap<>())
						.merge(status, count, Long::sum)));
			paused |= stats.paused();
			if (stats.oldestWaitingSince() != null && (oldest == null || stats.oldestWaitingSince().isBefore(oldest))) {
				oldest = stats.oldestWaitingSince();
			}
			QueueStats.Metrics metrics = stats.metrics();
			if (metrics != null) {
				processed += metrics.processed();
				failed += metrics.failed();
				processingMillis += metrics.avgProcessingMillis() * metrics.processed();
				current += metrics.currentConcurrency();
				peak += metrics.peakConcurrency();
			}
		}
		double successRate = (processed > 0) ? (double) (processed - failed) / processed : 1;
		double average = (processed > 0) ? processingMillis / processed : 0;
		return new QueueStatsView(counts(counts), types(byType), paused, oldest,
				new QueueStats.Metrics(processed, failed, successRate, average, current, peak));
	}

	static Map<String, Map<String, Long>> types(Map<String, Map<TaskStatus, Long>> countsByType) {
		Map<String, Map<String, Long>> byName = new TreeMap<>();
		countsByType.forEach((type, counts) -> byName.put(type, counts(counts)));
		return byName;
	}

	static Map<String, Long> counts(Map<TaskStatus, Long> counts) {
		Map<String, Long> byName = new LinkedHashMap<>();
		for (TaskStatus status : TaskStatus.values()) {
			byName.put(status.value(), counts.getOrDefault(status, 0L));
		}
		return byName;
	}

}
