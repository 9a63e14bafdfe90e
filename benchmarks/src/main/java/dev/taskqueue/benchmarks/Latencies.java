package dev.taskqueue.benchmarks;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records latencies in nanoseconds from any thread, up to a fixed count, and reports
 * percentiles in microseconds. The percentile is the sample at rank
 * {@code ceil(p/100 * count)}, as in BullMQ's peer benchmark.
 */
final class Latencies {

	private final long[] nanos;

	private final AtomicInteger count = new AtomicInteger();

	Latencies(int capacity) {
		this.nanos = new long[capacity];
	}

	void record(long latencyNanos) {
		int i = this.count.getAndIncrement();
		if (i < this.nanos.length) {
			this.nanos[i] = latencyNanos;
		}
	}

	int count() {
		return Math.min(this.count.get(), this.nanos.length);
	}

	/**
	 * The percentiles of what was recorded.
	 * @return p50, p99, p999 and max in microseconds
	 */
	Percentiles percentiles() {
		long[] sorted = Arrays.copyOf(this.nanos, count());
		Arrays.sort(sorted);
		return new Percentiles(micros(sorted, 50), micros(sorted, 99), micros(sorted, 99.9),
				(sorted.length > 0) ? sorted[sorted.length - 1] / 1000.0 : Double.NaN);
	}

	private static double micros(long[] sorted, double percentile) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank))] / 1000.0;
	}

	/**
	 * Latency percentiles in microseconds.
	 *
	 * @param p50 the median
	 * @param p99 the 99th percentile
	 * @param p999 the 99.9th percentile
	 * @param max the largest
	 */
	record Percentiles(double p50, double p99, double p999, double max) {

	}

}
