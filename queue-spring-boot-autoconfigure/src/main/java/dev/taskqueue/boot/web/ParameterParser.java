package dev.taskqueue.boot.web;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

import org.springframework.boot.convert.DurationStyle;

import dev.taskqueue.QueueThroughput;
import dev.taskqueue.TaskLimits;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;

/**
 * Parses the text values of REST parameters and body fields, failing with an
 * {@link InvalidParameterException} that names the parameter.
 */
final class ParameterParser {

	/** The minutes of history a metrics request gets when it does not say. */
	static final int DEFAULT_MINUTES = 60;

	private ParameterParser() {
	}

	/**
	 * A comma-separated list of statuses.
	 * @param name the parameter name
	 * @param text the value, or {@code null}
	 * @return the statuses, empty when the value is absent or blank
	 */
	static Set<TaskStatus> statuses(String name, String text) {
		Set<TaskStatus> statuses = EnumSet.noneOf(TaskStatus.class);
		if (text == null) {
			return statuses;
		}
		for (String part : text.split(",")) {
			if (!part.isBlank()) {
				try {
					statuses.add(TaskStatus.parse(part));
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidParameterException(name, name + ": " + ex.getMessage(), ex);
				}
			}
		}
		return statuses;
	}

	/**
	 * A page size.
	 * @param name the parameter name
	 * @param text the value, or {@code null} for the default
	 * @return the page size
	 */
	static int limit(String name, String text) {
		return integer(name, text, TaskQuery.DEFAULT_LIMIT, TaskQuery.MAX_LIMIT, "");
	}

	/**
	 * How many minutes of history.
	 * @param name the parameter name
	 * @param text the value, or {@code null} for the default, 60
	 * @return the minutes
	 */
	static int minutes(String name, String text) {
		return integer(name, text, DEFAULT_MINUTES, QueueThroughput.MAX_MINUTES, " (24 hours)");
	}

	/** An integer from 1 to {@code max}; blank or absent: the default. */
	private static int integer(String name, String text, int defaultValue, int max, String maxMeaning) {
		if (text == null || text.isBlank()) {
			return defaultValue;
		}
		try {
			int value = Integer.parseInt(text.trim());
			if (value >= 1 && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidParameterException(name,
				name + " must be an integer between 1 and " + max + maxMeaning + ", was '" + text + "'");
	}

	/**
	 * A duration, in ISO-8601 ({@code PT5S}) or simple ({@code 5s}, {@code 500ms},
	 * {@code 2m}, {@code 1h}, {@code 1d}) form; a bare number is milliseconds.
	 * @param name the parameter name
	 * @param text the value, or {@code null}
	 * @return the duration, or {@code null} when the value is absent
	 */
	static Duration duration(String name, String text) {
		if (text == null) {
			return null;
		}
		Duration duration;
		try {
			duration = DurationStyle.detectAndParse(text.trim());
		}
		catch (RuntimeException ex) {
			throw new InvalidParameterException(name,
					name + " '" + text
							+ "' is not a duration; use ISO-8601 such as PT5S or a value such as 500ms, 5s, 2m, 1h, 1d",
					ex);
		}
		if (duration.isNegative()) {
			throw new InvalidParameterException(name, name + " must not be negative, was " + text);
		}
		return inRange(name, () -> TaskLimits.checkDuration(name, duration));
	}

	/**
	 * An ISO-8601 instant such as {@code 2030-01-01T08:00:00Z}.
	 * @param name the parameter name
	 * @param text the value, or {@code null}
	 * @return the instant, or {@code null} when the value is absent
	 */
	static Instant instant(String name, String text) {
		if (text == null) {
			return null;
		}
		Instant instant;
		try {
			instant = Instant.parse(text.trim());
		}
		catch (DateTimeParseException ex) {
			throw new InvalidParameterException(name,
					name + " '" + text + "' is not an ISO-8601 instant such as 2030-01-01T08:00:00Z", ex);
		}
		return inRange(name, () -> TaskLimits.checkInstant(name, instant));
	}

	private static <T> T inRange(String name, Supplier<T> check) {
		try {
			return check.get();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException(name, ex.getMessage(), ex);
		}
	}

}
