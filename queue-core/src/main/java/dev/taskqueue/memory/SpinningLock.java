package dev.taskqueue.memory;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The in-memory backend's one lock: a {@link ReentrantLock} whose {@link #lock()} spins
 * for a few microseconds before it parks. The backend holds it for a short step at a
 * time, so a thread that finds it taken usually gets it sooner by waiting on the CPU than
 * by parking and being woken (a context switch for each). Its conditions, and
 * {@link #lockInterruptibly()}, are those of any {@link ReentrantLock}. Thread-safe.
 */
final class SpinningLock extends ReentrantLock {

	private static final long serialVersionUID = 1L;

	/**
	 * How long a thread that finds the lock taken spins before it parks (not at all on
	 * one CPU, where the holder cannot run meanwhile).
	 */
	private static final long SPIN_NANOS = (Runtime.getRuntime().availableProcessors() > 1) ? 5_000 : 0;

	@Override
	public void lock() {
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
		super.lock();
	}

	/**
	 * Runs a step holding the lock.
	 * @param <T> what the step returns
	 * @param step the step
	 * @return what it returned
	 */
	<T> T locked(Supplier<T> step) {
		lock();
		try {
			return step.get();
		}
		finally {
			unlock();
		}
	}

}
