package dev.taskqueue.boot.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskqueue.QueueStats;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.boot.autoconfigure.TaskQueueMetricsAutoConfiguration;
import dev.taskqueue.engine.ForwardingTaskBackend;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.testing.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskQueueMetrics} and its auto-configuration.
 */
class TaskQueueMetricsTests {

	private static final Set<String> ALLOWED_TAGS = Set.of("queue", "type", "outcome", "status");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class,
				TaskQueueMetricsAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withBean(Handlers.class)
		.withPropertyValues("taskqueue.defaults.backoff.type=fixed", "taskqueue.defaults.backoff.delay=0s");

	@Test
	void countsAndTimesTasks() {
		this.runner.run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			queue.enqueue("ok", "a");
			queue.enqueue("ok", "b");
			queue.enqueue("boom", "c");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> count(registry, "taskqueue.tasks.completed", "ok") == 2
						&& count(registry, "taskqueue.tasks.failed", "boom") == 1);
			assertThat(count(registry, "taskqueue.tasks.enqueued", "ok")).isEqualTo(2);
			assertThat(count(registry, "taskqueue.tasks.enqueued", "boom")).isEqualTo(1);
			assertThat(count(registry, "taskqueue.tasks.retried", "boom")).isEqualTo(1);
			assertThat(count(registry, "taskqueue.tasks.completed", "boom")).isZero();
			assertThat(duration(registry, "ok", "completed").count()).isEqualTo(2);
			assertThat(duration(registry, "boom", "retried").count()).isEqualTo(1);
			assertThat(duration(registry, "boom", "failed").count()).isEqualTo(1);
			Timer wait = registry.get("taskqueue.task.wait").tags("queue", "default", "type", "boom").timer();
			assertThat(wait.count()).isEqualTo(2);
			for (Meter meter : registry.getMeters()) {
				if (meter.getId().getName().startsWith("taskqueue")) {
					assertThat(meter.getId().getTags()).extracting(Tag::getKey).isSubsetOf(ALLOWED_TAGS);
				}
			}
		});
	}

	@Test
	void countersOfEveryHandlersTypeExistAtZeroFromTheStart() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (String name : List.of("enqueued", "completed", "failed", "retried", "stalled", "cancelled")) {
				assertThat(
						registry.get("taskqueue.tasks." + name).tags("queue", "mail", "type", "mail").counter().count())
					.as(name)
					.isZero();
			}
		});
	}

	@Test
	void countsTheStallsThisInstanceRecoveredAndTheCancellationsMadeThroughIt() {
		this.runner.run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			String queue = "nobody-works-here";
			engine.enqueue("mail", "stalls", TaskOptions.builder().queue(queue).build());
			assertThat(engine.backend().claim(queue, 1, Duration.ofMillis(1))).hasSize(1);
			String cancelled = engine.enqueue("mail", "cancel me", TaskOptions.builder().queue(queue).build());

			await().atMost(Duration.ofSeconds(10)).until(() -> {
				engine.wakeUp();
				return counted(registry, "taskqueue.tasks.stalled", queue) == 1;
			});
			engine.cancel(cancelled);

			assertThat(counted(registry, "taskqueue.tasks.cancelled", queue)).isEqualTo(1);
			assertThat(counted(registry, "taskqueue.tasks.stalled", queue)).isEqualTo(1);
		});
	}

	static double counted(MeterRegistry registry, String name, String queue) {
		Counter counter = registry.find(name).tags("queue", queue, "type", "mail").counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void gaugesReadQueueSizesAndTheOldestWaitingAge() {
		SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
		this.runner.withBean(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME, SettableClock.class, () -> clock)
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				queue.pause("mail");
				queue.enqueue("mail", "a");
				queue.enqueue("mail", "b");
				queue.enqueue("mail", "c");
				queue.hold(queue.enqueue("mail", "held"));
				clock.advance(Duration.ofSeconds(7));
				await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "mail", "waiting") == 3);
				assertThat(gauge(registry, "mail", "held")).isEqualTo(1.0);
				assertThat(gauge(registry, "mail", "active")).isZero();
				assertThat(gauge(registry, "mail", "completed")).isZero();
				assertThat(registry.get("taskqueue.queue.oldest.age").tag("queue", "mail").gauge().value())
					.isEqualTo(7.0);
				assertThat(registry.get("taskqueue.workers.active").tag("queue", "mail").gauge().value()).isZero();
			});
	}

	@Test
	void gaugesCountTasksRunningOnThisInstance() {
		this.runner.run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			Handlers handlers = context.getBean(Handlers.class);
			queue.enqueue("block", "x");
			assertThat(handlers.blocking.await(10, TimeUnit.SECONDS)).isTrue();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.find("taskqueue.workers.active").tag("queue", "blocking").gauge() != null);
			assertThat(registry.get("taskqueue.workers.active").tag("queue", "blocking").gauge().value())
				.isEqualTo(1.0);
			handlers.release.countDown();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> registry.get("taskqueue.workers.active").tag("queue", "blocking").gauge().value() == 0);
		});
	}

	@Test
	void bindsWhileTheBackendCannotAnswerAndAddsItsQueuesOnceItDoes() {
		InMemoryTaskBackend memory = new InMemoryTaskBackend(Clock.systemUTC(), RetentionPolicy.defaults());
		AtomicBoolean down = new AtomicBoolean(true);
		TaskBackend unreachable = new ForwardingTaskBackend(memory) {

			@Override
			public List<String> queues() {
				if (down.get()) {
					throw new TaskQueueUnavailableException("Redis is unreachable: Connection refused", null);
				}
				return super.queues();
			}

			@Override
			public QueueStats stats(String queue) {
				if (down.get()) {
					throw new TaskQueueUnavailableException("Redis is unreachable: Connection refused", null);
				}
				return super.stats(queue);
			}

		};
		this.runner.withBean(TaskBackend.class, () -> unreachable).run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("taskqueue.queue.size").tags("queue", "mail", "status", "waiting").gauge())
				.as("a handler's queue")
				.isNotNull()
				.satisfies((gauge) -> assertThat(gauge.value()).isNaN());
			memory.setPaused("elsewhere", true);
			down.set(false);
			await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry, "elsewhere", "waiting") == 0);
			assertThat(gauge(registry, "mail", "waiting")).isZero();
		});
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TaskQueueAutoConfiguration.class, TaskQueueMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(TaskQueueMetrics.class));
	}

	private static double count(MeterRegistry registry, String name, String type) {
		Counter counter = registry.find(name).tags("queue", "default", "type", type).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static Timer duration(MeterRegistry registry, String type, String outcome) {
		return registry.get("taskqueue.task.duration")
			.tags("queue", "default", "type", type, "outcome", outcome)
			.timer();
	}

	private static double gauge(MeterRegistry registry, String queue, String status) {
		Gauge gauge = registry.find("taskqueue.queue.size").tags("queue", queue, "status", status).gauge();
		return (gauge != null) ? gauge.value() : -1;
	}

	static class Handlers {

		final CountDownLatch blocking = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@TaskHandler(type = "ok")
		String ok(String text) {
			return text;
		}

		@TaskHandler(type = "boom", maxAttempts = 2)
		void boom(String text) {
			throw new IllegalStateException("boom " + text);
		}

		@TaskHandler(type = "mail", queue = "mail")
		void mail(String to) {
		}

		@TaskHandler(type = "block", queue = "blocking")
		void block(String text) throws InterruptedException {
			this.blocking.countDown();
			this.release.await(30, TimeUnit.SECONDS);
		}

	}

}
