package dev.taskqueue.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for tests: stands still until moved. Thread-safe.
 */
public final class SettableClock extends Clock {

	private final AtomicReference<Instant> now;

	/**
	 * A clock at the given instant.
	 * @param start the instant
	 */
	public SettableClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	/**
	 * A clock at the current system time.
	 */
	public SettableClock() {
		this(Instant.now());
	}

	/**
	 * Moves the clock forward.
	 * @param amount how far
	 * @return the new time
	 */
	public Instant advance(Duration amount) {
		return this.now.updateAndGet((instant) -> instant.plus(amount));
	}

	/**
	 * Sets the time.
	 * @param instant the new time
	 */
	public void set(Instant instant) {
		this.now.set(instant);
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return this;
	}

}
