package dev.taskqueue.engine;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/**
 * A parsed cron expression with the syntax and meaning of Spring's
 * {@code CronExpression}. Immutable and thread-safe.
 * <p>
 * Six fields ({@code second minute hour day-of-month month day-of-week}), or five
 * Unix-style ones ({@code minute hour day-of-month month day-of-week}), read with second
 * 0. Each field takes {@code *}, numbers, ranges {@code a-b}, lists {@code a,b} and steps
 * {@code *}{@code /n}, {@code a-b/n} and {@code a/n}. Months may be written
 * {@code JAN}-{@code DEC} and days of the week {@code MON}-{@code SUN}; day-of-week 0 and
 * 7 are both Sunday. Day-of-month also takes {@code L} (last day), {@code L-n},
 * {@code nW} (nearest weekday) and {@code LW}; day-of-week takes {@code dL} (last such
 * day of the month) and {@code d#n} (n-th such day); {@code ?} stands for {@code *} in
 * both. The macros {@code @yearly} ({@code @annually}), {@code @monthly},
 * {@code @weekly}, {@code @daily} ({@code @midnight}) and {@code @hourly} are accepted.
 * <p>
 * Days follow Spring, not Vixie cron: a day must match <em>both</em> day-of-month and
 * day-of-week, so {@code 0 0 0 1 * MON} fires only on a 1st that is a Monday.
 * <p>
 * Evaluation uses cron-utils' Spring 5.3 definition; the test suite holds it to Spring's
 * {@code CronExpression} for random expressions, zones and instants.
 */
public final class CronSchedule {

