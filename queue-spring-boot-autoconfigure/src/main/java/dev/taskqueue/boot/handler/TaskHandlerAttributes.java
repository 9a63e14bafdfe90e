package dev.taskqueue.boot.handler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.convert.DurationStyle;

import dev.taskqueue.Backoff;
import dev.taskqueue.Priority;
import dev.taskqueue.TaskHandler;

/**
 * Reads the {@link TaskHandler @TaskHandler} attributes written as text: {@code timeout},
 * {@code priority}, {@code backoff}, and the text variants of the numbers,
 * {@code concurrencyString} and {@code maxAttemptsString}. An empty attribute means "not
 * set"; one that cannot be read fails with an {@link InvalidTaskHandlerException} naming
 * the method, the attribute and what it should look like. The values themselves (a
 * timeout's range, a backoff's delays) are checked where every handler is checked,
 * {@link dev.taskqueue.engine.HandlerDefinition}, or by {@link Backoff}.
 */
final class TaskHandlerAttributes {

	private static final String DURATIONS = "write durations like \"30s\", \"5m\", \"500ms\" or \"PT1H\"";

	private static final String BACKOFF_FORM = "write it as key=value pairs separated by commas, with the keys "
			+ "type (fixed or exponential), delay, max-delay and jitter: for example \"type=fixed, delay=10s\" "
			+ "or \"delay=1s, max-delay=5m, jitter=0.2\"";

	private TaskHandlerAttributes() {
	}

	/**
	 * The {@code timeout} attribute.
	 * @param text the attribute
	 * @param description the method, for messages
	 * @return the timeout, or {@code null} when empty
	 */
	static Duration timeout(String text, String description) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw TaskHandlerMethod.invalid(description, "timeout = \"" + text
					+ "\" is not a duration; write it like \"30s\", \"5m\", \"500ms\" or \"PT1H\"");
		}
	}

	/**
	 * A number attribute that has a text variant ({@code concurrency} and
	 * {@code concurrencyString}, {@code maxAttempts} and {@code maxAttemptsString}): the
	 * number when the text is empty, else the text read as a whole number from 0 up.
	 * @param name the number attribute's name, such as {@code concurrency}
	 * @param number the number attribute
	 * @param declared the text attribute as written
	 * @param resolved the text attribute with its placeholders resolved
	 * @param description the method, for messages
	 * @return the number; 0 means the configured default
	 */
	static int count(String name, int number, String declared, String resolved, String description) {
		String attribute = name + "String";
		if (declared.isEmpty()) {
			return number;
		}
		if (number != 0) {
			throw TaskHandlerMethod.invalid(description, name + " = " + number + " and " + attribute + " = \""
					+ declared + "\" are both set; set one of them");
		}
		String text = resolved.trim();
		if (text.isEmpty()) {
			return 0;
		}
		String shown = attribute + " = \"" + declared + "\""
				+ (declared.equals(resolved) ? "" : " (resolved to \"" + resolved + "\")");
		if (!text.matches("[+-]?[0-9]+")) {
			throw TaskHandlerMethod.invalid(description,
					shown + " is not a whole number; write one from 0 to " + Integer.MAX_VALUE + ", such as \"5\"");
		}
		if (text.startsWith("-") && !text.matches("-0+")) {
			throw TaskHandlerMethod.invalid(description,
					shown + " is negative; use 1 or more, or 0 for the configured default");
		}
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw TaskHandlerMethod.invalid(description,
					shown + " is too large; write a number from 0 to " + Integer.MAX_VALUE);
		}
	}

	/**
	 * The {@code priority} attribute: a name or an integer.
	 * @param text the attribute
	 * @param description the method, for messages
	 * @return the priority, or {@code null} when empty
	 */
	static Integer priority(String text, String description) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return Priority.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw TaskHandlerMethod.invalid(description,
					"priority = \"" + text + "\" is neither low, normal, high, critical nor an integer (from "
							+ Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
		}
	}

	/**
	 * The {@code backoff} attribute: {@code key=value} pairs with the keys of
	 * {@code taskqueue.defaults.backoff.*} ({@code max-delay} may also be written
	 * {@code maxDelay}). The type defaults to exponential; the delay is required; the
	 * longest exponential delay defaults to one day (or the delay, if longer), as with
	 * {@link Backoff#exponential(Duration)}; jitter defaults to 0.
	 * @param text the attribute
	 * @param description the method, for messages
	 * @return the backoff, or {@code null} when empty
	 */
	static Backoff backoff(String text, String description) {
		if (text.isBlank()) {
			return null;
		}
		Map<String, String> values = backoffValues(text, description);
		String type = values.get("type");
		Backoff.Kind kind;
		try {
			kind = (type != null) ? Backoff.Kind.parse(type) : Backoff.Kind.EXPONENTIAL;
		}
		catch (IllegalArgumentException ex) {
			throw invalidBackoff(description, text, "type '" + type + "' is neither fixed nor exponential");
		}
		Duration delay = duration(values.get("delay"), "delay", text, description);
		if (delay == null) {
			throw invalidBackoff(description, text, "delay is required");
		}
		Duration maxDelay = duration(values.get("maxdelay"), "max-delay", text, description);
		double jitter = jitter(values.get("jitter"), text, description);
		try {
			if (maxDelay == null) {
				maxDelay = (kind == Backoff.Kind.FIXED) ? delay : Backoff.exponential(delay).maxDelay();
			}
			return new Backoff(kind, delay, maxDelay, jitter);
		}
		catch (IllegalArgumentException ex) {
			throw invalidBackoff(description, text, ex.getMessage());
		}
	}

	/** The pairs by key, lower case without dashes ({@code maxdelay}). */
	private static Map<String, String> backoffValues(String text, String description) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : text.split(",", -1)) {
			int equals = pair.indexOf('=');
			if (equals < 0) {
				throw invalidBackoff(description, text, "'" + pair.trim() + "' is not key=value; " + BACKOFF_FORM);
			}
			String key = pair.substring(0, equals).trim();
			String normalized = key.replace("-", "").toLowerCase(Locale.ROOT);
			if (!normalized.equals("type") && !normalized.equals("delay") && !normalized.equals("maxdelay")
					&& !normalized.equals("jitter")) {
				throw invalidBackoff(description, text,
						"unknown key '" + key + "'; the keys are type, delay, max-delay and jitter");
			}
			if (values.put(normalized, pair.substring(equals + 1).trim()) != null) {
				throw invalidBackoff(description, text, "'" + key + "' is given twice");
			}
		}
		return values;
	}

	private static Duration duration(String value, String key, String text, String description) {
		if (value == null) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException ex) {
			throw invalidBackoff(description, text, key + " '" + value + "' is not a duration; " + DURATIONS);
		}
	}

	private static double jitter(String value, String text, String description) {
		if (value == null) {
			return 0;
		}
		try {
			return Double.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			throw invalidBackoff(description, text, "jitter '" + value + "' is not a number from 0 to 1");
		}
	}

	private static InvalidTaskHandlerException invalidBackoff(String description, String text, String problem) {
		return TaskHandlerMethod.invalid(description, "backoff = \"" + text + "\": " + problem);
	}

}
