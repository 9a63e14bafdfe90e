package dev.taskqueue.boot.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.boot.health.TaskQueueHealthIndicator;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.redis.RedisServerSupport;
import dev.taskqueue.redis.TestResources;
import dev.taskqueue.redis.RedisTaskBackend;
import dev.taskqueue.spi.RetentionPolicy;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application on {@code taskqueue.backend=redis} starts while Redis is down or still
 * loading its data, with Spring Boot's default Redis settings: the context starts, health
 * is DOWN, and once Redis answers the application works on its own and the gauges of
 * queues it learns from Redis appear. Each test runs its own {@code redis-server}.
 */
class RedisStartupIT {

	private static final String PREFIX = "startup-test";

	@RegisterExtension
	final TestResources resources = new TestResources();

	private RedisServerSupport server() {
		return this.resources.ownServer(true);
	}

	private ApplicationContextRunner runner(RedisServerSupport server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TaskQueueAutoConfiguration.class,
					TaskQueueHealthContributorAutoConfiguration.class, TaskQueueMetricsAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.withBean(Shouter.class)
			.withPropertyValues("taskqueue.backend=redis", "spring.data.redis.host=" + server.host(),
					"spring.data.redis.port=" + server.port(), "taskqueue.redis.key-prefix=" + PREFIX,
					"taskqueue.shutdown.timeout=1s");
	}

	/** Stores a task of a queue no handler of the application serves. */
	private void seed(RedisServerSupport server) {
		LettuceConnectionFactory factory = server.connectionFactory();
		try (RedisTaskBackend backend = new RedisTaskBackend(factory, PREFIX, Clock.systemUTC(),
				RetentionPolicy.defaults(), JsonMapper.builder().build())) {
			TaskEngine producer = TaskEngine.builder()
				.backend(backend)
				.settings(EngineSettings.defaults().withWorkerEnabled(false))
				.handler(HandlerDefinition.of("other", "seeded", (payload, context) -> null))
				.build();
			producer.enqueue("other", "seed");
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void startsWhileRedisIsDownAndWorksOnceItAnswers() {
		RedisServerSupport server = server();
		seed(server);
		server.stop();
		runner(server).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(health(context)).isEqualTo(Status.DOWN);

			server.start();

			worksOnceRedisAnswers(context);
		});
	}

	@Test
	void startsWhileRedisIsLoadingItsData() {
		RedisServerSupport server = server();
		seed(server);
		server.fill(20_000);
		server.stop();
		// 20,000 keys at 300 us each: Redis answers LOADING for about 6 s
		server.startLoading(300);
		runner(server).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(health(context)).isEqualTo(Status.DOWN);

			worksOnceRedisAnswers(context);
		});
	}

	private void worksOnceRedisAnswers(AssertableApplicationContext context) {
		await().atMost(Duration.ofSeconds(30)).until(() -> health(context) == Status.UP);
		TaskQueue queue = context.getBean(TaskQueue.class);
		String id = queue.enqueue("shout", Map.of("text", "hello"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> queue.get(id).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false));
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					registry.find("taskqueue.queue.size").tags("queue", "seeded", "status", "waiting").gauge())
				.isNotNull()
				.satisfies((gauge) -> assertThat(gauge.value()).isEqualTo(1.0)));
	}

	private static Status health(AssertableApplicationContext context) {
		return context.getBean(TaskQueueHealthIndicator.class).health().getStatus();
	}

	static class Shouter {

		@TaskHandler(type = "shout", queue = "loud")
		String shout(Map<String, String> payload) {
			return payload.get("text").toUpperCase();
		}

	}

}
