package dev.taskqueue.spi;

import java.time.Duration;

/**
 * How many finished tasks of one kind a backend keeps, and for how long. The older ones
 * are removed as new ones finish.
 *
 * @param maxCount keep at most this many per queue ({@code 0} keeps none)
 * @param maxAge remove those finished longer ago than this
 */
public record Retention(long maxCount, Duration maxAge) {

	/**
	 * Validates the values.
	 * @param maxCount at least 0
	 * @param maxAge positive
	 */
	public Retention {
		if (maxCount < 0) {
			throw new IllegalArgumentException("retention max-count must not be negative, was " + maxCount);
		}
		if (maxAge == null || maxAge.isNegative()) {
			throw new IllegalArgumentException("retention max-age must not be negative, was " + maxAge);
		}
	}

}
