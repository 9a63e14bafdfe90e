package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.unit.DataSize;

import dev.taskqueue.Backoff;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.boot.handler.TaskQueueLifecycle;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.testing.SettableClock;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskQueueAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskQueueAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class));

	@Test
	void defaultsToTheMemoryBackendAndAnEngineWithDefaultSettings() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TaskQueue.class)
				.hasSingleBean(TaskEngine.class)
				.hasSingleBean(InMemoryTaskBackend.class)
				.hasSingleBean(TaskQueueLifecycle.class);
			TaskEngine engine = context.getBean(TaskEngine.class);
			assertThat(engine.backend()).isSameAs(context.getBean(TaskBackend.class));
			assertThat(engine.settings()).isEqualTo(EngineSettings.defaults());
			assertThat(engine.isRunning()).isTrue();
		});
	}

	@Test
	void mapsPropertiesIntoEngineSettings() {
		this.runner
			.withPropertyValues("taskqueue.backend=memory", "taskqueue.worker.enabled=false",
					"taskqueue.worker.concurrency=7", "taskqueue.worker.virtual-threads=true",
					"taskqueue.worker.lease-duration=10s", "taskqueue.worker.max-stalls=4",
					"taskqueue.worker.progress-interval=1s", "taskqueue.queues.emails.concurrency=2",
					"taskqueue.queues.reports.concurrency=9", "taskqueue.defaults.max-attempts=6",
					"taskqueue.defaults.timeout=2m", "taskqueue.defaults.max-payload-size=64KB",
					"taskqueue.defaults.backoff.type=fixed", "taskqueue.defaults.backoff.delay=3s",
					"taskqueue.shutdown.timeout=12s", "taskqueue.worker.heartbeat-interval=750ms")
			.run((context) -> {
				EngineSettings settings = context.getBean(TaskEngine.class).settings();
				assertThat(settings.workerEnabled()).isFalse();
				assertThat(settings.concurrency()).isEqualTo(7);
				assertThat(settings.virtualThreads()).isTrue();
				assertThat(settings.leaseDuration()).isEqualTo(Duration.ofSeconds(10));
				assertThat(settings.maxStalls()).isEqualTo(4);
				assertThat(settings.progressInterval()).isEqualTo(Duration.ofSeconds(1));
				assertThat(settings.queueConcurrency()).isEqualTo(Map.of("emails", 2, "reports", 9));
				assertThat(settings.maxAttempts()).isEqualTo(6);
				assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(2));
				assertThat(settings.maxPayloadBytes()).isEqualTo((int) DataSize.ofKilobytes(64).toBytes());
				assertThat(settings.backoff()).isEqualTo(Backoff.fixed(Duration.ofSeconds(3)));
				assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(12));
				assertThat(settings.heartbeatInterval()).isEqualTo(Duration.ofMillis(750));
			});
	}

	@Test
	void failureLoggingLevelsAreProperties() {
		this.runner.run((context) -> {
			EngineSettings settings = context.getBean(TaskEngine.class).settings();
			assertThat(settings.retriedAttemptLogLevel()).isEqualTo(System.Logger.Level.INFO);
			assertThat(settings.failedTaskLogLevel()).isEqualTo(System.Logger.Level.WARNING);
		});
		this.runner.withPropertyValues("taskqueue.logging.retried-attempts=off", "taskqueue.logging.failed-tasks=error")
			.run((context) -> {
				EngineSettings settings = context.getBean(TaskEngine.class).settings();
				assertThat(settings.retriedAttemptLogLevel()).isEqualTo(System.Logger.Level.OFF);
				assertThat(settings.failedTaskLogLevel()).isEqualTo(System.Logger.Level.ERROR);
			});
		this.runner.withPropertyValues("taskqueue.logging.failed-tasks=loud")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void virtualThreadsFollowSpringsSwitchUnlessTheWorkerPropertySaysOtherwise() {
		// as Boot reads it: on from Java 21
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(context.getBean(TaskEngine.class).settings().virtualThreads())
				.isEqualTo(Runtime.version().feature() >= 21));
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true", "taskqueue.worker.virtual-threads=false")
			.run((context) -> assertThat(context.getBean(TaskEngine.class).settings().virtualThreads()).isFalse());
		this.runner
			.run((context) -> assertThat(context.getBean(TaskEngine.class).settings().virtualThreads()).isFalse());
	}

	@Test
	void announcesTheEngineUnderTheApplicationsName() {
		this.runner.withPropertyValues("spring.application.name=billing")
			.run((context) -> await()
				.untilAsserted(() -> assertThat(context.getBean(TaskQueue.class).instances()).singleElement()
					.satisfies((instance) -> assertThat(instance.application()).isEqualTo("billing"))));
		this.runner.run((context) -> await()
			.untilAsserted(() -> assertThat(context.getBean(TaskQueue.class).instances()).singleElement()
				.satisfies((instance) -> assertThat(instance.application()).isEqualTo("application"))));
	}

	@Test
	void mapsExponentialBackoffProperties() {
		this.runner
			.withPropertyValues("taskqueue.defaults.backoff.delay=2s", "taskqueue.defaults.backoff.max-delay=1m",
					"taskqueue.defaults.backoff.jitter=0.5")
			.run((context) -> assertThat(context.getBean(TaskEngine.class).settings().backoff())
				.isEqualTo(new Backoff(Backoff.Kind.EXPONENTIAL, Duration.ofSeconds(2), Duration.ofMinutes(1), 0.5)));
	}

	@Test
	void mapsRetentionPropertiesIntoTheMemoryBackend() {
		this.runner.withUserConfiguration(EchoHandlerConfiguration.class)
			.withPropertyValues("taskqueue.retention.completed.max-count=0")
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				EchoHandler handler = context.getBean(EchoHandler.class);
				String id = queue.enqueue("echo", "hello");
				await().atMost(Duration.ofSeconds(10)).until(() -> handler.handled.contains("hello"));
				// a completed task is kept while max-count allows: none here
				await().atMost(Duration.ofSeconds(10)).until(() -> queue.get(id).isEmpty());
			});
	}

	@Test
	void keepsCompletedTasksByDefault() {
		this.runner.withUserConfiguration(EchoHandlerConfiguration.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			String id = queue.enqueue("echo", "hello");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> queue.get(id).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false));
			assertThat(queue.get(id).orElseThrow().result().asString()).isEqualTo("hello");
		});
	}

	@Test
	void backsOffForAUserDefinedBackend() {
		InMemoryTaskBackend own = new InMemoryTaskBackend();
		this.runner.withBean("myBackend", TaskBackend.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(TaskBackend.class).doesNotHaveBean("taskQueueBackend");
			assertThat(context.getBean(TaskEngine.class).backend()).isSameAs(own);
		});
	}

	@Test
	void backsOffForAUserDefinedTaskQueueAndStillStartsIt() {
		TaskEngine own = TaskEngine.builder().backend(new InMemoryTaskBackend()).build();
		this.runner.withBean("myQueue", TaskEngine.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(TaskQueue.class).doesNotHaveBean("taskQueue");
			assertThat(context.getBean(TaskQueue.class)).isSameAs(own);
			assertThat(own.isRunning()).isTrue();
		});
		assertThat(own.isRunning()).isFalse();
	}

	@Test
	void usesTheClockBeanNamedTaskQueueClock() {
		SettableClock clock = new SettableClock(Instant.parse("2030-01-02T03:04:05Z"));
		this.runner.withUserConfiguration(EchoHandlerConfiguration.class)
			.withBean(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME, SettableClock.class, () -> clock)
			.withPropertyValues("taskqueue.worker.enabled=false")
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				String id = queue.enqueue("echo", "hello");
				assertThat(queue.get(id).orElseThrow().createdAt()).isEqualTo(clock.instant());
			});
	}

	@Test
	void ignoresClockBeansWithOtherNames() {
		SettableClock clock = new SettableClock(Instant.parse("2030-01-02T03:04:05Z"));
		this.runner.withUserConfiguration(EchoHandlerConfiguration.class)
			.withBean("someClock", SettableClock.class, () -> clock)
			.withPropertyValues("taskqueue.worker.enabled=false")
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				String id = queue.enqueue("echo", "hello");
				assertThat(queue.get(id).orElseThrow().createdAt()).isAfter(Instant.parse("2020-01-01T00:00:00Z"))
					.isBefore(clock.instant());
			});
	}

	@Test
	void usesTheApplicationsJsonMapper() {
		JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		this.runner.withUserConfiguration(GreetingHandlerConfiguration.class)
			.withBean(JsonMapper.class, () -> snakeCase)
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				String id = queue.enqueue("greet", new Greeting("Ada Lovelace"));
				assertThat(queue.get(id).orElseThrow().payload().has("full_name")).isTrue();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> queue.get(id).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false));
				assertThat(queue.get(id).orElseThrow().result().get("full_name").asString())
					.isEqualTo("Hello Ada Lovelace");
			});
	}

	@Test
	void workerDisabledLeavesTasksWaiting() {
		this.runner.withUserConfiguration(EchoHandlerConfiguration.class)
			.withPropertyValues("taskqueue.worker.enabled=false")
			.run((context) -> {
				TaskEngine engine = context.getBean(TaskEngine.class);
				String id = engine.enqueue("echo", "hello");
				assertThat(engine.isRunning()).isTrue();
				assertThat(engine.workerStates()).isEmpty();
				await().during(Duration.ofMillis(300))
					.atMost(Duration.ofSeconds(2))
					.until(() -> engine.get(id).orElseThrow().status() == TaskStatus.WAITING);
				assertThat(context.getBean(EchoHandler.class).handled).isEmpty();
			});
	}

	@Test
	void redisBackendFailsStartupWithAnExplanation() {
		this.runner.withPropertyValues("taskqueue.backend=redis").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new BackendUnavailableFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("taskqueue.backend is 'redis'")
				.contains("needs a RedisConnectionFactory, and the application has none");
			assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis")
				.contains("spring.data.redis.host")
				.contains("taskqueue.backend=memory");
		});
	}

	@Test
	void redisBackendWithoutSpringDataRedisSaysWhatToAdd() {
		this.runner.withPropertyValues("taskqueue.backend=redis")
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new BackendUnavailableFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.contains("needs Spring Data Redis, which is not on the class path");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			});
	}

	@Test
	void redisBackendIsRecognisedInUpperCase() {
		this.runner.withPropertyValues("taskqueue.backend=REDIS")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(BackendUnavailableException.class));
	}

	@Test
	void redisBackendBacksOffForAUserDefinedBackend() {
		this.runner.withPropertyValues("taskqueue.backend=redis")
			.withBean("myBackend", TaskBackend.class, InMemoryTaskBackend::new)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(TaskQueue.class));
	}

	@Test
	void unknownBackendFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("taskqueue.backend=mongo")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("taskqueue.backend"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			taskqueue.worker.concurrency         | 0     | must be at least 1
			taskqueue.queues.emails.concurrency  | 0     | must be at least 1
			taskqueue.queues[_emails].concurrency | 2    | is not valid
			taskqueue.worker.lease-duration      | 10ms  | must be at least 100ms
			taskqueue.worker.max-stalls          | -1    | must be at least 0
			taskqueue.worker.progress-interval   | -1s   | zero or more
			taskqueue.defaults.max-attempts      | 0     | must be at least 1
			taskqueue.defaults.timeout           | 0s    | must be positive
			taskqueue.defaults.max-payload-size  | 0B    | must be between
			taskqueue.defaults.backoff.delay     | -1s   | zero or more
			taskqueue.defaults.backoff.max-delay | 100ms | must not be shorter
			taskqueue.defaults.backoff.jitter    | 1.5   | between 0 and 1
			taskqueue.retention.completed.max-count | -1 | must be at least 0
			taskqueue.retention.failed.max-age   | -1d   | zero or more
			taskqueue.shutdown.timeout           | -1s   | zero or more
			taskqueue.defaults.timeout           | 36501d | at most 36500 days
			taskqueue.defaults.backoff.max-delay | 36501d | at most 36500 days
			taskqueue.worker.lease-duration      | 36501d | at most 36500 days
			taskqueue.shutdown.timeout           | 36501d | at most 36500 days
			taskqueue.worker.heartbeat-interval  | 99ms  | must be between 100ms and 10min
			taskqueue.worker.heartbeat-interval  | 11m   | must be between 100ms and 10min
			taskqueue.worker.heartbeat-interval  | -5s   | must be between 100ms and 10min
			""")
	void invalidPropertyFailsStartupNamingIt(String name, String value, String reason) {
		String expectedName = name.startsWith("taskqueue.queues[") ? "taskqueue.queues._emails" : name;
		this.runner.withPropertyValues(name + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("Property " + expectedName + " with value")
				.hasMessageContaining(reason);
		});
	}

	@Test
	void warnsWhenTheShutdownPhaseIsShorterThanTheShutdownTimeout(CapturedOutput output) {
		this.runner
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=5s", "taskqueue.shutdown.timeout=20s")
			.run((context) -> assertThat(output).contains("spring.lifecycle.timeout-per-shutdown-phase (PT5S)")
				.contains("taskqueue.shutdown.timeout (PT20S)"));
	}

	@Test
	void doesNotWarnWhenTheShutdownPhaseIsLongEnough(CapturedOutput output) {
		this.runner.withPropertyValues("taskqueue.shutdown.timeout=20s")
			.run((context) -> assertThat(output).doesNotContain("spring.lifecycle.timeout-per-shutdown-phase"));
	}

	@Configuration(proxyBeanMethods = false)
	static class EchoHandlerConfiguration {

		@Bean
		EchoHandler echoHandler() {
			return new EchoHandler();
		}

	}

	static class EchoHandler {

		final List<String> handled = new CopyOnWriteArrayList<>();

		@TaskHandler(type = "echo")
		String echo(String text) {
			this.handled.add(text);
			return text;
		}

	}

	record Greeting(String fullName) {

	}

	@Configuration(proxyBeanMethods = false)
	static class GreetingHandlerConfiguration {

		@Bean
		GreetingHandler greetingHandler() {
			return new GreetingHandler();
		}

	}

	static class GreetingHandler {

		@TaskHandler(type = "greet")
		Greeting greet(Greeting greeting) {
			return new Greeting("Hello " + greeting.fullName());
		}

	}

}
