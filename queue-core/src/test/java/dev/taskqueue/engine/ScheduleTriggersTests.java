package dev.taskqueue.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.taskqueue.Backoff;
import dev.taskqueue.Misfire;
import dev.taskqueue.Schedule;
import dev.taskqueue.TaskLimits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTriggersTests {

	private static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

	private static Schedule every(Duration every, Instant startAt, Instant endAt, Integer limit) {
		return schedule(null, ZoneOffset.UTC, every, startAt, endAt, limit);
	}

	private static Schedule cron(String cron, ZoneId zone) {
		return schedule(cron, zone, null, null, null, null);
	}

	private static Schedule schedule(String cron, ZoneId zone, Duration every, Instant startAt, Instant endAt,
			Integer limit) {
		return new Schedule("s", "t", "q", null, 0, 1, Backoff.fixed(Duration.ofSeconds(1)), null, cron, zone, every,
				limit, startAt, endAt, Misfire.RUN_ONCE, false, false, NOW, NOW, null, null, null, null, 0);
	}

	@Test
	void anIntervalStartsAtOnceOrAtItsStartInPhase() {
		Duration tenMinutes = Duration.ofMinutes(10);
		assertThat(ScheduleTriggers.first(every(tenMinutes, null, null, null), NOW)).isEqualTo(NOW);
		assertThat(ScheduleTriggers.first(every(tenMinutes, NOW.plusSeconds(90), null, null), NOW))
			.isEqualTo(NOW.plusSeconds(90));
		// a start in the past keeps its phase: 09:03 + k * 10 min
		assertThat(ScheduleTriggers.first(every(tenMinutes, NOW.minusSeconds(57 * 60), null, null), NOW))
			.isEqualTo(NOW.plusSeconds(3 * 60));
	}

	@Test
	void afterAGapTheNextDueTimeIsTheFirstInPhaseAfterNow() {
		Schedule schedule = every(Duration.ofMinutes(10), null, null, null);

		assertThat(ScheduleTriggers.after(schedule, NOW, NOW, 1)).isEqualTo(NOW.plusSeconds(600));
		assertThat(ScheduleTriggers.after(schedule, NOW, NOW.plusSeconds(600), 1)).isEqualTo(NOW.plusSeconds(1200));
		assertThat(ScheduleTriggers.after(schedule, NOW, NOW.plusSeconds(3 * 3600 + 1), 1))
			.isEqualTo(NOW.plusSeconds(3 * 3600 + 600));
	}

	@Test
	void aDueTimeIsMissedWhenItsSuccessorPassedOrItIsTooLate() {
		Schedule schedule = every(Duration.ofMinutes(10), null, null, null);
		Duration threshold = Duration.ofMinutes(1);

		assertThat(ScheduleTriggers.missed(schedule, NOW, NOW.plusSeconds(30), threshold)).isFalse();
		assertThat(ScheduleTriggers.missed(schedule, NOW, NOW.plusSeconds(61), threshold)).isTrue();
		Schedule fast = every(Duration.ofSeconds(5), null, null, null);
		assertThat(ScheduleTriggers.missed(fast, NOW, NOW.plusSeconds(5), threshold)).isTrue();
		assertThat(ScheduleTriggers.missed(fast, NOW, NOW.plusSeconds(4), threshold)).isFalse();
	}

	@Test
	void limitEndAndTheEndOfTimeEndTheSeries() {
		assertThat(ScheduleTriggers.after(every(Duration.ofMinutes(1), null, null, 3), NOW, NOW, 3)).isNull();
		assertThat(ScheduleTriggers.after(every(Duration.ofMinutes(1), null, null, 3), NOW, NOW, 2)).isNotNull();
		assertThat(ScheduleTriggers.after(every(Duration.ofMinutes(1), null, NOW.plusSeconds(59), null), NOW, NOW, 1))
			.isNull();
		Schedule longest = every(TaskLimits.MAX_DURATION, null, null, null);
		Instant late = TaskLimits.MAX_INSTANT.minus(Duration.ofDays(1));
		assertThat(ScheduleTriggers.after(longest, late, late, 1)).isNull();
		assertThat(ScheduleTriggers.after(cron("0 0 0 1 1 *", ZoneOffset.UTC), late, late, 1)).isNull();
	}

	@Test
	void cronFirstDueTimeIsStrictlyAfterNowInItsZone() {
		assertThat(ScheduleTriggers.first(cron("0 0 * * * *", ZoneOffset.UTC), NOW)).isEqualTo(NOW.plusSeconds(3600));
		assertThat(ScheduleTriggers.first(cron("0 0 12 * * *", ZoneId.of("Asia/Tokyo")), NOW))
			.isEqualTo(Instant.parse("2030-01-02T03:00:00Z"));
	}

}
