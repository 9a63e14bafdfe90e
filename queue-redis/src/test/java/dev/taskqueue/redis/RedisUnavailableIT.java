package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.spi.RetentionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What the public API says while Redis cannot serve: every call fails with a
 * {@link TaskQueueUnavailableException} in the user's terms, and an outage is logged once
 * when it starts and once when it ends however many calls fail meanwhile. Each test runs
 * its own {@code redis-server}.
 */
class RedisUnavailableIT {

	@RegisterExtension
	final TestResources resources = new TestResources();

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler capture = new Handler() {

		@Override
		public void publish(LogRecord record) {
			RedisUnavailableIT.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	@BeforeEach
	void captureLogs() {
		Logger.getLogger("dev.taskqueue").addHandler(this.capture);
	}

	@AfterEach
	void tearDown() throws Exception {
		Logger.getLogger("dev.taskqueue").removeHandler(this.capture);
	}

	private RedisServerSupport server() {
		return this.resources.ownServer(true);
	}

	/** An engine on a client with Lettuce's default 60 s timeout. */
	private TaskEngine engine(RedisServerSupport server) {
		LettuceConnectionFactory factory = server.connectionFactory(Duration.ofSeconds(60));
		this.resources.add(factory::destroy);
		RedisTaskBackend backend = new RedisTaskBackend(factory, "tq", Clock.systemUTC(), RetentionPolicy.defaults(),
				RedisTestTasks.MAPPER, RedisTaskBackend.DEFAULT_EVENT_STREAM_LENGTH, Duration.ofSeconds(2));
		this.resources.add(backend);
		Set<String> done = ConcurrentHashMap.newKeySet();
		TaskEngine engine = TaskEngine.builder()
			.backend(backend)
			.mapper(RedisTestTasks.MAPPER)
			.settings(EngineSettings.defaults().withShutdownTimeout(Duration.ofMillis(500)))
			.handler(HandlerDefinition.of("job", "jobs", (payload, context) -> done.add(context.taskId())))
			.build();
		this.resources.add(engine::stop);
		engine.start();
		return engine;
	}

	@Test
	void everyCallFailsWithTaskQueueUnavailableExceptionWhileRedisIsDown() {
		RedisServerSupport server = server();
		TaskEngine engine = engine(server);
		String id = engine.enqueue("job", Map.of("n", 1));
		server.stop();

		assertUnavailable(() -> engine.enqueue("job", "during"), "Redis is unreachable");
		assertUnavailable(() -> engine.get(id), "Redis is unreachable");
		assertUnavailable(() -> engine.list(TaskQuery.all()), "Redis is unreachable");
		assertUnavailable(() -> engine.stats("jobs"), "Redis is unreachable");
		assertUnavailable(() -> engine.queues(), "Redis is unreachable");
		assertUnavailable(() -> engine.pause("jobs"), "Redis is unreachable");
		assertUnavailable(() -> engine.cancel(id), "Redis is unreachable");
		assertUnavailable(() -> engine.backend().ping(), "Redis is unreachable");
		CompletableFuture<String> async = engine.enqueueAsync("job", "async", TaskOptions.none());
		assertThat(async).failsWithin(Duration.ofSeconds(3))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(TaskQueueUnavailableException.class);

		server.start();
		await().atMost(Duration.ofSeconds(10))
			.ignoreException(TaskQueueUnavailableException.class)
			.until(() -> engine.enqueue("job", "after") != null);
	}

	@Test
	void aRedisLoadingItsDataIsReportedAsSuch() {
		RedisServerSupport server = server();
		TaskEngine engine = engine(server);
		engine.enqueue("job", "before");
		server.fill(20_000);
		server.stop();
		server.startLoading(300);

		// the first calls may only know that the connection was lost
		await().atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> assertUnavailable(() -> engine.enqueue("job", "during"),
					"Redis is still loading its data set (LOADING)"));

		await().atMost(Duration.ofSeconds(30))
			.ignoreException(TaskQueueUnavailableException.class)
			.until(() -> engine.enqueue("job", "after") != null);
	}

	@Test
	void anOutageIsLoggedOnceWhenItStartsAndOnceWhenItEnds() throws InterruptedException {
		RedisServerSupport server = server();
		TaskEngine engine = engine(server);
		engine.enqueue("job", "before");
		server.stop();
		for (int i = 0; i < 20; i++) {
			assertThatThrownBy(() -> engine.enqueue("job", "during")).isInstanceOf(TaskQueueUnavailableException.class);
		}
		// the outage under test lasts seconds, while the workers, the scheduler and the
		// event reader keep trying (not a wait for a condition)
		Thread.sleep(3000);
		server.start();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.records.stream().anyMatch((record) -> record.getLevel() == Level.INFO));

		assertThat(this.records).filteredOn((record) -> record.getLevel().intValue() >= Level.INFO.intValue())
			.satisfiesExactly(
					(first) -> assertThat(first)
						.satisfies((record) -> assertThat(record.getLevel()).isEqualTo(Level.WARNING))
						.satisfies((record) -> assertThat(record.getMessage()).startsWith("Redis is unreachable: ")
							.endsWith("; task queue calls fail at once until it answers again")),
					(second) -> assertThat(second)
						.satisfies((record) -> assertThat(record.getLevel()).isEqualTo(Level.INFO))
						.satisfies(
								(record) -> assertThat(record.getMessage()).startsWith("Redis answers again after ")));
	}

	private static void assertUnavailable(ThrowingCallable call, String reason) {
		long start = System.nanoTime();
		assertThatThrownBy(call).isInstanceOf(TaskQueueUnavailableException.class).hasMessageStartingWith(reason);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails within the command timeout")
			.isLessThan(Duration.ofSeconds(3));
	}

}
