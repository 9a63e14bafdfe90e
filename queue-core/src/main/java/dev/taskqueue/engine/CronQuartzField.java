package dev.taskqueue.engine;

import java.util.function.Function;

/**
 * The Quartz forms of the day fields that Spring's {@code CronExpression} reads:
 * {@code L}, {@code L-n}, {@code LW} and {@code nW} for day-of-month, {@code dL} and
 * {@code d#n} for day-of-week. Each stands alone in its field (no lists or ranges), as in
 * Spring. Checked here, then written for cron-utils with Sunday as 0.
 * <p>
 * Two forms that Spring accepts are refused, because the libraries disagree on them and
 * neither reading is useful: {@code L-n} with {@code n} over 27 (in February Spring lands
 * in January) and {@code nW} with {@code n} over 28 (cron-utils fails in months without
 * that day).
 */
final class CronQuartzField {

	private CronQuartzField() {
	}

	/**
	 * Checks a day-of-month field holding {@code L} or {@code W}.
	 * @param field the field, names already replaced
	 * @param error makes the exception for a detail
	 * @return the field as cron-utils should read it
	 */
	static String dayOfMonth(String field, Function<String, IllegalArgumentException> error) {
		if (field.equals("L") || field.equals("LW")) {
			return field;
		}
		if (field.startsWith("L-")) {
			String offset = field.substring(2);
			// Spring reads L-28 and beyond in February as a day of January; refused here
			if (!CronField.isDigits(offset) || offset.length() > 2 || Integer.parseInt(offset) < 1
					|| Integer.parseInt(offset) > 27) {
				throw error.apply("'" + field + "' needs a number of days from 1 to 27 after 'L-'");
			}
			return field;
		}
		if (field.endsWith("W")) {
			String day = field.substring(0, field.length() - 1);
			// cron-utils fails on 29W to 31W in a month without that day; refused here
			if (!CronField.isDigits(day) || day.length() > 2 || Integer.parseInt(day) < 1
					|| Integer.parseInt(day) > 28) {
				throw error.apply("'" + field + "' needs a day from 1 to 28 before 'W'");
			}
			return field;
		}
		throw error.apply("'" + field + "' is not valid; 'L' and 'W' are used as L, L-n, LW or nW");
	}

	/**
	 * Checks a day-of-week field holding {@code L} or {@code #}.
	 * @param field the field, names already replaced by 1 (Monday) to 7 (Sunday)
	 * @param error makes the exception for a detail
	 * @return the field as cron-utils should read it
	 */
	static String dayOfWeek(String field, Function<String, IllegalArgumentException> error) {
		if (field.length() == 2 && field.charAt(1) == 'L') {
			return day(field.substring(0, 1), field, error) + "L";
		}
		int hash = field.indexOf('#');
		if (hash > 0) {
			String day = day(field.substring(0, hash), field, error);
			String ordinal = field.substring(hash + 1);
			if (!CronField.isDigits(ordinal) || ordinal.length() > 1 || Integer.parseInt(ordinal) < 1
					|| Integer.parseInt(ordinal) > 5) {
				throw error.apply("'" + field + "' needs an ordinal from 1 to 5 after '#'");
			}
			return day + "#" + ordinal;
		}
		throw error.apply("'" + field + "' is not valid; 'L' and '#' are used as dL or d#n");
	}

	/** A day of the week 0-7 as cron-utils reads it, Sunday as 0. */
	private static String day(String day, String field, Function<String, IllegalArgumentException> error) {
		if (!CronField.isDigits(day) || day.length() > 1 || Integer.parseInt(day) > 7) {
			throw error.apply("'" + field + "' needs a day of the week from 0 to 7 or MON-SUN");
		}
		return Integer.toString(Integer.parseInt(day) % 7);
	}

}
