package dev.taskqueue.boot.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.taskqueue.QueueStats;

/**
 * Remembers each queue's {@link QueueStats} for a short time, so that the several gauges
 * of one queue read during one scrape share a single backend call. Thread-safe; a failing
 * backend call is not cached and fails the gauge read (Micrometer then reports NaN).
 */
final class QueueStatsCache {

	private final Function<String, QueueStats> source;

	private final long maxAgeNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	QueueStatsCache(Function<String, QueueStats> source, Duration maxAge, LongSupplier nanoTime) {
		this.source = source;
		this.maxAgeNanos = maxAge.toNanos();
		this.nanoTime = nanoTime;
	}

	QueueStats get(String queue) {
		long now = this.nanoTime.getAsLong();
		Entry entry = this.entries.get(queue);
		if (entry != null && now - entry.readAt() < this.maxAgeNanos) {
			return entry.stats();
		}
		QueueStats stats = this.source.apply(queue);
		this.entries.put(queue, new Entry(stats, now));
		return stats;
	}

	private record Entry(QueueStats stats, long readAt) {

	}

}
