package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.taskqueue.Backoff;
import dev.taskqueue.engine.TaskIds;
import dev.taskqueue.spi.NewTask;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds {@link NewTask}s for the Redis tests.
 */
final class RedisTestTasks {

	static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final Clock clock;

	private final TaskIds ids;

	private int counter;

	RedisTestTasks(Clock clock) {
		this.clock = clock;
		this.ids = new TaskIds(clock);
	}

	NewTask task(String queue) {
		return task(queue, 0, Duration.ZERO, null);
	}

	NewTask task(String queue, int priority, Duration delay, String idempotencyKey) {
		Instant now = this.clock.instant();
		ObjectNode payload = MAPPER.createObjectNode().put("n", ++this.counter).put("text", "héllo \"quoted\"\n");
		return new NewTask(this.ids.next(), queue, "test", priority, payload, 3,
				Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5)), Duration.ofSeconds(30),
				idempotencyKey, null, 1, now, now.plus(delay), null);
	}

}
