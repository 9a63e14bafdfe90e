package dev.taskqueue.test;

import java.util.UUID;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskqueue.redis.RedisServerSupport;

/**
 * The tester on Redis, workers off: a {@code redis-server} of the tests' own (see
 * {@link RedisServerSupport}), under a key prefix of this run.
 */
@SpringBootTest(classes = TesterTestApplication.class,
		properties = { "taskqueue.worker.enabled=false", "taskqueue.backend=redis" })
class TaskQueueTesterRedisIT extends AbstractTaskQueueTesterTests {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServerSupport server = RedisServerSupport.shared();
		registry.add("spring.data.redis.host", server::host);
		registry.add("spring.data.redis.port", server::port);
		registry.add("taskqueue.redis.key-prefix", () -> "tester-" + UUID.randomUUID());
	}

}
