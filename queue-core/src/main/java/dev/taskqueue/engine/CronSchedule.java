package dev.taskqueue.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed cron expression, evaluated in UTC. Immutable and thread-safe.
 * <p>
 * Five fields ({@code minute hour day-of-month month day-of-week}) or six, with a
 * {@code second} field first. Each field takes {@code *}, numbers, ranges {@code a-b},
 * lists {@code a,b} and steps {@code *}{@code /n}, {@code a-b/n} and {@code a/n} (from
 * {@code a} to the end of the range, Saturday for days of the week). Months may be
 * written {@code JAN}-{@code DEC} and days of the week {@code SUN}-{@code SAT}, in any
 * case; day-of-week 0 and 7 are both Sunday. {@code ?} stands for {@code *} in the two
 * day fields. The macros {@code @yearly} ({@code @annually}), {@code @monthly},
 * {@code @weekly}, {@code @daily} ({@code @midnight}) and {@code @hourly} are accepted.
 * <p>
 * Days follow Vixie cron: when both day-of-month and day-of-week are restricted, a day
 * matches if <em>either</em> matches; when one of them starts with {@code *} (or is
 * {@code ?}), a day must match both, which means the other one decides.
 */
public final class CronSchedule {

	/**
	 * How far ahead to look. The Gregorian calendar, weekdays included, repeats every 400
	 * years, so an expression that does not fire within that many years never fires.
	 */
	private static final int SEARCH_YEARS = 400;

	private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
			"@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly",
			"0 * * * *");

	private final String expression;

	private final long seconds;

	private final long minutes;

	private final long hours;

	private final long daysOfMonth;

	private final long months;

	private final long daysOfWeek;

	/** Whether a day must match both day fields rather than either. */
	private final boolean daysMatchBoth;

	private CronSchedule(String expression, String[] fields) {
		this.expression = expression;
		int offset = fields.length - 5;
		this.seconds = (offset == 0) ? 1L : CronField.SECOND.parse(fields[0], expression);
		this.minutes = CronField.MINUTE.parse(fields[offset], expression);
		this.hours = CronField.HOUR.parse(fields[offset + 1], expression);
		this.daysOfMonth = CronField.DAY_OF_MONTH.parse(fields[offset + 2], expression);
		this.months = CronField.MONTH.parse(fields[offset + 3], expression);
		this.daysOfWeek = CronField.DAY_OF_WEEK.parse(fields[offset + 4], expression);
		this.daysMatchBoth = isStar(fields[offset + 2]) || isStar(fields[offset + 4]);
	}

	/**
	 * Parses an expression.
	 * @param expression the expression
	 * @return the schedule
	 * @throws IllegalArgumentException if it is not valid or can never fire, with a
	 * message naming the bad field and value
	 */
	public static CronSchedule parse(String expression) {
		if (expression == null || expression.isBlank()) {
			throw new IllegalArgumentException("cron expression must not be empty");
		}
		String spec = expression.trim();
		if (spec.startsWith("@")) {
			spec = MACROS.get(spec.toLowerCase(Locale.ROOT));
			if (spec == null) {
				throw new IllegalArgumentException("cron expression '" + expression
						+ "' is not a known macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly");
			}
		}
		String[] fields = spec.split("\\s+");
		if (fields.length != 5 && fields.length != 6) {
			throw new IllegalArgumentException("cron expression '" + expression + "' has " + fields.length
					+ " fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)");
		}
		CronSchedule schedule = new CronSchedule(expression, fields);
		if (schedule.search(LocalDateTime.of(2000, 1, 1, 0, 0)) == null) {
			throw new IllegalArgumentException("cron expression '" + expression + "' can never fire");
		}
		return schedule;
	}

	/**
	 * The first matching instant strictly after the given one. Matches fall on whole
	 * seconds.
	 * @param after the instant
	 * @return the next fire time
	 */
	public Instant next(Instant after) {
		Objects.requireNonNull(after, "instant must not be null");
		LocalDateTime start = LocalDateTime.ofInstant(after, ZoneOffset.UTC)
			.truncatedTo(ChronoUnit.SECONDS)
			.plusSeconds(1);
		LocalDateTime next = search(start);
		if (next == null) {
			// parse() found a match, and the calendar repeats, so this cannot happen
			throw new IllegalStateException("cron expression '" + this.expression + "' found no time after " + after);
		}
		return next.toInstant(ZoneOffset.UTC);
	}

	/**
	 * The first match at or after the given time, or {@code null}. Each step moves to the
	 * start of the next candidate month, day, hour or minute rather than second by
	 * second.
	 */
	private LocalDateTime search(LocalDateTime start) {
		LocalDateTime time = start;
		int lastYear = start.getYear() + SEARCH_YEARS;
		while (time.getYear() <= lastYear) {
			int month = nextBit(this.months, time.getMonthValue());
			if (month < 0) {
				time = LocalDateTime.of(time.getYear() + 1, 1, 1, 0, 0);
				continue;
			}
			if (month != time.getMonthValue()) {
				time = LocalDateTime.of(time.getYear(), month, 1, 0, 0);
			}
			if (!dayMatches(time.toLocalDate())) {
				time = time.toLocalDate().plusDays(1).atStartOfDay();
				continue;
			}
			int hour = nextBit(this.hours, time.getHour());
			if (hour < 0) {
				time = time.toLocalDate().plusDays(1).atStartOfDay();
				continue;
			}
			if (hour != time.getHour()) {
				time = time.withHour(hour).withMinute(0).withSecond(0);
			}
			int minute = nextBit(this.minutes, time.getMinute());
			if (minute < 0) {
				time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
				continue;
			}
			if (minute != time.getMinute()) {
				time = time.withMinute(minute).withSecond(0);
			}
			int second = nextBit(this.seconds, time.getSecond());
			if (second < 0) {
				time = time.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
				continue;
			}
			return time.withSecond(second);
		}
		return null;
	}

	private boolean dayMatches(LocalDate date) {
		boolean dayOfMonth = (this.daysOfMonth & (1L << date.getDayOfMonth())) != 0;
		boolean dayOfWeek = (this.daysOfWeek & (1L << (date.getDayOfWeek().getValue() % 7))) != 0;
		return this.daysMatchBoth ? (dayOfMonth && dayOfWeek) : (dayOfMonth || dayOfWeek);
	}

	/** The lowest set bit at or above {@code from}, or -1. */
	private static int nextBit(long bits, int from) {
		long remaining = bits & (-1L << from);
		return (remaining != 0) ? Long.numberOfTrailingZeros(remaining) : -1;
	}

	private static boolean isStar(String field) {
		return field.startsWith("*") || field.equals("?");
	}

	@Override
	public String toString() {
		return this.expression;
	}

}
