package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskqueue.Backoff;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.QueueDefaults;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@code taskqueue.queues.<name>.*} beyond concurrency: per-queue attempts,
 * backoff, timeout and retention, their fallback to the global properties, and the
 * start-up failures of wrong values.
 */
class QueuePropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class));

	@Test
	void mapsQueuePropertiesIntoQueueDefaults() {
		this.runner
			.withPropertyValues("taskqueue.queues.emails.max-attempts=5", "taskqueue.queues.emails.timeout=2m",
					"taskqueue.queues.emails.backoff.type=fixed", "taskqueue.queues.emails.backoff.delay=10s",
					"taskqueue.queues.reports.concurrency=2", "taskqueue.queues.reports.backoff.delay=3s",
					"taskqueue.queues.reports.backoff.jitter=0.5", "taskqueue.defaults.backoff.max-delay=1h",
					"taskqueue.queues.idle.concurrency=4")
			.run((context) -> {
				EngineSettings settings = context.getBean(TaskEngine.class).settings();
				assertThat(settings.queueDefaults()).containsOnlyKeys("emails", "reports");
				assertThat(settings.queueDefaults().get("emails"))
					.isEqualTo(new QueueDefaults(5, Backoff.fixed(Duration.ofSeconds(10)), Duration.ofMinutes(2)));
				assertThat(settings.queueDefaults().get("reports")).as("unset values from taskqueue.defaults")
					.isEqualTo(new QueueDefaults(null,
							new Backoff(Backoff.Kind.EXPONENTIAL, Duration.ofSeconds(3), Duration.ofHours(1), 0.5),
							null));
				assertThat(settings.queueConcurrency()).isEqualTo(Map.of("reports", 2, "idle", 4));
				assertThat(settings.maxAttemptsOf("reports")).isEqualTo(3);
			});
	}

	@Test
	void mapsQueueRetentionPropertiesWithTheGlobalOnesBehind() {
		this.runner
			.withPropertyValues("taskqueue.retention.completed.max-age=2h",
					"taskqueue.queues.brief.retention.completed.max-count=1",
					"taskqueue.queues.dead.retention.failed.max-age=30d", "taskqueue.queues.plain.max-attempts=2")
			.run((context) -> {
				RetentionPolicy policy = TaskQueueSettings.retentionPolicy(context.getBean(TaskQueueProperties.class));
				assertThat(policy.queues()).containsOnlyKeys("brief", "dead");
				assertThat(policy.forQueue("brief").completed()).isEqualTo(new Retention(1, Duration.ofHours(2)));
				assertThat(policy.forQueue("brief").failed()).isEqualTo(new Retention(10_000, Duration.ofDays(7)));
				assertThat(policy.forQueue("dead").failed()).isEqualTo(new Retention(10_000, Duration.ofDays(30)));
				assertThat(policy.forQueue("plain")).isSameAs(policy);
			});
	}

	@Test
	void aQueuesRetentionAppliesToItsTasksOnly() {
		this.runner.withBean(Handlers.class)
			.withPropertyValues("taskqueue.queues.brief.retention.completed.max-count=0")
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				Handlers handlers = context.getBean(Handlers.class);
				String brief = queue.enqueue("brief", "a");
				String kept = queue.enqueue("kept", "b");
				await().atMost(Duration.ofSeconds(10)).until(() -> handlers.handled.size() == 2);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> queue.get(kept).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false));
				await().atMost(Duration.ofSeconds(10)).until(() -> queue.get(brief).isEmpty());
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					taskqueue.queues.emails.max-attempts                  | -1     | must be at least 1
					taskqueue.queues.emails.max-attempts                  | 0      | must be at least 1
					taskqueue.queues.emails.timeout                       | 0s     | must be positive (leave it unset for taskqueue.defaults.timeout)
					taskqueue.queues.emails.timeout                       | -5s    | must be positive
					taskqueue.queues.emails.timeout                       | 36501d | at most 36500 days
					taskqueue.queues.emails.backoff.delay                 | -1s    | zero or more
					taskqueue.queues.emails.backoff.max-delay             | 100ms  | must not be shorter than taskqueue.queues.emails.backoff.delay (PT1S)
					taskqueue.queues.emails.backoff.jitter                | 1.5    | between 0 and 1
					taskqueue.queues.emails.backoff.jitter                | -0.1   | between 0 and 1
					taskqueue.queues.emails.retention.completed.max-count | -1     | must be at least 0
					taskqueue.queues.emails.retention.failed.max-age      | -1d    | zero or more
					taskqueue.queues.emails.retention.failed.max-age      | 36501d | at most 36500 days
					""")
	void invalidQueuePropertyFailsStartupNamingIt(String name, String value, String reason) {
		this.runner.withPropertyValues(name + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property " + name + " with value")
				.hasMessageContaining(reason);
		});
	}

	@Test
	void aQueueDelayLongerThanTheGlobalMaxDelaySaysWhereTheMaxDelayComesFrom() {
		this.runner.withPropertyValues("taskqueue.queues.emails.backoff.delay=10m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property taskqueue.queues.emails.backoff.max-delay with value 'PT5M'")
				.hasMessageContaining("must not be shorter than taskqueue.queues.emails.backoff.delay (PT10M)")
				.hasMessageContaining("so it comes from taskqueue.defaults.backoff.max-delay: "
						+ "set taskqueue.queues.emails.backoff.max-delay too"));
		this.runner
			.withPropertyValues("taskqueue.queues.emails.backoff.delay=10m",
					"taskqueue.queues.emails.backoff.type=fixed")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void anInvalidQueueNameWithOnlyRetentionFailsStartupNamingIt() {
		this.runner.withPropertyValues("taskqueue.queues[_brief].retention.completed.max-count=1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property taskqueue.queues._brief with value")
				.hasMessageContaining("is not valid"));
	}

	@Test
	void aValueThatIsNotANumberFailsBinding() {
		this.runner.withPropertyValues("taskqueue.queues.emails.max-attempts=many")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("taskqueue.queues.emails.max-attempts"));
	}

	static class Handlers {

		final CopyOnWriteArrayList<String> handled = new CopyOnWriteArrayList<>();

		@TaskHandler(type = "brief", queue = "brief")
		void brief(String text) {
			this.handled.add(text);
		}

		@TaskHandler(type = "kept", queue = "kept")
		void kept(String text) {
			this.handled.add(text);
		}

	}

}
