package dev.taskqueue;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rule for the headers a task carries ({@link Task#headers()}): small text entries
 * the engine stores with the task and hands to its run, such as the W3C trace context
 * ({@code traceparent}, {@code tracestate}, {@code baggage}) that continues the trace of
 * the code that enqueued it. Every backend stores headers that pass {@link #check}, so
 * nothing hostile reaches a store:
 * <ul>
 * <li>at most {@link #MAX_ENTRIES} entries;</li>
 * <li>names of 1 to {@link #MAX_NAME_LENGTH} characters out of {@code a-z}, {@code 0-9}
 * and {@code -};</li>
 * <li>values of at most {@link #MAX_VALUE_LENGTH} characters, each a printable ASCII
 * character (space to {@code ~}), as in an HTTP header.</li>
 * </ul>
 * Thread-safe (no state).
 */
public final class TaskHeaders {

	/** The most entries a task carries. */
	public static final int MAX_ENTRIES = 16;

	/** The longest name. */
	public static final int MAX_NAME_LENGTH = 64;

	/** The longest value. */
	public static final int MAX_VALUE_LENGTH = 1024;

	private TaskHeaders() {
	}

	/**
	 * Checks headers against the rule.
	 * @param headers the headers, or {@code null} for none
	 * @return the headers as an unmodifiable map (empty for none)
	 * @throws IllegalArgumentException if there are too many, or an entry breaks the
	 * rule, naming which
	 */
	public static Map<String, String> check(Map<String, String> headers) {
		if (headers == null || headers.isEmpty()) {
			return Map.of();
		}
		if (headers.size() > MAX_ENTRIES) {
			throw new IllegalArgumentException(
					"a task carries at most " + MAX_ENTRIES + " headers, not " + headers.size());
		}
		for (Map.Entry<String, String> entry : headers.entrySet()) {
			String problem = problem(entry.getKey(), entry.getValue());
			if (problem != null) {
				throw new IllegalArgumentException(problem);
			}
		}
		return Map.copyOf(headers);
	}

	/**
	 * The headers that fit the rule, for headers a library wrote (a tracer's propagator):
	 * names are lower-cased first (header names ignore case: B3 writes
	 * {@code X-B3-TraceId}), entries that still break the rule are left out, and of the
	 * others the first {@link #MAX_ENTRIES} in name order are kept.
	 * @param headers the headers, or {@code null} for none
	 * @return the entries kept, as an unmodifiable map (empty for none)
	 */
	public static Map<String, String> bounded(Map<String, String> headers) {
		if (headers == null || headers.isEmpty()) {
			return Map.of();
		}
		TreeMap<String, String> kept = new TreeMap<>();
		for (Map.Entry<String, String> entry : headers.entrySet()) {
			String name = (entry.getKey() != null) ? entry.getKey().toLowerCase(Locale.ROOT) : null;
			if (problem(name, entry.getValue()) == null) {
				kept.put(name, entry.getValue());
			}
		}
		while (kept.size() > MAX_ENTRIES) {
			kept.pollLastEntry();
		}
		return Map.copyOf(kept);
	}

	private static String problem(String name, String value) {
		if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH || !isName(name)) {
			String shown = (name == null || name.length() <= MAX_NAME_LENGTH) ? name
					: name.substring(0, MAX_NAME_LENGTH) + "...";
			return "a task header name must be 1 to " + MAX_NAME_LENGTH + " characters out of a-z, 0-9 and '-', was '"
					+ shown + "'";
		}
		if (value == null) {
			return "task header '" + name + "' has no value";
		}
		if (value.length() > MAX_VALUE_LENGTH) {
			return "task header '" + name + "' is " + value.length() + " characters long; the limit is "
					+ MAX_VALUE_LENGTH;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < ' ' || c > '~') {
				return "task header '" + name + "' holds a character other than printable ASCII at index " + i;
			}
		}
		return null;
	}

	private static boolean isName(String name) {
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
				return false;
			}
		}
		return true;
	}

}
