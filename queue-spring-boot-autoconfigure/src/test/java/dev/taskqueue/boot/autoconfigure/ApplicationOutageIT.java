package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.boot.health.TaskQueueHealthIndicator;
import dev.taskqueue.redis.RedisServerSupport;
import dev.taskqueue.redis.TestResources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outage test of the reliability issue, on Spring Boot applications with Boot's
 * default Redis settings (no {@code spring.data.redis.timeout}: Lettuce waits 60 s):
 * {@code redis-server} is stopped for {@code taskqueue.outage.seconds} (8 by default; the
 * issue's case is {@code -Dtaskqueue.outage.seconds=30}) under a busy application. Health
 * turns DOWN within 3 s and UP within 5 s of Redis returning, each check answering within
 * about 2 s; an enqueue during the outage fails within
 * {@code taskqueue.redis.command-timeout} with {@link TaskQueueUnavailableException}; the
 * workers resume on their own and every acknowledged task completes. An application
 * started during the outage works once Redis is back.
 */
class ApplicationOutageIT {

	private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("taskqueue.outage.seconds", 8));

	@RegisterExtension
	final TestResources resources = new TestResources();

	private RedisServerSupport server() {
		// acknowledged writes survive the stop: the test is about the clients
		return this.resources.ownServer(true);
	}

	private ApplicationContextRunner runner(RedisServerSupport server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TaskQueueAutoConfiguration.class,
					TaskQueueHealthContributorAutoConfiguration.class))
			.withBean(Worker.class)
			.withPropertyValues("taskqueue.backend=redis", "spring.data.redis.host=" + server.host(),
					"spring.data.redis.port=" + server.port(), "taskqueue.shutdown.timeout=1s",
					// tasks whose outcome could not be recorded run again soon after
					"taskqueue.worker.lease-duration=3s", "taskqueue.worker.max-stalls=5");
	}

	@Test
	void healthFollowsAnOutageAndTheApplicationResumesAlone() {
		RedisServerSupport server = server();
		runner(server).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			Worker worker = context.getBean(Worker.class);
			List<String> acknowledged = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				acknowledged.add(queue.enqueue("work", Map.of("n", i)));
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> worker.done.size() >= 20);
			assertThat(health(context)).isEqualTo(Status.UP);

			server.stop();
			long stopped = System.nanoTime();
			await().atMost(Duration.ofSeconds(3)).until(() -> health(context) == Status.DOWN);
			assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(3));
			long start = System.nanoTime();
			assertThatThrownBy(() -> queue.enqueue("work", Map.of("n", -1)))
				.isInstanceOf(TaskQueueUnavailableException.class)
				.hasMessageStartingWith("Redis is unreachable");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("within taskqueue.redis.command-timeout (5s)")
				.isLessThan(Duration.ofSeconds(5));
			// the outage under test; health keeps answering DOWN within its bound
			while (System.nanoTime() - stopped < OUTAGE.toNanos()) {
				assertThat(health(context)).isEqualTo(Status.DOWN);
				Thread.sleep(1000);
			}
			server.start();
			long back = System.nanoTime();

			await().atMost(Duration.ofSeconds(5)).until(() -> health(context) == Status.UP);
			assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(5));
			String after = await().atMost(Duration.ofSeconds(5))
				.ignoreException(TaskQueueUnavailableException.class)
				.until(() -> queue.enqueue("work", Map.of("n", 1000)), (id) -> id != null);
			acknowledged.add(after);
			await().atMost(Duration.ofSeconds(60))
				.alias("every acknowledged task completes")
				.until(() -> acknowledged.stream()
					.allMatch(
							(id) -> queue.get(id).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false)));
			assertThat(worker.done).containsAll(acknowledged);
		});
	}

	@Test
	void anApplicationStartedDuringTheOutageWorksOnceRedisIsBack() {
		RedisServerSupport server = server();
		server.stop();
		runner(server).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(health(context)).isEqualTo(Status.DOWN);
			TaskQueue queue = context.getBean(TaskQueue.class);
			assertThatThrownBy(() -> queue.enqueue("work", Map.of("n", 1)))
				.isInstanceOf(TaskQueueUnavailableException.class);
			// the outage under test (not a wait for a condition)
			Thread.sleep(OUTAGE.toMillis());
			server.start();
			long back = System.nanoTime();

			await().atMost(Duration.ofSeconds(5)).until(() -> health(context) == Status.UP);
			assertThat(Duration.ofNanos(System.nanoTime() - back)).isLessThan(Duration.ofSeconds(5));
			String id = queue.enqueue("work", Map.of("n", 2));
			await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(Worker.class).done.contains(id));
		});
	}

	/** One health check, which must answer within about 2 s. */
	private static Status health(AssertableApplicationContext context) {
		long start = System.nanoTime();
		Status status = context.getBean(TaskQueueHealthIndicator.class).health().getStatus();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a health check answers within about 2 s")
			.isLessThan(Duration.ofMillis(2500));
		return status;
	}

	static class Worker {

		final Set<String> done = ConcurrentHashMap.newKeySet();

		@TaskHandler(type = "work", queue = "busy", concurrency = 4)
		void work(Map<String, Integer> payload, dev.taskqueue.TaskContext context) throws InterruptedException {
			Thread.sleep(20);
			this.done.add(context.taskId());
		}

	}

}
