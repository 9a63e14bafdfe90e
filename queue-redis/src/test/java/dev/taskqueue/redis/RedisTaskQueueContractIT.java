package dev.taskqueue.redis;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.contract.TaskQueueContractTests;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;

/**
 * The backend contract, run against a real Redis ({@link RedisServerSupport}). Each
 * backend, the peer included, has a connection factory of its own, as separate
 * application instances would; the database is flushed between tests.
 */
class RedisTaskQueueContractIT extends TaskQueueContractTests {

	private static final RedisServerSupport redis = RedisServerSupport.shared();

	private final List<LettuceConnectionFactory> factories = new CopyOnWriteArrayList<>();

	@Override
	protected TaskBackend createBackend(Clock clock, RetentionPolicy retention) {
		redis.flush();
		return newBackend(clock, retention);
	}

	@Override
	protected TaskBackend connectPeer(TaskBackend backend, Clock clock, RetentionPolicy retention) {
		return newBackend(clock, retention);
	}

	private TaskBackend newBackend(Clock clock, RetentionPolicy retention) {
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.factories.add(factory);
		return new RedisTaskBackend(factory, "contract", clock, retention, RedisTestTasks.MAPPER);
	}

	@Override
	protected void cleanUp() {
		redis.flush();
	}

	/** Runs after the suite closed the test's backends (outer callbacks run last). */
	@AfterEach
	void closeConnectionFactories() {
		this.factories.forEach(LettuceConnectionFactory::destroy);
		this.factories.clear();
	}

}
