package dev.taskqueue.contract;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds handlers until the test opens it, and tells the test how many are held and
 * whether any was interrupted. Thread-safe.
 */
public final class Gate {

	private static final long LONGEST_WAIT_SECONDS = 30;

	private final CountDownLatch open = new CountDownLatch(1);

	private final AtomicInteger entered = new AtomicInteger();

	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicInteger interrupted = new AtomicInteger();

	/**
	 * Waits until the gate opens.
	 * @throws InterruptedException if the handler's thread is interrupted (counted)
	 * @throws IllegalStateException if the gate stays shut for very long
	 */
	public void pass() throws InterruptedException {
		this.entered.incrementAndGet();
		this.waiting.incrementAndGet();
		try {
			if (!this.open.await(LONGEST_WAIT_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the test never opened the gate");
			}
		}
		catch (InterruptedException ex) {
			this.interrupted.incrementAndGet();
			throw ex;
		}
		finally {
			this.waiting.decrementAndGet();
		}
	}

	/** Lets every handler through, now and later. */
	public void open() {
		this.open.countDown();
	}

	/**
	 * How many handlers reached the gate so far.
	 * @return the count
	 */
	public int entered() {
		return this.entered.get();
	}

	/**
	 * How many handlers wait at the gate now.
	 * @return the count
	 */
	public int waiting() {
		return this.waiting.get();
	}

	/**
	 * How many handlers were interrupted while waiting.
	 * @return the count
	 */
	public int interrupted() {
		return this.interrupted.get();
	}

}
