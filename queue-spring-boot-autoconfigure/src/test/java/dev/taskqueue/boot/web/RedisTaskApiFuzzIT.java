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
 * {@link TaskApiFuzzTests} on the Redis backend: the same hostile requests, the same
 * answers (a behaviour difference between the backends is a bug), on a real
 * {@code redis-server}.
 */
class RedisTaskApiFuzzIT extends TaskApiFuzzTests {

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
		registry.add("taskqueue.redis.key-prefix", () -> "fuzz");
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

}
