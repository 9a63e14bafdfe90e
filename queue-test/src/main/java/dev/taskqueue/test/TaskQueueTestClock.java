package dev.taskqueue.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskqueue.TaskLimits;

/**
 * The task queue's clock in tests: the system clock plus an offset that
 * {@link #advance(Duration)} increases. Time keeps running, so workers, leases and
 * awaiting with a timeout behave as in production, while a test can jump ahead to make
 * delayed tasks, retries and schedules due without sleeping.
 * <p>
 * Time only moves forward: there is no way to turn the offset back, since task ids are
 * ordered by time and a backend's records (due times, leases, schedules) assume time does
 * not go backwards. Tests compare times relative to {@link #instant()}. Thread-safe.
 */
public final class TaskQueueTestClock extends Clock {

	private final Clock base;

	private final AtomicReference<Duration> offset;

	/** A clock that follows the system clock in UTC, with no offset yet. */
	public TaskQueueTestClock() {
		this(Clock.systemUTC(), new AtomicReference<>(Duration.ZERO));
	}

	private TaskQueueTestClock(Clock base, AtomicReference<Duration> offset) {
		this.base = base;
		this.offset = offset;
	}

	/**
	 * Moves the clock ahead.
	 * @param amount how far, zero or more
	 * @return the new time
	 * @throws IllegalArgumentException if the amount is negative, or would move the clock
	 * past {@link TaskLimits#MAX_INSTANT} (the clock is then left where it was)
	 */
	public Instant advance(Duration amount) {
		Objects.requireNonNull(amount, "amount must not be null");
		if (amount.isNegative()) {
			throw new IllegalArgumentException("the task queue's clock only moves forward; got " + amount);
		}
		Duration moved = this.offset.updateAndGet((current) -> {
			Instant now = this.base.instant();
			if (Duration.between(now, TaskLimits.MAX_INSTANT).minus(current).compareTo(amount) < 0) {
				throw new IllegalArgumentException(
						"advancing by " + amount + " would move the task queue's clock past " + TaskLimits.MAX_INSTANT);
			}
			return current.plus(amount);
		});
		return this.base.instant().plus(moved);
	}

	/**
	 * How far ahead of the system clock this clock is.
	 * @return the sum of every advance so far
	 */
	public Duration offset() {
		return this.offset.get();
	}

	@Override
	public Instant instant() {
		return this.base.instant().plus(this.offset.get());
	}

	@Override
	public ZoneId getZone() {
		return this.base.getZone();
	}

	/**
	 * This clock in another zone, sharing its offset.
	 * @param zone the zone
	 * @return a clock that moves with this one
	 */
	@Override
	public Clock withZone(ZoneId zone) {
		return new TaskQueueTestClock(this.base.withZone(zone), this.offset);
	}

	@Override
	public String toString() {
		return "TaskQueueTestClock[" + ZoneOffset.UTC + " + " + this.offset.get() + "]";
	}

}
