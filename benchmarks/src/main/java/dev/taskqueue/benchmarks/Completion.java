package dev.taskqueue.benchmarks;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts runs of the no-op work from any thread and lets one thread wait for the
 * {@code n}-th. The same counter serves the engine's handlers and the bare executor, so
 * both pay the same for it.
 */
final class Completion {

	private final long n;

	private final AtomicLong count = new AtomicLong();

	private final CountDownLatch done = new CountDownLatch(1);

	Completion(long n) {
		this.n = n;
	}

	void ran() {
		if (this.count.incrementAndGet() == this.n) {
			this.done.countDown();
		}
	}

	long count() {
		return this.count.get();
	}

	void await(Duration timeout) {
		try {
			if (!this.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(
						"only " + this.count.get() + " of " + this.n + " ran within " + timeout.toSeconds() + "s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
