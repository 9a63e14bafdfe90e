package dev.taskqueue.boot.web;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.taskqueue.QueueStats;
import dev.taskqueue.TaskStatus;

/**
 * The JSON form of one queue's stats, or of the total over all queues.
 *
 * @param counts tasks by lower-case status, every status present, in life-cycle order
 * @param paused whether the queue is paused (for the total: whether any queue is)
 * @param oldestWaitingSince when the task that has waited longest became ready, or
 * {@code null}
 * @param metrics processing figures
 */
record QueueStatsView(Map<String, Long> counts, boolean paused, Instant oldestWaitingSince,
		QueueStats.Metrics metrics) {

	static QueueStatsView of(QueueStats stats) {
		return new QueueStatsView(counts(stats.counts()), stats.paused(), stats.oldestWaitingSince(), stats.metrics());
	}

	/**
	 * Adds the stats of several queues up. The total's peak concurrency is the sum of the
	 * queues' peaks, an upper bound: the queues may have peaked at different times.
	 * @param all the stats of every queue
	 * @return the total
	 */
	static QueueStatsView total(Collection<QueueStats> all) {
		Map<TaskStatus, Long> counts = new LinkedHashMap<>();
		boolean paused = false;
		Instant oldest = null;
		long processed = 0;
		long failed = 0;
		double processingMillis = 0;
		long current = 0;
		long peak = 0;
		for (QueueStats stats : all) {
			stats.counts().forEach((status, count) -> counts.merge(status, count, Long::sum));
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
		return new QueueStatsView(counts(counts), paused, oldest,
				new QueueStats.Metrics(processed, failed, successRate, average, current, peak));
	}

	static Map<String, Long> counts(Map<TaskStatus, Long> counts) {
		Map<String, Long> byName = new LinkedHashMap<>();
		for (TaskStatus status : TaskStatus.values()) {
			byName.put(status.value(), counts.getOrDefault(status, 0L));
		}
		return byName;
	}

}
