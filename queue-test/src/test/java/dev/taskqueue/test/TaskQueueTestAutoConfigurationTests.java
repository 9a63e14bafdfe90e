package dev.taskqueue.test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskqueue.TaskOptions;
import dev.taskqueue.Task;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** What the module's auto-configuration provides, and how it backs off. */
class TaskQueueTestAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TaskQueueAutoConfiguration.class, TaskQueueTestAutoConfiguration.class))
		.withPropertyValues("taskqueue.worker.enabled=false");

	@Test
	void theEngineRunsOnTheTestClockThatTheTesterMoves() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TaskQueueTester.class)
				.getBean(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME)
				.isInstanceOf(TaskQueueTestClock.class);
			TaskQueueTester tester = context.getBean(TaskQueueTester.class);
			TaskEngine engine = context.getBean(TaskEngine.class);
			engine.register(HandlerDefinition.of("any", "q", (payload, ctx) -> null));

			tester.advanceClock(Duration.ofDays(3));
			Task task = engine.get(engine.enqueue("any", "x", TaskOptions.none())).orElseThrow();

			assertThat(task.createdAt()).isAfter(Instant.now().plus(Duration.ofDays(2)));
			assertThat(context.getBean(TaskQueueTestClock.class).offset()).isEqualTo(Duration.ofDays(3));
		});
	}

	@Test
	void theClockOnlyMovesForward() {
		TaskQueueTestClock clock = new TaskQueueTestClock();
		assertThatIllegalArgumentException().isThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
			.withMessageContaining("only moves forward");
		clock.advance(Duration.ofHours(2));
		assertThat(clock.withZone(ZoneOffset.ofHours(1)).instant()).isAfter(Instant.now().plusSeconds(7000));
	}

	@Test
	void anApplicationClockThatCannotMoveFailsTheTesterWithAClearMessage() {
		this.runner.withBean(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME, Clock.class, Clock::systemUTC)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("the TaskQueueTester needs a " + TaskQueueTestClock.class.getName()));
	}

}
