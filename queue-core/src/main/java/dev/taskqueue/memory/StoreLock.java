package dev.taskqueue.memory;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The one lock of an in-memory backend, which guards all its state. It is held for a
 * short step at a time, so a thread that finds it taken spins for a few microseconds
 * before it parks: it usually gets the lock sooner on the CPU than by parking and being
 * woken (a context switch for each).
 */
final class StoreLock extends ReentrantLock {

	private static final long serialVersionUID = 1L;

	/**
	 * How long a thread that finds the lock taken spins before it parks (not at all on
	 * one CPU, where the holder cannot run meanwhile).
	 */
	private static final long SPIN_NANOS = (Runtime.getRuntime().availableProcessors() > 1) ? 5_000 : 0;

	/** Takes the lock, spinning a little before parking. */
	void lockSpinning() {
		if (tryLock()) {
			return;
		}
		long deadline = System.nanoTime() + SPIN_NANOS;
		while (System.nanoTime() - deadline < 0) {
			Thread.onSpinWait();
			if (!isLocked() && tryLock()) {
				return;
			}
		}
		lock();
	}

	/**
	 * Runs a step holding the lock.
	 * @param <T> what the step returns
	 * @param step the step
	 * @return what it returned
	 */
	<T> T locked(Supplier<T> step) {
		lockSpinning();
		try {
			return step.get();
		}
		finally {
			unlock();
		}
	}

}
