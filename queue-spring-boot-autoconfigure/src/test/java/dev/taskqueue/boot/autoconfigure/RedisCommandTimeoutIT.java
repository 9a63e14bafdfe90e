package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.boot.health.TaskQueueHealthIndicator;
import dev.taskqueue.redis.RedisServerSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A Redis that hangs (SIGSTOP: connections stay open, nothing is answered) under an
 * application with Spring Boot's default Redis settings, where Lettuce waits 60 s for a
 * reply: enqueue fails within {@code taskqueue.redis.command-timeout}, health answers
 * DOWN within its own 2 s, and both recover once Redis goes on.
 */
class RedisCommandTimeoutIT {

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void callsAndHealthAnswerWithinTheirBoundsWhileRedisHangs() {
		RedisServerSupport server = RedisServerSupport.startOwn(false);
		this.resources.add(server);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TaskQueueAutoConfiguration.class,
					TaskQueueHealthContributorAutoConfiguration.class))
			.withBean(Shouter.class)
			.withPropertyValues("taskqueue.backend=redis", "spring.data.redis.host=" + server.host(),
					"spring.data.redis.port=" + server.port(), "taskqueue.redis.command-timeout=1500ms",
					"taskqueue.shutdown.timeout=1s")
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				completes(queue, queue.enqueue("shout", Map.of("text", "before")));
				assertThat(health(context).getStatus()).isEqualTo(Status.UP);

				server.freeze();
				try {
					long start = System.nanoTime();
					assertThatThrownBy(() -> queue.enqueue("shout", Map.of("text", "during")))
						.isInstanceOf(TaskQueueUnavailableException.class)
						.hasMessage("Redis did not answer within 1.5s");
					assertThat(Duration.ofNanos(System.nanoTime() - start)).as("within the command timeout")
						.isLessThan(Duration.ofMillis(2500));
					start = System.nanoTime();
					Health health = health(context);
					assertThat(Duration.ofNanos(System.nanoTime() - start)).as("health answers within 2s")
						.isLessThan(Duration.ofMillis(2500));
					assertThat(health.getStatus()).isEqualTo(Status.DOWN);
					assertThat(health.getDetails().get("error")).asString().contains("Redis did not answer");
				}
				finally {
					server.thaw();
				}

				await().atMost(Duration.ofSeconds(5)).until(() -> health(context).getStatus() == Status.UP);
				completes(queue, queue.enqueue("shout", Map.of("text", "after")));
			});
	}

	private static void completes(TaskQueue queue, String id) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> queue.get(id).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false));
	}

	private static Health health(AssertableApplicationContext context) {
		return context.getBean(TaskQueueHealthIndicator.class).health();
	}

	static class Shouter {

		@TaskHandler(type = "shout", queue = "loud")
		String shout(Map<String, String> payload) {
			return payload.get("text").toUpperCase();
		}

	}

}
