package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;

import dev.taskqueue.Task;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.redis.RedisServerSupport;
import dev.taskqueue.redis.RedisTaskBackend;
import dev.taskqueue.spi.TaskBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code taskqueue.backend=redis} against a real {@code redis-server}, configured only
 * through {@code spring.data.redis.*}.
 */
class RedisBackendAutoConfigurationIT {

	private final RedisServerSupport redis = RedisServerSupport.shared();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TaskQueueAutoConfiguration.class))
		.withPropertyValues("taskqueue.backend=redis", "spring.data.redis.host=" + this.redis.host(),
				"spring.data.redis.port=" + this.redis.port(), "taskqueue.redis.key-prefix=autoconfig-test");

	@AfterEach
	void flush() {
		this.redis.flush();
	}

	@Test
	void runsTasksOnTheApplicationsRedis() {
		this.runner.withUserConfiguration(Handlers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TaskBackend.class)).isInstanceOf(RedisTaskBackend.class);
			TaskQueue queue = context.getBean(TaskQueue.class);

			String id = queue.enqueue("shout", Map.of("text", "hello"));

			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(queue.get(id))
					.hasValueSatisfying((task) -> assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED)));
			Task task = queue.get(id).orElseThrow();
			assertThat(task.result().asString()).isEqualTo("HELLO");
			assertThat(((TaskEngine) queue).backend().name()).isEqualTo("redis");
			assertThat(queue.queues()).contains("loud");
		});
	}

	@Test
	void keyPrefixSeparatesApplicationsSharingOneRedis() {
		this.runner.withUserConfiguration(Handlers.class).run((first) -> {
			String id = first.getBean(TaskQueue.class).enqueue("shout", Map.of("text", "a"));
			this.runner.withUserConfiguration(Handlers.class)
				.withPropertyValues("taskqueue.redis.key-prefix=another-app", "taskqueue.worker.enabled=false")
				.run((second) -> assertThat(second.getBean(TaskQueue.class).get(id)).isEmpty());
			assertThat(first.getBean(TaskQueue.class).get(id)).isPresent();
		});
	}

	@Test
	void aClientOtherThanLettuceIsRefusedWithAnExplanation() {
		this.runner.withUserConfiguration(JedisFactory.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(BackendUnavailableException.class)
				.hasMessageContaining("needs Lettuce")
				.hasMessageContaining(JedisConnectionFactory.class.getName());
		});
	}

	@Test
	void aCommandTimeoutThatIsNotPositiveIsRefused() {
		this.runner.withPropertyValues("taskqueue.redis.command-timeout=0s").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("taskqueue.redis.command-timeout");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Handlers {

		@Bean
		Shouter shouter() {
			return new Shouter();
		}

	}

	static class Shouter {

		@TaskHandler(type = "shout", queue = "loud")
		String shout(Map<String, String> payload) {
			return payload.get("text").toUpperCase();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class JedisFactory {

		@Bean
		RedisConnectionFactory redisConnectionFactory() {
			return new JedisConnectionFactory();
		}

	}

}
