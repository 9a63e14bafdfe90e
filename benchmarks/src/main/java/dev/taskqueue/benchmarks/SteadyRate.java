package dev.taskqueue.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs an action at a steady rate, open loop: the i-th run is due at {@code i / rate}
 * seconds after the start, whether or not earlier ones have finished, as BullMQ's latency
 * benchmark adds jobs without awaiting them.
 */
final class SteadyRate {

	private SteadyRate() {
	}

	/**
	 * Runs the action {@code total} times at {@code perSecond}.
	 * @param total how many runs
	 * @param perSecond the rate
	 * @param producers threads that run the action (the pacing thread hands each run to
	 * one of them), or 0 to run it on the pacing thread
	 * @param action takes the run's index
	 * @return the nanoseconds from the first run's due time to the last run's start
	 */
	static long run(int total, int perSecond, int producers, IntConsumer action) {
		ExecutorService pool = (producers > 0) ? Executors.newFixedThreadPool(producers) : null;
		double period = 1e9 / perSecond;
		long start = System.nanoTime();
		try {
			for (int i = 0; i < total; i++) {
				long due = start + (long) (i * period);
				long wait;
				while ((wait = due - System.nanoTime()) > 0) {
					if (wait > 100_000) {
						LockSupport.parkNanos(wait - 60_000);
					}
					else {
						Thread.onSpinWait();
					}
				}
				int index = i;
				if (pool != null) {
					pool.execute(() -> action.accept(index));
				}
				else {
					action.accept(index);
				}
			}
			return System.nanoTime() - start;
		}
		finally {
			if (pool != null) {
				pool.shutdown();
				try {
					pool.awaitTermination(1, TimeUnit.MINUTES);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}
	}

}
