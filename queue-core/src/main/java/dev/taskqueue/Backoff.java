package dev.taskqueue;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How long to wait before the next attempt of a failed task.
 *
 * @param kind fixed or exponential
 * @param delay the delay after the first failure
 * @param maxDelay the longest delay, for exponential backoff
 * @param jitter the fraction (0 to 1) of each delay that is randomised away, to spread
 * retries
 */
public record Backoff(Kind kind, Duration delay, Duration maxDelay, double jitter) {

	/** The kinds of backoff. */
	public enum Kind {

		/** The same delay before every retry. */
		FIXED,

		/** The delay doubles after each failure, up to the maximum. */
		EXPONENTIAL;

		/**
		 * The JSON form.
		 * @return the lower-case name
		 */
		@JsonValue
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		/**
		 * Parses a kind, case-insensitively.
		 * @param text {@code fixed} or {@code exponential}
		 * @return the kind
		 */
		@JsonCreator
		public static Kind parse(String text) {
			try {
				return valueOf(text.trim().toUpperCase(Locale.ROOT));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException("backoff '" + text + "' is neither fixed nor exponential");
			}
		}

	}

	/**
	 * Validates the values.
	 * @param kind fixed or exponential
	 * @param delay the first delay
	 * @param maxDelay the longest delay
	 * @param jitter 0 to 1
	 */
	public Backoff {
		Objects.requireNonNull(kind, "backoff kind must not be null");
		Objects.requireNonNull(delay, "backoff delay must not be null");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("backoff delay must not be negative, was " + delay);
		}
		TaskLimits.checkDuration("backoff delay", delay);
		if (maxDelay == null) {
			maxDelay = delay;
		}
		if (maxDelay.compareTo(delay) < 0) {
			throw new IllegalArgumentException(
					"backoff max delay " + maxDelay + " must not be shorter than the delay " + delay);
		}
		TaskLimits.checkDuration("backoff max delay", maxDelay);
		if (jitter < 0 || jitter > 1 || Double.isNaN(jitter)) {
			throw new IllegalArgumentException("backoff jitter must be between 0 and 1, was " + jitter);
		}
	}

	/**
	 * The same delay before every retry.
	 * @param delay the delay
	 * @return the backoff
	 */
	public static Backoff fixed(Duration delay) {
		return new Backoff(Kind.FIXED, delay, delay, 0);
	}

	/**
	 * A delay that doubles after each failure, without a practical cap (one day).
	 * @param delay the first delay
	 * @return the backoff
	 */
	public static Backoff exponential(Duration delay) {
		return exponential(delay, Duration.ofDays(1).compareTo(delay) > 0 ? Duration.ofDays(1) : delay);
	}

	/**
	 * A delay that doubles after each failure, up to a maximum.
	 * @param delay the first delay
	 * @param maxDelay the longest delay
	 * @return the backoff
	 */
	public static Backoff exponential(Duration delay, Duration maxDelay) {
		return new Backoff(Kind.EXPONENTIAL, delay, maxDelay, 0);
	}

	/**
	 * This backoff with jitter.
	 * @param jitter the fraction (0 to 1) of each delay that is randomised away
	 * @return a new backoff
	 */
	public Backoff withJitter(double jitter) {
		return new Backoff(this.kind, this.delay, this.maxDelay, jitter);
	}

	/**
	 * The delay before the next attempt.
	 * @param failedAttempt the attempt that just failed, 1 for the first
	 * @param random a number in [0, 1) used for the jitter
	 * @return the delay
	 */
	public Duration delayAfter(int failedAttempt, double random) {
		long base = this.delay.toMillis();
		long millis;
		if (this.kind == Kind.FIXED) {
			millis = base;
		}
		else {
			int shift = Math.min(Math.max(failedAttempt - 1, 0), 62);
			long max = this.maxDelay.toMillis();
			millis = (base > 0 && (max >> shift) < base) ? max : Math.min(max, base << shift);
		}
		if (this.jitter > 0) {
			millis -= (long) (millis * this.jitter * random);
		}
		return Duration.ofMillis(millis);
	}

}
