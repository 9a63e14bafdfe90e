package dev.taskqueue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ScheduleRequestTests {

	@Test
	void defaultsAreUtcRunOnceAndNoOptions() {
		ScheduleRequest request = ScheduleRequest.builder("nightly", "report").cron("0 0 2 * * *").build();

		assertThat(request.zone()).isEqualTo(ZoneOffset.UTC);
		assertThat(request.misfire()).isEqualTo(Misfire.RUN_ONCE);
		assertThat(request.options()).isEqualTo(TaskOptions.none());
		assertThat(request.declared()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "-starts-with-dash", "has space", "has/slash", "ünïcode", "a?b", "a#b" })
	void refusesIdsThatDoNotFitInAPath(String id) {
		assertThatIllegalArgumentException().isThrownBy(() -> ScheduleRequest.checkId(id))
			.withMessageContaining("schedule id");
	}

	@Test
	void refusesIdsLongerThanTheMaximum() {
		ScheduleRequest.checkId("a".repeat(ScheduleRequest.MAX_ID_LENGTH));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.checkId("a".repeat(ScheduleRequest.MAX_ID_LENGTH + 1)));
	}

	@Test
	void needsExactlyOneTrigger() {
		assertThatIllegalArgumentException().isThrownBy(() -> ScheduleRequest.builder("s", "t").build())
			.withMessageContaining("exactly one of cron and every");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.builder("s", "t").cron("@daily").every(Duration.ofMinutes(1)).build());
	}

	@Test
	void refusesBadTriggersAndBounds() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.builder("s", "t").cron("0 0 25 * * *").build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.builder("s", "t").every(Duration.ZERO).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.builder("s", "t").every(Duration.ofSeconds(-1)).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.builder("s", "t").every(Duration.ofSeconds(Long.MAX_VALUE)).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.builder("s", "t").every(Duration.ofNanos(999_999)).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.builder("s", "t").every(Duration.ofMinutes(1)).limit(0).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.builder("s", "t")
				.every(Duration.ofMinutes(1))
				.zone(ZoneId.of("Europe/Paris"))
				.build())
			.withMessageContaining("zone");
		assertThatIllegalArgumentException().isThrownBy(
				() -> ScheduleRequest.builder("s", "t").every(Duration.ofMinutes(1)).startAt(Instant.MAX).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ScheduleRequest.builder("s", "t")
				.every(Duration.ofMinutes(1))
				.startAt(Instant.parse("2030-01-02T00:00:00Z"))
				.endAt(Instant.parse("2030-01-01T00:00:00Z"))
				.build())
			.withMessageContaining("endAt");
	}

	@Test
	void refusesTaskOptionsThatASchedulesOwnTimesReplace() {
		ScheduleRequest.Builder builder = ScheduleRequest.builder("s", "t").cron("@hourly");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.options(TaskOptions.builder().delay(Duration.ofSeconds(1)).build()).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.options(TaskOptions.builder().idempotencyKey("k").build()).build());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.options(TaskOptions.builder().every(Duration.ofMinutes(1)).build()).build());
	}

	@Test
	void misfireReadsItsJsonFormAndName() {
		assertThat(Misfire.parse("run-once")).isEqualTo(Misfire.RUN_ONCE);
		assertThat(Misfire.parse("RUN_ONCE")).isEqualTo(Misfire.RUN_ONCE);
		assertThat(Misfire.parse(" Skip ")).isEqualTo(Misfire.SKIP);
		assertThat(Misfire.SKIP.value()).isEqualTo("skip");
		assertThatIllegalArgumentException().isThrownBy(() -> Misfire.parse("twice"));
		assertThatIllegalArgumentException().isThrownBy(() -> Misfire.parse(null));
	}

}
