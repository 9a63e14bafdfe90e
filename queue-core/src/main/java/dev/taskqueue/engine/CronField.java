package dev.taskqueue.engine;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * One field of a cron expression, read as Spring's {@code CronExpression} reads it, and
 * written back in a form that cron-utils' Spring 5.3 definition evaluates the same way.
 * <p>
 * cron-utils differs from Spring in plain fields: it refuses steps wider than the field
 * ({@code *}{@code /60}), starts {@code *} and {@code a/n} on day-of-week at Sunday (0)
 * where Spring starts them at Monday (1) and ends them at Sunday (7), and does not read a
 * range starting at 7 ({@code 7-5}) as starting at Sunday 0. So a plain field (numbers,
 * names, ranges, lists, steps) is expanded here to the list of values Spring matches, and
 * only {@code *} and the Quartz forms ({@code L}, {@code W}, {@code #}) reach cron-utils
 * as written.
 */
enum CronField {

	SECOND("second", 0, 59, List.of()),

	MINUTE("minute", 0, 59, List.of()),

	HOUR("hour", 0, 23, List.of()),

	DAY_OF_MONTH("day-of-month", 1, 31, List.of()),

	MONTH("month", 1, 12, List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")),

	/**
	 * 0 to 7; 0 and 7 are both Sunday; {@code *} is 1 (Monday) to 7 (Sunday), as in
	 * Spring.
	 */
	DAY_OF_WEEK("day-of-week", 0, 7, List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"));

	private final String label;

	private final int min;

	private final int max;

	/** Names for the values from 1 up. */
	private final List<String> names;

	CronField(String label, int min, int max, List<String> names) {
		this.label = label;
		this.min = min;
		this.max = max;
		this.names = names;
	}

	/**
	 * Reads this field and writes it for cron-utils.
	 * @param text the field, such as {@code 1-5/2,10}
	 * @param expression the whole expression, for messages
	 * @return the field as cron-utils should read it
	 * @throws IllegalArgumentException naming the field and the bad value
	 */
	String rewrite(String text, String expression) {
		String field = replaceNames(text);
		if (field.equals("?")) {
			if (this != DAY_OF_MONTH && this != DAY_OF_WEEK) {
				throw error(expression, "field may not be '?', which is only for day-of-month and day-of-week");
			}
			return "*";
		}
		if (this == DAY_OF_MONTH && (field.contains("L") || field.contains("W"))) {
			return CronQuartzField.dayOfMonth(field, (detail) -> error(expression, detail));
		}
		if (this == DAY_OF_WEEK && (field.contains("L") || field.contains("#"))) {
			return CronQuartzField.dayOfWeek(field, (detail) -> error(expression, detail));
		}
		long bits = 0;
		for (String element : field.split(",", -1)) {
			if (element.isEmpty()) {
				throw error(expression, "field '" + text + "' has an empty list element");
			}
			bits |= parseElement(element, expression);
		}
		return write(bits);
	}

	private String replaceNames(String text) {
		String field = text.toUpperCase(Locale.ROOT);
		for (int i = 0; i < this.names.size(); i++) {
			field = field.replace(this.names.get(i), Integer.toString(i + 1));
		}
		return field;
	}

	private long parseElement(String element, String expression) {
		int slash = element.indexOf('/');
		String range = (slash < 0) ? element : element.substring(0, slash);
		int step = (slash < 0) ? 1 : parseStep(element.substring(slash + 1), element, expression);
		if (range.equals("*")) {
			return bits(starMin(), this.max, step);
		}
		int dash = range.indexOf('-');
		if (dash < 0) {
			int value = parseValue(range, element, expression);
			// "a/n" means from a to the end of the range, every n
			return bits(value, (slash < 0) ? value : this.max, step);
		}
		int from = parseValue(range.substring(0, dash), element, expression);
		int to = parseValue(range.substring(dash + 1), element, expression);
		if (this == DAY_OF_WEEK && from == 7) {
			// Spring: Sunday at the start of a range is 0, so 7-5 is Sunday to Friday
			from = 0;
		}
		if (from > to) {
			throw error(expression, "range '" + range + "' starts after it ends");
		}
		return bits(from, to, step);
	}

	private int starMin() {
		return (this == DAY_OF_WEEK) ? 1 : this.min;
	}

	private int parseStep(String text, String element, String expression) {
		if (text.isEmpty()) {
			throw error(expression, "element '" + element + "' has no step after '/'");
		}
		if (!isDigits(text) || text.length() > 9 || Integer.parseInt(text) < 1) {
			throw error(expression, "step '" + text + "' is not a number from 1 to 999999999");
		}
		return Integer.parseInt(text);
	}

	private int parseValue(String text, String element, String expression) {
		if (text.isEmpty()) {
			throw error(expression, "element '" + element + "' is not valid");
		}
		if (!isDigits(text)) {
			String expected = switch (this) {
				case MONTH -> "a number or a month name (JAN-DEC)";
				case DAY_OF_WEEK -> "a number or a day name (MON-SUN)";
				default -> "a number";
			};
			throw error(expression, "value '" + text + "' is not " + expected);
		}
		if (text.length() > 9 || Integer.parseInt(text) < this.min || Integer.parseInt(text) > this.max) {
			throw error(expression, "value '" + text + "' is out of range " + this.min + "-" + this.max);
		}
		return Integer.parseInt(text);
	}

	/** The values as a list cron-utils reads, Sunday as 0, or {@code *} for all. */
	private String write(long bits) {
		long values = bits;
		if (this == DAY_OF_WEEK && (values & (1L << 7)) != 0) {
			values = (values & ~(1L << 7)) | 1L;
		}
		int first = (this == DAY_OF_WEEK) ? 0 : this.min;
		int last = (this == DAY_OF_WEEK) ? 6 : this.max;
		if (values == bits(first, last, 1)) {
			return "*";
		}
		StringJoiner list = new StringJoiner(",");
		for (int i = first; i <= last; i++) {
			if ((values & (1L << i)) != 0) {
				list.add(Integer.toString(i));
			}
		}
		return list.toString();
	}

	private IllegalArgumentException error(String expression, String detail) {
		return new IllegalArgumentException("cron expression '" + expression + "': " + this.label + " " + detail);
	}

	static boolean isDigits(String text) {
		return !text.isEmpty() && text.chars().allMatch((c) -> c >= '0' && c <= '9');
	}

	private static long bits(int from, int to, int step) {
		long bits = 0;
		for (long i = from; i <= to; i += step) {
			bits |= 1L << i;
		}
		return bits;
	}

}
