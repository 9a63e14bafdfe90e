package dev.taskqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The ranges of times and values every backend stores and computes with exactly. Values
 * outside them are refused where they enter (options, backoff, repeat, queue operations)
 * with an {@link IllegalArgumentException} that names the value and the range, so that no
 * backend overflows on them later (a far-future instant wrapping to the past, a timeout
 * too long for a timer, a backoff delay no clock can add).
 * <ul>
 * <li>Durations (delay, timeout, backoff delays, repeat interval, a clean's age): 0 to
 * {@link #MAX_DURATION}, 100 years.</li>
 * <li>Instants ({@code runAt}): {@link #MIN_INSTANT} to {@link #MAX_INSTANT}, the years
 * 1970 to 9999.</li>
 * <li>Payloads and results: nested at most {@link #MAX_JSON_DEPTH} levels deep, with
 * every string well-formed UTF-16 (no lone surrogate, which no backend can store as UTF-8
 * unchanged).</li>
 * <li>Concurrency of a queue on one engine: 1 to {@link #MAX_CONCURRENCY}, since each
 * unit of it is a thread the worker starts with the queue.</li>
 * </ul>
 */
public final class TaskLimits {

	/** The longest duration: 100 years of 365 days. */
	public static final Duration MAX_DURATION = Duration.ofDays(36_500);

	/** The earliest instant: 1970-01-01T00:00:00Z. */
	public static final Instant MIN_INSTANT = Instant.EPOCH;

	/** The latest instant: 9999-12-31T23:59:59.999Z. */
	public static final Instant MAX_INSTANT = Instant.parse("9999-12-31T23:59:59.999Z");

	/**
	 * The largest concurrency of one queue on one engine: a worker starts that many
	 * threads.
	 */
	public static final int MAX_CONCURRENCY = 10_000;

	/** How deeply a payload or a result may nest arrays and objects. */
	public static final int MAX_JSON_DEPTH = 100;

	private TaskLimits() {
	}

	/**
	 * Checks that a duration is between zero and {@link #MAX_DURATION}.
	 * @param name what the duration is, for the message (for example {@code timeout})
	 * @param duration the duration, or {@code null}
	 * @return the duration
	 * @throws IllegalArgumentException if it is negative or longer than the maximum
	 */
	public static Duration checkDuration(String name, Duration duration) {
		if (duration != null && (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0)) {
			throw new IllegalArgumentException(name + " must be between 0 and " + MAX_DURATION.toDays() + " days ("
					+ MAX_DURATION + "), was " + duration);
		}
		return duration;
	}

	/**
	 * Checks that an instant is between {@link #MIN_INSTANT} and {@link #MAX_INSTANT}.
	 * @param name what the instant is, for the message (for example {@code runAt})
	 * @param instant the instant, or {@code null}
	 * @return the instant
	 * @throws IllegalArgumentException if it is outside the range
	 */
	public static Instant checkInstant(String name, Instant instant) {
		if (instant != null && (instant.isBefore(MIN_INSTANT) || instant.isAfter(MAX_INSTANT))) {
			throw new IllegalArgumentException(
					name + " must be between " + MIN_INSTANT + " and " + MAX_INSTANT + ", was " + instant);
		}
		return instant;
	}

	/**
	 * Checks that a text is well-formed UTF-16: every surrogate is half of a pair.
	 * @param name what the text is, for the message
	 * @param text the text, or {@code null}
	 * @return the text
	 * @throws IllegalArgumentException if it holds a lone surrogate
	 */
	public static String checkText(String name, String text) {
		int at = (text != null) ? loneSurrogate(text) : -1;
		if (at >= 0) {
			throw new IllegalArgumentException(name + " " + surrogate(text, at));
		}
		return text;
	}

	/**
	 * Checks a JSON tree: nested at most {@link #MAX_JSON_DEPTH} levels, and every string
	 * and field name well-formed UTF-16.
	 * @param name what the tree is, for the message (for example {@code payload})
	 * @param node the tree, or {@code null}
	 * @return the tree
	 * @throws IllegalArgumentException if it nests too deeply or holds a lone surrogate,
	 * naming where
	 */
	public static JsonNode checkJson(String name, JsonNode node) {
		Problem problem = (node != null) ? problem(node, 0) : null;
		if (problem != null) {
			throw new IllegalArgumentException(problem.message(name));
		}
		return node;
	}

	/** What is wrong with a tree and where (a path such as {@code .items[2].name}). */
	private record Problem(String where, String what) {

		/** A deep tree's path is cut after this many characters. */
		private static final int MAX_PATH = 120;

		Problem under(String segment) {
			return new Problem(segment + this.where, this.what);
		}

		String message(String name) {
			String path = (this.where.length() > MAX_PATH) ? this.where.substring(0, MAX_PATH) + "..." : this.where;
			return name + path + " " + this.what;
		}

	}

	// Allocates nothing for a tree that passes; only a failure builds its path.
	private static Problem problem(JsonNode node, int depth) {
		if (node.isString()) {
			int at = loneSurrogate(node.stringValue());
			return (at >= 0) ? new Problem("", surrogate(node.stringValue(), at)) : null;
		}
		if (!node.isContainer()) {
			return null;
		}
		if (depth >= MAX_JSON_DEPTH) {
			return new Problem("", "is nested more than " + MAX_JSON_DEPTH + " levels deep (arrays and objects)");
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> field : node.properties()) {
				int at = loneSurrogate(field.getKey());
				if (at >= 0) {
					return new Problem("", "has a field name that " + surrogate(field.getKey(), at));
				}
				Problem problem = problem(field.getValue(), depth + 1);
				if (problem != null) {
					return problem.under("." + field.getKey());
				}
			}
			return null;
		}
		for (int i = 0; i < node.size(); i++) {
			Problem problem = problem(node.get(i), depth + 1);
			if (problem != null) {
				return problem.under("[" + i + "]");
			}
		}
		return null;
	}

	private static String surrogate(String text, int at) {
		return "holds a lone surrogate (\\u" + Integer.toHexString(text.charAt(at)) + " at index " + at
				+ "), which is not a character; send text as well-formed Unicode";
	}

	/**
	 * The index of the first lone surrogate of a text.
	 * @param text the text
	 * @return the index, or -1 when the text is well-formed
	 */
	static int loneSurrogate(CharSequence text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isSurrogate(c)) {
				if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else {
					return i;
				}
			}
		}
		return -1;
	}

}
