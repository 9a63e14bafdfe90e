package dev.taskqueue.boot.web;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.redis.RedisServerSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link QueueMetricsApiTests} on the Redis backend, on a real {@code redis-server}: the
 * same answers from the history and the counts by type the scripts keep.
 */
class RedisQueueMetricsApiIT extends QueueMetricsApiTests {

	@Autowired
	private TaskQueue taskQueue;

	@Test
	void runsOnRedis() {
		assertThat(((TaskEngine) this.taskQueue).backend().name()).isEqualTo("redis");
	}

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServerSupport redis = RedisServerSupport.shared();
		registry.add("taskqueue.backend", () -> "redis");
		registry.add("taskqueue.redis.key-prefix", () -> "metrics-api");
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

}
