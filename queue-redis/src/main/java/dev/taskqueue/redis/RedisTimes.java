package dev.taskqueue.redis;

import java.time.Instant;

/**
 * How instants are written in Redis: epoch milliseconds, with six more digits of
 * nanoseconds when there are any ({@code 1893456000000} or {@code 1893456000000.000250}).
 * Redis reads such a string as a sorted-set score, and Java reads back the exact instant
 * it wrote.
 */
final class RedisTimes {

	private RedisTimes() {
	}

	static String format(Instant instant) {
		long millis = instant.getEpochSecond() * 1000 + instant.getNano() / 1_000_000;
		int nanos = instant.getNano() % 1_000_000;
		if (nanos == 0) {
			return Long.toString(millis);
		}
		String fraction = Integer.toString(nanos);
		return millis + "." + "000000".substring(fraction.length()) + fraction;
	}

	/**
	 * An instant as whole epoch milliseconds, rounded up: for lease expiries, kept in a
	 * sorted set whose small form Redis compares by parsing each score (an integer is
	 * read directly, a number with a fraction through {@code strtod}).
	 * @param instant the instant
	 * @return the milliseconds, never before the instant
	 */
	static String ceilMillis(Instant instant) {
		long millis = instant.getEpochSecond() * 1000 + instant.getNano() / 1_000_000;
		return Long.toString((instant.getNano() % 1_000_000 == 0) ? millis : millis + 1);
	}

	static Instant parse(String text) {
		int dot = text.indexOf('.');
		if (dot < 0) {
			return Instant.ofEpochMilli(Long.parseLong(text));
		}
		String fraction = (text.substring(dot + 1) + "000000").substring(0, 6);
		return Instant.ofEpochMilli(Long.parseLong(text.substring(0, dot))).plusNanos(Integer.parseInt(fraction));
	}

}
