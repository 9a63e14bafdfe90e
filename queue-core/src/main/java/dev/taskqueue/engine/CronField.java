package dev.taskqueue.engine;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One field of a cron expression: its name, range and the parser that turns its text into
 * a bit set (bit {@code n} set when value {@code n} matches).
 */
enum CronField {

	SECOND("second", 0, 59),

	MINUTE("minute", 0, 59),

	HOUR("hour", 0, 23),

	DAY_OF_MONTH("day-of-month", 1, 31),

	MONTH("month", 1, 12, "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),

	/**
	 * 0 to 7; both 0 and 7 are Sunday, folded into bit 0. {@code *} and {@code a/n} end
	 * on Saturday, so {@code MON/2} does not include Sunday.
	 */
	DAY_OF_WEEK("day-of-week", 0, 7, "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

	private final String label;

	private final int min;

	private final int max;

	/** The end of {@code *} and of {@code a/n}: {@code max}, but Saturday for days. */
	private final int last;

	private final List<String> names;

	CronField(String label, int min, int max, String... names) {
		this.label = label;
		this.min = min;
		this.max = max;
		this.last = (max == 7) ? 6 : max;
		this.names = Arrays.asList(names);
	}

	/**
	 * Parses the text of this field.
	 * @param text the field, such as {@code 1-5/2,10}
	 * @param expression the whole expression, for messages
	 * @return the matching values as a bit set
	 * @throws IllegalArgumentException naming the field and the bad value
	 */
	long parse(String text, String expression) {
		if (text.equals("?")) {
			if (this != DAY_OF_MONTH && this != DAY_OF_WEEK) {
				throw error(expression, "field may not be '?', which is only for day-of-month and day-of-week");
			}
			return bits(this.min, this.last, 1);
		}
		long bits = 0;
		for (String element : text.split(",", -1)) {
			if (element.isEmpty()) {
				throw error(expression, "field '" + text + "' has an empty list element");
			}
			bits |= parseElement(element, expression);
		}
		if (this == DAY_OF_WEEK && (bits & (1L << 7)) != 0) {
			bits = (bits & ~(1L << 7)) | 1L;
		}
		return bits;
	}

	private long parseElement(String element, String expression) {
		int slash = element.indexOf('/');
		String range = (slash < 0) ? element : element.substring(0, slash);
		int step = (slash < 0) ? 1 : parseStep(element.substring(slash + 1), element, expression);
		if (range.equals("*")) {
			return bits(this.min, this.last, step);
		}
		int dash = range.indexOf('-');
		if (dash < 0) {
			int value = parseValue(range, element, expression);
			// "a/n" means from a to the end of the range, every n
			return bits(value, (slash < 0) ? value : Math.max(value, this.last), step);
		}
		int from = parseValue(range.substring(0, dash), element, expression);
		int to = parseValue(range.substring(dash + 1), element, expression);
		if (from > to) {
			throw error(expression, "range '" + range + "' starts after it ends");
		}
		return bits(from, to, step);
	}

	private int parseStep(String text, String element, String expression) {
		if (text.isEmpty()) {
			throw error(expression, "element '" + element + "' has no step after '/'");
		}
		int width = this.last - this.min + 1;
		if (!isDigits(text)) {
			throw error(expression, "step '" + text + "' is not a number");
		}
		if (text.length() > 9 || Integer.parseInt(text) < 1 || Integer.parseInt(text) > width) {
			throw error(expression, "step '" + text + "' is out of range 1-" + width);
		}
		return Integer.parseInt(text);
	}

	private int parseValue(String text, String element, String expression) {
		if (text.isEmpty()) {
			throw error(expression, "element '" + element + "' is not valid");
		}
		int index = this.names.indexOf(text.toUpperCase(Locale.ROOT));
		if (index >= 0) {
			return this.min + index;
		}
		if (!isDigits(text)) {
			String expected = switch (this) {
				case MONTH -> "a number or a month name (JAN-DEC)";
				case DAY_OF_WEEK -> "a number or a day name (SUN-SAT)";
				default -> "a number";
			};
			throw error(expression, "value '" + text + "' is not " + expected);
		}
		if (text.length() > 9 || Integer.parseInt(text) < this.min || Integer.parseInt(text) > this.max) {
			throw error(expression, "value '" + text + "' is out of range " + this.min + "-" + this.max);
		}
		return Integer.parseInt(text);
	}

	private IllegalArgumentException error(String expression, String detail) {
		return new IllegalArgumentException("cron expression '" + expression + "': " + this.label + " " + detail);
	}

	private static boolean isDigits(String text) {
		return text.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	private static long bits(int from, int to, int step) {
		long bits = 0;
		for (int i = from; i <= to; i += step) {
			bits |= 1L << i;
		}
		return bits;
	}

}