	private static final CronParser PARSER = new CronParser(
			CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING53));

	/** Spring's macros, as six-field expressions. */
	private static final Map<String, String> MACROS = Map.of("@yearly", "0 0 0 1 1 *", "@annually", "0 0 0 1 1 *",
			"@monthly", "0 0 0 1 * *", "@weekly", "0 0 0 * * 0", "@daily", "0 0 0 * * *", "@midnight", "0 0 0 * * *",
			"@hourly", "0 0 * * * *");

	/** A fixed start from which {@link #parse} checks that an expression can fire. */
	private static final ZonedDateTime PROBE = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

	/**
	 * Weekend matches of {@code nW} to skip before giving up. cron-utils returns a
	 * weekend day only for a 28th of February that is a Sunday of a common year (about 43
	 * times in 400 years), so a run that fires at all meets few in a row; an expression
	 * that fires only on such days never fires, and must be refused quickly (it may come
	 * in a request), not after thousands of searches.
	 */
	private static final int MAX_WEEKEND_SKIPS = 64;

	private final String expression;

	private final ExecutionTime executionTime;

	/** Whether day-of-month is {@code nW}, whose matches must fall on a weekday. */
	private final boolean nearestWeekday;

	private CronSchedule(String expression, ExecutionTime executionTime, boolean nearestWeekday) {
		this.expression = expression;
		this.executionTime = executionTime;
		this.nearestWeekday = nearestWeekday;
	}

	/**
	 * Parses an expression.
	 * @param expression the expression
	 * @return the schedule
	 * @throws IllegalArgumentException if it is not valid or can never fire, with a
	 * message naming the expression and the problem
	 */
	public static CronSchedule parse(String expression) {
		if (expression == null || expression.isBlank()) {
			throw new IllegalArgumentException("cron expression must not be empty");
		}
		String spec = sixFields(expression);
		ExecutionTime executionTime;
		try {
			Cron cron = PARSER.parse(spec).validate();
			executionTime = ExecutionTime.forCron(cron);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("cron expression '" + expression + "' is not valid: " + ex.getMessage(),
					ex);
		}
		String dayOfMonth = spec.split(" ")[3];
		CronSchedule schedule = new CronSchedule(expression, executionTime,
				dayOfMonth.endsWith("W") && !dayOfMonth.startsWith("L"));
		Optional<ZonedDateTime> first;
		try {
			first = schedule.search(PROBE);
		}
		catch (DateTimeException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("cron expression '" + expression + "' is not valid: " + ex.getMessage(),
					ex);
		}
		if (first.isEmpty()) {
			throw new IllegalArgumentException("cron expression '" + expression + "' can never fire");
		}
		return schedule;
	}

	/**
	 * The expression as six fields for cron-utils: macros resolved, five fields read with
	 * second 0, each field rewritten to mean what it means to Spring.
	 */
	private static String sixFields(String expression) {
		String trimmed = expression.trim();
		if (trimmed.startsWith("@")) {
			String macro = MACROS.get(trimmed.toLowerCase(Locale.ROOT));
			if (macro == null) {
				throw new IllegalArgumentException("cron expression '" + expression
						+ "' is not a known macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly");
			}
			return sixFields(macro);
		}
		String[] fields = trimmed.split("\\s+");
		if (fields.length != 5 && fields.length != 6) {
			throw new IllegalArgumentException("cron expression '" + expression + "' has " + fields.length
					+ " fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)");
		}
		int offset = fields.length - 5;
		String seconds = (offset == 0) ? "0" : CronField.SECOND.rewrite(fields[0], expression);
		return String.join(" ", seconds, CronField.MINUTE.rewrite(fields[offset], expression),
				CronField.HOUR.rewrite(fields[offset + 1], expression),
				CronField.DAY_OF_MONTH.rewrite(fields[offset + 2], expression),
				CronField.MONTH.rewrite(fields[offset + 3], expression),
				CronField.DAY_OF_WEEK.rewrite(fields[offset + 4], expression));
	}

	/**
	 * The first matching instant strictly after the given one, evaluated in UTC. Matches
	 * fall on whole seconds.
	 * @param after the instant
	 * @return the next fire time
	 */
	public Instant next(Instant after) {
		return next(after, ZoneOffset.UTC);
	}

	/**
	 * The first matching instant strictly after the given one, with the fields read as
	 * wall-clock time in the given zone. Matches fall on whole seconds.
	 * <p>
	 * Across daylight-saving changes, each matching wall-clock time runs once: a time
	 * skipped by a spring-forward gap runs shifted forward by the length of the gap (a
	 * daily 02:30 runs at 03:30 when the clocks go from 02:00 to 03:00, as
	 * {@link ZonedDateTime#of} resolves it); a time that occurs twice on a fall-back day
	 * runs at its first occurrence. Spring's {@code CronExpression} (7.0) differs in
	 * both: it skips the first and runs the second twice. Times that exist once, such as
	 * an hourly schedule's runs in both copies of a repeated hour, agree with Spring.
	 * @param after the instant
	 * @param zone the zone the fields are read in
	 * @return the next fire time
	 */
	public Instant next(Instant after, ZoneId zone) {
		Objects.requireNonNull(after, "instant must not be null");
		Objects.requireNonNull(zone, "zone must not be null");
		ZonedDateTime start = after.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
		// parse() found a match, and the calendar repeats, so an empty result is a bug
		Instant next = search(start)
			.orElseThrow(() -> new IllegalStateException(
					"cron expression '" + this.expression + "' found no time after " + after + " in " + zone))
			.toInstant();
		return skippedRun(start.toInstant(), next, zone.getRules()).orElse(next);
	}

	/**
	 * The earliest run, after {@code start} and before {@code next}, of a wall-clock time
	 * that a gap skipped. cron-utils finds only times that exist, so each gap is searched
	 * as plain local time, and a match {@code d} into the gap runs {@code d} after the
	 * transition.
	 */
	private Optional<Instant> skippedRun(Instant start, Instant next, ZoneRules rules) {
		// gaps last at most a day, so one that began a day earlier may still have runs
		ZoneOffsetTransition transition = rules.nextTransition(start.minus(Duration.ofDays(1)));
		while (transition != null && transition.getInstant().isBefore(next)) {
			if (transition.isGap()) {
				LocalDateTime gapStart = transition.getDateTimeBefore();
				long into = Math.max(-1, Duration.between(transition.getInstant(), start).getSeconds());
				Optional<ZonedDateTime> match = search(gapStart.plusSeconds(into).atZone(ZoneOffset.UTC));
				if (match.isPresent() && match.get().toLocalDateTime().isBefore(transition.getDateTimeAfter())) {
					Instant run = transition.getInstant()
						.plus(Duration.between(gapStart, match.get().toLocalDateTime()));
					if (run.isBefore(next)) {
						return Optional.of(run);
					}
				}
			}
			transition = rules.nextTransition(transition.getInstant());
		}
		return Optional.empty();
	}

	/**
	 * The first match strictly after the given time. cron-utils lets {@code nW} land on
	 * the weekend when the n-th is the last day of the month and a Sunday (Spring and
	 * Quartz never do), so such matches are skipped.
	 */
	private Optional<ZonedDateTime> search(ZonedDateTime start) {
		ZonedDateTime time = start;
		for (int attempt = 0; attempt < MAX_WEEKEND_SKIPS; attempt++) {
			Optional<ZonedDateTime> next = this.executionTime.nextExecution(time);
			if (next.isEmpty() || !this.nearestWeekday || !isWeekend(next.get())) {
				return next;
			}
			time = next.get().toLocalDate().plusDays(1).atStartOfDay(time.getZone()).minusSeconds(1);
		}
		return Optional.empty();
	}

	private static boolean isWeekend(ZonedDateTime time) {
		DayOfWeek day = time.getDayOfWeek();
		return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
	}

	@Override
	public String toString() {
		return this.expression;
	}

}
