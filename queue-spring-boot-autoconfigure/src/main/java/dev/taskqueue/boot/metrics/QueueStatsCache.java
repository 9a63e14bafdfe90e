package dev.taskqueue.boot.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.taskqueue.QueueStats;

/**
 * Remembers each queue's {@link QueueStats} for a short time, so that the several gauges
 * of one queue read during one scrape share a single backend call. A failing call is
 * remembered as long: the gauge reads of that scrape fail at once (Micrometer then
 * reports NaN) instead of each asking a backend that cannot answer. Thread-safe.
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
		if (entry == null || now - entry.readAt() >= this.maxAgeNanos) {
			entry = read(queue, now);
			this.entries.put(queue, entry);
		}
		if (entry.failure() != null) {
			throw entry.failure();
		}
		return entry.stats();
	}

	private Entry read(String queue, long now) {
		try {
			return new Entry(this.source.apply(queue), null, now);
		}
		catch (RuntimeException ex) {
			return new Entry(null, ex, now);
		}
	}

	private record Entry(QueueStats stats, RuntimeException failure, long readAt) {

	}

}
