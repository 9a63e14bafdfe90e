package dev.taskqueue.test;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.taskqueue.TaskLimits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The movable clock at its extremes: it refuses to move backwards or past the last
 * instant a task may hold, and is left where it was.
 */
class TaskQueueTestClockTests {

	private final TaskQueueTestClock clock = new TaskQueueTestClock();

	@Test
	void movesAheadByTheAmount() {
		Instant before = this.clock.instant();
		Instant after = this.clock.advance(Duration.ofDays(1));
		assertThat(Duration.between(before, after)).isGreaterThanOrEqualTo(Duration.ofDays(1));
		assertThat(this.clock.offset()).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void refusesToMovePastTheLastInstantAndStaysWhereItWas() {
		this.clock.advance(Duration.ofHours(1));
		assertThatIllegalArgumentException().isThrownBy(() -> this.clock.advance(Duration.ofDays(365L * 1_000_000_000)))
			.withMessageContaining(TaskLimits.MAX_INSTANT.toString());
		assertThat(this.clock.offset()).isEqualTo(Duration.ofHours(1));
		assertThat(this.clock.instant()).isBefore(TaskLimits.MAX_INSTANT);
	}

	@Test
	void refusesToMoveBackwards() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.clock.advance(Duration.ofSeconds(-1)));
		assertThat(this.clock.offset()).isZero();
	}

}
