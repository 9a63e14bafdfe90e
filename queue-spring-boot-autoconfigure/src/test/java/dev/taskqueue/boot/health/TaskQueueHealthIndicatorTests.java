package dev.taskqueue.boot.health;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskqueue.TaskHandler;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.boot.autoconfigure.TaskQueueHealthContributorAutoConfiguration;
import dev.taskqueue.engine.ForwardingTaskBackend;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.testing.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskQueueHealthIndicator} and its auto-configuration.
 */
class TaskQueueHealthIndicatorTests {

	private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class,
				TaskQueueHealthContributorAutoConfiguration.class))
		.withBean(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME, SettableClock.class, () -> this.clock)
		.withBean(MailHandler.class);

	@Test
	void isUpWithDetailsOfBackendWorkersSchedulerAndQueues() {
		this.runner.run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			engine.pause("mail");
			engine.enqueue("mail", "a");
			engine.enqueue("mail", "b");
			this.clock.advance(Duration.ofMillis(5500));
			Health health = context.getBean("taskqueueHealthIndicator", TaskQueueHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			Map<String, Object> details = health.getDetails();
			assertThat(details).containsEntry("backend", "memory")
				.containsEntry("running", true)
				.containsEntry("scheduler", Map.of("alive", true));
			assertThat(details.get("workers")).asInstanceOf(InstanceOfAssertFactories.MAP).containsOnlyKeys("mail");
			@SuppressWarnings("unchecked")
			Map<String, Object> worker = (Map<String, Object>) ((Map<String, Object>) details.get("workers"))
				.get("mail");
			assertThat(worker).containsEntry("alive", true)
				.containsEntry("active", 0)
				.containsEntry("concurrency", 2)
				.containsKey("lastHeartbeat");
			@SuppressWarnings("unchecked")
			Map<String, Object> mail = (Map<String, Object>) ((Map<String, Object>) details.get("queues")).get("mail");
			assertThat(mail).containsEntry("waiting", 2L)
				.containsEntry("active", 0L)
				.containsEntry("paused", true)
				.containsEntry("oldestWaitingAge", "PT5.5S")
				.containsEntry("oldestWaitingAgeMillis", 5500L);
		});
	}

	@Test
	void leavesTheAgeOutWhenNothingWaits() {
		this.runner.run((context) -> {
			Health health = context.getBean(TaskQueueHealthIndicator.class).health();
			@SuppressWarnings("unchecked")
			Map<String, Object> mail = (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("queues"))
				.get("mail");
			assertThat(mail).containsEntry("waiting", 0L)
				.containsEntry("paused", false)
				.doesNotContainKey("oldestWaitingAge");
		});
	}

	@Test
	void isDownWithTheReasonWhenTheBackendDoesNotAnswer() {
		this.runner.withBean("unreachable", TaskBackend.class, () -> unreachable(new InMemoryTaskBackend()))
			.run((context) -> {
				Health health = context.getBean(TaskQueueHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("backend", "memory");
				assertThat(health.getDetails().get("error")).asString().contains("connection refused");
			});
	}

	@Test
	void answersWithinItsTimeoutWhenTheBackendHangs() {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger pings = new AtomicInteger();
		TaskBackend hanging = new ForwardingTaskBackend(new InMemoryTaskBackend()) {

			@Override
			public void ping() {
				pings.incrementAndGet();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}

		};
		this.runner.withBean("hanging", TaskBackend.class, () -> hanging).run((context) -> {
			TaskQueueHealthIndicator indicator = new TaskQueueHealthIndicator(context.getBean(TaskEngine.class),
					this.clock, Duration.ofMillis(300));
			for (int i = 0; i < 3; i++) {
				long start = System.nanoTime();
				Health health = indicator.health();
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("backend", "memory")
					.containsEntry("error", "The backend did not answer within 300ms");
			}
			assertThat(pings).as("a check still running is waited for, not started again").hasValue(1);
			release.countDown();
			await().atMost(Duration.ofSeconds(5)).until(() -> indicator.health().getStatus() == Status.UP);
		});
	}

	@Test
	void isDownWhenTheEngineDoesNotRun() {
		this.runner.run((context) -> {
			context.getBean(TaskEngine.class).stop();
			Health health = context.getBean(TaskQueueHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("running", false);
		});
	}

	@Test
	void canBeDisabled() {
		this.runner.withPropertyValues("management.health.taskqueue.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskQueueHealthIndicator.class));
	}

	@Test
	void followsTheDefaultsSwitch() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskQueueHealthIndicator.class));
	}

	static TaskBackend unreachable(TaskBackend delegate) {
		return (TaskBackend) Proxy.newProxyInstance(TaskQueueHealthIndicatorTests.class.getClassLoader(),
				new Class<?>[] { TaskBackend.class }, (proxy, method, args) -> {
					if (method.getName().equals("ping")) {
						throw new IllegalStateException("connection refused");
					}
					try {
						return method.invoke(delegate, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getTargetException();
					}
				});
	}

	static class MailHandler {

		@TaskHandler(type = "mail", queue = "mail", concurrency = 2)
		void send(String to) {
		}

	}

}
