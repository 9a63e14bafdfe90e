package dev.taskqueue.engine;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link CronSchedule}. 2024-01-01 is a Monday; 2024 is a leap year.
 * {@link CronScheduleOracleTests} holds it to Spring's {@code CronExpression}.
 */
class CronScheduleTests {

	@ParameterizedTest(name = "''{0}'' after {1} is {2}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			# every minute
			* * * * *              | 2024-01-01T00:00:00Z     | 2024-01-01T00:01:00Z
			* * * * *              | 2024-01-01T00:00:30Z     | 2024-01-01T00:01:00Z
			* * * * *              | 2024-01-01T00:00:59.999Z | 2024-01-01T00:01:00Z
			* * * * *              | 2024-12-31T23:59:30Z     | 2025-01-01T00:00:00Z
			# steps
			*/15 * * * *           | 2024-01-01T10:07:00Z     | 2024-01-01T10:15:00Z
			*/15 * * * *           | 2024-01-01T10:45:00Z     | 2024-01-01T11:00:00Z
			*/15 * * * *           | 2024-01-01T23:50:00Z     | 2024-01-02T00:00:00Z
			10/20 * * * *          | 2024-01-01T10:31:00Z     | 2024-01-01T10:50:00Z
			10/20 * * * *          | 2024-01-01T10:50:00Z     | 2024-01-01T11:10:00Z
			0 9-17/4 * * *         | 2024-01-01T10:00:00Z     | 2024-01-01T13:00:00Z
			0 9-17/4 * * *         | 2024-01-01T17:00:00Z     | 2024-01-02T09:00:00Z
			0 0 */10 * *           | 2024-01-21T00:00:00Z     | 2024-01-31T00:00:00Z
			0 0 */10 * *           | 2024-01-31T00:00:00Z     | 2024-02-01T00:00:00Z
			# ranges and lists
			0 9-17 * * *           | 2024-01-01T12:30:00Z     | 2024-01-01T13:00:00Z
			0 9-17 * * *           | 2024-01-01T17:00:00Z     | 2024-01-02T09:00:00Z
			5,10,45 * * * *        | 2024-01-01T10:10:00Z     | 2024-01-01T10:45:00Z
			5,10,45 * * * *        | 2024-01-01T10:50:00Z     | 2024-01-01T11:05:00Z
			0,30 8,20 * * *        | 2024-01-01T08:30:00Z     | 2024-01-01T20:00:00Z
			1-3,58-59 * * * *      | 2024-01-01T10:03:00Z     | 2024-01-01T10:58:00Z
			# names, any case
			0 0 * JAN,jun *        | 2024-02-01T00:00:00Z     | 2024-06-01T00:00:00Z
			0 0 1 JAN-Mar *        | 2024-03-15T00:00:00Z     | 2025-01-01T00:00:00Z
			0 0 * * MON-fri        | 2024-01-06T12:00:00Z     | 2024-01-08T00:00:00Z
			0 0 * * sun            | 2024-01-01T00:00:00Z     | 2024-01-07T00:00:00Z
			0 0 * * SAT,Sun        | 2024-01-01T00:00:00Z     | 2024-01-06T00:00:00Z
			# day-of-week 0 and 7 are both Sunday
			0 0 * * 0              | 2024-01-01T00:00:00Z     | 2024-01-07T00:00:00Z
			0 0 * * 7              | 2024-01-01T00:00:00Z     | 2024-01-07T00:00:00Z
			0 0 * * 5-7            | 2024-01-07T00:00:00Z     | 2024-01-12T00:00:00Z
			# as in Spring, */n on days runs Monday (1) to Sunday (7), a/n runs to Sunday
			0 0 * * MON/2          | 2024-01-05T00:00:00Z     | 2024-01-07T00:00:00Z
			0 0 * * */3            | 2024-01-06T00:00:00Z     | 2024-01-07T00:00:00Z
			0 0 * * */3            | 2024-01-07T00:00:00Z     | 2024-01-08T00:00:00Z
			0 0 * * */3            | 2024-01-08T00:00:00Z     | 2024-01-11T00:00:00Z
			0 0 * * 7/2            | 2024-01-01T00:00:00Z     | 2024-01-07T00:00:00Z
			0 0 * * */8            | 2024-01-02T00:00:00Z     | 2024-01-08T00:00:00Z
			# as in Spring, 7 at the start of a range is Sunday 0
			0 0 * * 7-1            | 2024-01-01T00:00:00Z     | 2024-01-07T00:00:00Z
			0 0 * * 7-1            | 2024-01-07T00:00:00Z     | 2024-01-08T00:00:00Z
			# steps wider than the field match its first value only
			0 */25 * * *           | 2024-01-01T00:00:00Z     | 2024-01-02T00:00:00Z
			# both day fields restricted: a day must match both (Spring), not either (Vixie cron)
			0 0 13 * FRI           | 2024-01-01T00:00:00Z     | 2024-09-13T00:00:00Z
			0 0 13 * FRI           | 2024-09-13T00:00:00Z     | 2024-12-13T00:00:00Z
			0 0 1-7 * MON          | 2024-01-07T00:00:00Z     | 2024-02-05T00:00:00Z
			0 0 1-7 * MON          | 2024-02-05T00:00:00Z     | 2024-03-04T00:00:00Z
			0 0 0 1 * MON          | 2024-01-01T00:00:00Z     | 2024-04-01T00:00:00Z
			# one day field starts with * or is ?: the other decides
			0 0 */2 * MON          | 2024-01-01T00:00:00Z     | 2024-01-15T00:00:00Z
			0 0 ? * MON            | 2024-01-02T00:00:00Z     | 2024-01-08T00:00:00Z
			0 0 15 * ?             | 2024-01-02T00:00:00Z     | 2024-01-15T00:00:00Z
			0 0 15 * *             | 2024-01-15T00:00:00Z     | 2024-02-15T00:00:00Z
			# February 29
			0 0 29 2 *             | 2023-01-01T00:00:00Z     | 2024-02-29T00:00:00Z
			0 0 29 2 *             | 2024-02-29T00:00:00Z     | 2028-02-29T00:00:00Z
			0 0 29 2 *             | 2096-03-01T00:00:00Z     | 2104-02-29T00:00:00Z
			0 12 29 * *            | 2023-01-30T00:00:00Z     | 2023-03-29T12:00:00Z
			# month ends
			0 0 31 * *             | 2024-04-01T00:00:00Z     | 2024-05-31T00:00:00Z
			0 0 31 * *             | 2024-01-31T00:00:00Z     | 2024-03-31T00:00:00Z
			0 0 30 * *             | 2024-01-30T00:00:00Z     | 2024-03-30T00:00:00Z
			0 0 28-31 * *          | 2024-02-29T00:00:00Z     | 2024-03-28T00:00:00Z
			# year rollover
			0 0 1 1 *              | 2024-06-15T00:00:00Z     | 2025-01-01T00:00:00Z
			59 23 31 12 *          | 2024-12-31T23:59:00Z     | 2025-12-31T23:59:00Z
			0 0 * * *              | 2024-12-31T23:59:59Z     | 2025-01-01T00:00:00Z
			# Quartz forms: last day, n-th to last, nearest weekday, last Friday, 3rd Friday
			0 0 L * *              | 2024-01-01T00:00:00Z     | 2024-01-31T00:00:00Z
			0 0 L * *              | 2024-01-31T00:00:00Z     | 2024-02-29T00:00:00Z
			0 0 L-2 * *            | 2024-02-01T00:00:00Z     | 2024-02-27T00:00:00Z
			0 0 LW * *             | 2024-03-01T00:00:00Z     | 2024-03-29T00:00:00Z
			0 0 15W * *            | 2024-06-01T00:00:00Z     | 2024-06-14T00:00:00Z
			0 0 1W * *             | 2024-05-31T00:00:00Z     | 2024-06-03T00:00:00Z
			0 0 * * 5L             | 2024-01-01T00:00:00Z     | 2024-01-26T00:00:00Z
			0 0 * * FRI#3          | 2024-01-01T00:00:00Z     | 2024-01-19T00:00:00Z
			# six fields, seconds first
			* * * * * *            | 2024-01-01T10:00:00Z     | 2024-01-01T10:00:01Z
			* * * * * *            | 2024-01-01T10:00:00.500Z | 2024-01-01T10:00:01Z
			*/10 * * * * *         | 2024-01-01T10:00:05Z     | 2024-01-01T10:00:10Z
			*/10 * * * * *         | 2024-01-01T10:00:50Z     | 2024-01-01T10:01:00Z
			30 0 0 * * *           | 2024-01-01T00:00:30Z     | 2024-01-02T00:00:30Z
			15,45 30 * * * *       | 2024-01-01T10:30:15Z     | 2024-01-01T10:30:45Z
			15,45 30 * * * *       | 2024-01-01T10:30:45Z     | 2024-01-01T11:30:15Z
			0 0 0 29 2 ?           | 2024-01-01T00:00:00Z     | 2024-02-29T00:00:00Z
			# macros
			@yearly                | 2024-03-01T00:00:00Z     | 2025-01-01T00:00:00Z
			@annually              | 2024-03-01T00:00:00Z     | 2025-01-01T00:00:00Z
			@monthly               | 2024-01-15T00:00:00Z     | 2024-02-01T00:00:00Z
			@weekly                | 2024-01-03T00:00:00Z     | 2024-01-07T00:00:00Z
			@daily                 | 2024-01-01T00:00:00Z     | 2024-01-02T00:00:00Z
			@midnight              | 2024-01-01T12:00:00Z     | 2024-01-02T00:00:00Z
			@hourly                | 2024-01-01T10:00:00Z     | 2024-01-01T11:00:00Z
			@HOURLY                | 2024-01-01T10:59:59Z     | 2024-01-01T11:00:00Z
			""")
	void nextTime(String expression, Instant after, Instant expected) {
		assertThat(CronSchedule.parse(expression).next(after)).isEqualTo(expected);
	}

	@Test
	void nextIsStrictlyAfterAMatchingInstant() {
		CronSchedule schedule = CronSchedule.parse("0 0 1,15 * *");
		List<Instant> times = new ArrayList<>();
		Instant time = Instant.parse("2024-01-01T00:00:00Z");
		for (int i = 0; i < 4; i++) {
			time = schedule.next(time);
			times.add(time);
		}
		assertThat(times).containsExactly(Instant.parse("2024-01-15T00:00:00Z"), Instant.parse("2024-02-01T00:00:00Z"),
				Instant.parse("2024-02-15T00:00:00Z"), Instant.parse("2024-03-01T00:00:00Z"));
	}

	@Test
	void nextJustBeforeAMatchIsThatMatch() {
		CronSchedule schedule = CronSchedule.parse("0 12 * * *");
		assertThat(schedule.next(Instant.parse("2024-01-01T11:59:59.999999999Z")))
			.isEqualTo(Instant.parse("2024-01-01T12:00:00Z"));
		assertThat(schedule.next(Instant.parse("2024-01-01T12:00:00Z")))
			.isEqualTo(Instant.parse("2024-01-02T12:00:00Z"));
		assertThat(schedule.next(Instant.parse("2024-01-01T12:00:00.000000001Z")))
			.isEqualTo(Instant.parse("2024-01-02T12:00:00Z"));
	}

	@Test
	void agreesWithMinuteByMinuteScanOverAYear() {
		assertAgreesWithScan("*/7 3,4 * * *", (t) -> t.getMinute() % 7 == 0 && (t.getHour() == 3 || t.getHour() == 4));
		assertAgreesWithScan("30 6 13 * FRI", (t) -> t.getMinute() == 30 && t.getHour() == 6 && t.getDayOfMonth() == 13
				&& t.getDayOfWeek() == DayOfWeek.FRIDAY);
		assertAgreesWithScan("0 12 1-7 * 1-5", (t) -> t.getMinute() == 0 && t.getHour() == 12 && t.getDayOfMonth() <= 7
				&& t.getDayOfWeek().getValue() <= 5);
		assertAgreesWithScan("0 0 */2 * MON", (t) -> t.getMinute() == 0 && t.getHour() == 0
				&& t.getDayOfMonth() % 2 == 1 && t.getDayOfWeek() == DayOfWeek.MONDAY);
		assertAgreesWithScan("15 22 29-31 feb-apr,DEC *",
				(t) -> t.getMinute() == 15 && t.getHour() == 22 && t.getDayOfMonth() >= 29
						&& (t.getMonthValue() <= 4 && t.getMonthValue() >= 2 || t.getMonthValue() == 12));
	}

	private static void assertAgreesWithScan(String expression, Predicate<LocalDateTime> matches) {
		CronSchedule schedule = CronSchedule.parse(expression);
		LocalDateTime start = LocalDateTime.of(2023, 12, 31, 0, 0);
		LocalDateTime end = LocalDateTime.of(2025, 1, 1, 0, 0);
		List<LocalDateTime> expected = new ArrayList<>();
		for (LocalDateTime t = start.plusMinutes(1); t.isBefore(end); t = t.plusMinutes(1)) {
			if (matches.test(t)) {
				expected.add(t);
			}
		}
		List<LocalDateTime> actual = new ArrayList<>();
		Instant time = start.toInstant(ZoneOffset.UTC);
		while (true) {
			time = schedule.next(time);
			LocalDateTime local = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
			if (!local.isBefore(end)) {
				break;
			}
			actual.add(local);
		}
		assertThat(expected).as(expression).isNotEmpty();
		assertThat(actual).as(expression).isEqualTo(expected);
	}

	@Test
	void sparseScheduleIsFoundQuickly() {
		CronSchedule schedule = CronSchedule.parse("59 59 23 29 2 *");
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
			Instant time = Instant.parse("2000-01-01T00:00:00Z");
			for (int i = 0; i < 2000; i++) {
				time = schedule.next(time);
			}
			// 2000 leap days later, skipping 2100, 2200, 2300, 2500, ...
			assertThat(LocalDateTime.ofInstant(time, ZoneOffset.UTC).getYear()).isGreaterThan(9000);
		});
	}

	@Test
	void toStringIsTheExpressionAsGiven() {
		assertThat(CronSchedule.parse(" 0  12 * * * ")).hasToString(" 0  12 * * * ");
		assertThat(CronSchedule.parse("@daily")).hasToString("@daily");
	}

	@Test
	void extraWhitespaceBetweenFieldsIsAccepted() {
		assertThat(CronSchedule.parse(" 0 \t 12   * * * ").next(Instant.parse("2024-01-01T00:00:00Z")))
			.isEqualTo(Instant.parse("2024-01-01T12:00:00Z"));
	}

	@Test
	void nextRejectsNull() {
		assertThatNullPointerException().isThrownBy(() -> CronSchedule.parse("* * * * *").next(null));
		assertThatNullPointerException().isThrownBy(() -> CronSchedule.parse("* * * * *").next(null, ZoneOffset.UTC));
		assertThatNullPointerException()
			.isThrownBy(() -> CronSchedule.parse("* * * * *").next(Instant.parse("2024-01-01T00:00:00Z"), null));
	}

	@ParameterizedTest(name = "''{0}'' in {1} after {2} is {3}, then {4}")
	@CsvSource(delimiter = '|', textBlock = """
			# Paris springs forward on 2024-03-31 at 02:00: 02:30 runs once, shifted by the gap to 03:30
			0 30 2 * * *  | Europe/Paris        | 2024-03-30T12:00:00Z | 2024-03-31T01:30:00Z | 2024-04-01T00:30:00Z
			0 30 2 * * *  | Europe/Paris        | 2024-03-31T00:00:00Z | 2024-03-31T01:30:00Z | 2024-04-01T00:30:00Z
			0 30 2 * * *  | Europe/Paris        | 2024-03-31T01:29:59Z | 2024-03-31T01:30:00Z | 2024-04-01T00:30:00Z
			# every minute of the missing hour runs once, shifted into the next one
			0 * 2 * * *   | Europe/Paris        | 2024-03-31T01:58:30Z | 2024-03-31T01:59:00Z | 2024-04-01T00:00:00Z
			# and falls back on 2024-10-27 at 03:00: 02:30 runs once, at its first occurrence
			0 30 2 * * *  | Europe/Paris        | 2024-10-26T12:00:00Z | 2024-10-27T00:30:00Z | 2024-10-28T01:30:00Z
			# New York springs forward on 2024-03-10 at 02:00 and falls back on 2024-11-03 at 02:00
			30 2 * * *    | America/New_York    | 2024-03-09T12:00:00Z | 2024-03-10T07:30:00Z | 2024-03-11T06:30:00Z
			30 1 * * *    | America/New_York    | 2024-11-02T12:00:00Z | 2024-11-03T05:30:00Z | 2024-11-04T06:30:00Z
			# an hourly schedule runs in both copies of the repeated hour, and skips the missing one
			0 * * * *     | America/New_York    | 2024-11-03T05:00:00Z | 2024-11-03T06:00:00Z | 2024-11-03T07:00:00Z
			0 * * * *     | America/New_York    | 2024-03-10T06:00:00Z | 2024-03-10T07:00:00Z | 2024-03-10T08:00:00Z
			# odd offsets
			0 9 * * *     | Asia/Kathmandu      | 2024-01-01T00:00:00Z | 2024-01-01T03:15:00Z | 2024-01-02T03:15:00Z
			0 0 1 * *     | Australia/Lord_Howe | 2024-01-01T00:00:00Z | 2024-01-31T13:00:00Z | 2024-02-29T13:00:00Z
			# the same day in UTC and in Tokyo
			0 0 0 29 2 *  | Asia/Tokyo          | 2024-01-01T00:00:00Z | 2024-02-28T15:00:00Z | 2028-02-28T15:00:00Z
			""")
	void nextInAZone(String expression, ZoneId zone, Instant after, Instant expected, Instant then) {
		CronSchedule schedule = CronSchedule.parse(expression);
		Instant next = schedule.next(after, zone);
		assertThat(next).isEqualTo(expected);
		assertThat(schedule.next(next, zone)).isEqualTo(then);
	}

	@Test
	void nextWithoutAZoneIsInUtc() {
		CronSchedule schedule = CronSchedule.parse("0 30 2 * * *");
		Instant after = Instant.parse("2024-10-26T12:00:00Z");
		assertThat(schedule.next(after)).isEqualTo(schedule.next(after, ZoneOffset.UTC))
			.isEqualTo(Instant.parse("2024-10-27T02:30:00Z"));
	}

	/**
	 * Samoa skipped 2011-12-30, a gap of a whole day: its times run a day later, as
	 * Spring runs them, so a daily time runs once on the 31st and the last Friday of
	 * December, the 30th, runs on the 31st at the same wall-clock time.
	 */
	@Test
	void skippedDayInApia() {
		ZoneId apia = ZoneId.of("Pacific/Apia");
		Instant after = Instant.parse("2011-12-29T22:00:00Z");
		assertThat(CronSchedule.parse("0 0 12 * * *").next(after, apia))
			.isEqualTo(Instant.parse("2011-12-30T22:00:00Z"));
		assertThat(CronSchedule.parse("0 58 1 LW * 5L").next(Instant.parse("2011-12-01T00:00:00Z"), apia))
			.isEqualTo(Instant.parse("2011-12-30T11:58:00Z"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   " })
	void rejectsEmptyExpression(String expression) {
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse(expression))
			.withMessage("cron expression must not be empty");
	}

	@Test
	void rejectsNullExpression() {
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse(null))
			.withMessage("cron expression must not be empty");
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			textBlock = """
					* * * *            | has 4 fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)
					* * * * * * *      | has 7 fields; expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)
					0 0 30 2 *         | can never fire
					0 0 31 4,6,9,11 *  | can never fire
					0 0 0 31 2 ?       | can never fire
					@reboot            | is not a known macro; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly
					""")
	void rejectsWholeExpression(String expression, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse(expression))
			.withMessage("cron expression '" + expression + "' " + problem);
	}

	@ParameterizedTest(name = "''{0}''")
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			60 * * * *           | minute value '60' is out of range 0-59
			* 24 * * *           | hour value '24' is out of range 0-23
			* * 0 * *            | day-of-month value '0' is out of range 1-31
			* * 32 * *           | day-of-month value '32' is out of range 1-31
			* * * 0 *            | month value '0' is out of range 1-12
			* * * 13 *           | month value '13' is out of range 1-12
			* * * * 8            | day-of-week value '8' is out of range 0-7
			60 * * * * *         | second value '60' is out of range 0-59
			99999999999 * * * *  | minute value '99999999999' is out of range 0-59
			1-60 * * * *         | minute value '60' is out of range 0-59
			* * * FOO *          | month value 'FOO' is not a number or a month name (JAN-DEC)
			* * * * FUNDAY       | day-of-week value 'FUNDAY' is not a number or a day name (MON-SUN)
			* * * MON *          | month value 'MON' is not a number or a month name (JAN-DEC)
			* * * * JAN          | day-of-week value 'JAN' is not a number or a day name (MON-SUN)
			MON * * * *          | minute value 'MON' is not a number
			* * 3L * *           | day-of-month '3L' is not valid; 'L' and 'W' are used as L, L-n, LW or nW
			* * L-28 * *         | day-of-month 'L-28' needs a number of days from 1 to 27 after 'L-'
			* * 29W * *          | day-of-month '29W' needs a day from 1 to 28 before 'W'
			* * * * 1#6          | day-of-week '1#6' needs an ordinal from 1 to 5 after '#'
			* * * * 8L           | day-of-week '8L' needs a day of the week from 0 to 7 or MON-SUN
			* * * * L            | day-of-week 'L' is not valid; 'L' and '#' are used as dL or d#n
			1-2-3 * * * *        | minute value '2-3' is not a number
			1,,2 * * * *         | minute field '1,,2' has an empty list element
			1, * * * *           | minute field '1,' has an empty list element
			,1 * * * *           | minute field ',1' has an empty list element
			5- * * * *           | minute element '5-' is not valid
			-1 * * * *           | minute element '-1' is not valid
			*/ * * * *           | minute element '*/' has no step after '/'
			*/0 * * * *          | minute step '0' is not a number from 1 to 999999999
			*/x * * * *          | minute step 'X' is not a number from 1 to 999999999
			*/9999999999 * * * * | minute step '9999999999' is not a number from 1 to 999999999
			30-10 * * * *        | minute range '30-10' starts after it ends
			* * * * FRI-MON      | day-of-week range '5-1' starts after it ends
			? * * * *            | minute field may not be '?', which is only for day-of-month and day-of-week
			* * * ? *            | month field may not be '?', which is only for day-of-month and day-of-week
			""")
	void rejectsBadField(String expression, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> CronSchedule.parse(expression))
			.withMessage("cron expression '" + expression + "': " + problem);
	}

}
