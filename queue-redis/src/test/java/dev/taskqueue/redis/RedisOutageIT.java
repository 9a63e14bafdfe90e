package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.RetentionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The outage test of the reliability issue, on plain engines: {@code redis-server} is
 * stopped for {@code taskqueue.outage.seconds} (8 by default; the case is
 * {@code -Dtaskqueue.outage.seconds=30}) under a busy and an idle instance, then started
 * again. Meanwhile calls fail fast (within the command timeout) with
 * {@link TaskQueueUnavailableException}; afterwards Redis answers the backend within 5 s,
 * workers resume on their own and every acknowledged task completes. An instance started
 * during the outage works once Redis is back. The clients use Lettuce's default 60 s
 * timeout, as Spring Boot does without {@code spring.data.redis.timeout}.
 */
class RedisOutageIT {

	private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("taskqueue.outage.seconds", 8));

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration LEASE = Duration.ofSeconds(3);

	@RegisterExtension
	final TestResources resources = new TestResources();

	private RedisServerSupport server() {
		// acknowledged writes survive the stop: the test is about the clients
		return this.resources.ownServer(true);
	}

	private RedisTaskBackend backend(RedisServerSupport server) {
		LettuceConnectionFactory factory = server.connectionFactory(Duration.ofSeconds(60));
		this.resources.add(factory::destroy);
		RedisTaskBackend backend = new RedisTaskBackend(factory, "outage", Clock.systemUTC(),
				RetentionPolicy.defaults(), RedisTestTasks.MAPPER, RedisTaskBackend.DEFAULT_EVENT_STREAM_LENGTH,
				COMMAND_TIMEOUT);
		this.resources.add(backend);
		return backend;
	}

	private TaskEngine engine(RedisTaskBackend backend, HandlerDefinition handler) {
		TaskEngine engine = TaskEngine.builder()
			.backend(backend)
			.mapper(RedisTestTasks.MAPPER)
			.settings(EngineSettings.defaults()
				.withShutdownTimeout(Duration.ofMillis(500))
				// tasks whose outcome could not be recorded run again soon after
				.withLease(LEASE, 5))
			.handler(handler)
			.build();
		this.resources.add(engine::stop);
		engine.start();
		return engine;
	}

	@Test
	void busyAndIdleInstancesRideOutAnOutageAndLoseNothingAcknowledged() throws Exception {
		RedisServerSupport server = server();
		Set<String> done = ConcurrentHashMap.newKeySet();
		TaskEngine busy = engine(backend(server),
				new HandlerDefinition("work", "busy", 4, 0, null, (payload, context) -> {
					Thread.sleep(20);
					done.add(context.taskId());
					return null;
				}, "busy handler"));
		Set<String> idleDone = ConcurrentHashMap.newKeySet();
		TaskEngine idle = engine(backend(server), HandlerDefinition.of("ping", "idle", (payload, context) -> {
			idleDone.add(context.taskId());
			return null;
		}));
		List<String> acknowledged = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			acknowledged.add(busy.enqueue("work", Map.of("n", i)));
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> done.size() >= 20);

		server.stop();
		failsFast(() -> busy.enqueue("work", "during"));
		failsFast(() -> idle.enqueue("ping", "during"));
		failsFast(() -> busy.stats("busy"));
		assertThat(busy.enqueueAsync("work", "during", TaskOptions.none())).failsWithin(COMMAND_TIMEOUT.plusSeconds(1))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(TaskQueueUnavailableException.class);
		// the outage under test (not a wait for a condition)
		Thread.sleep(OUTAGE.toMillis());
		server.start();

		await().atMost(Duration.ofSeconds(5))
			.ignoreException(TaskQueueUnavailableException.class)
			.untilAsserted(() -> idle.backend().ping());
		String afterwards = await().atMost(Duration.ofSeconds(5))
			.ignoreException(TaskQueueUnavailableException.class)
			.until(() -> idle.enqueue("ping", "after"), (id) -> id != null);
		await().atMost(Duration.ofSeconds(10))
			.alias("the idle instance's worker resumed")
			.until(() -> idleDone.contains(afterwards));
		await().atMost(Duration.ofSeconds(60))
			.alias("every acknowledged task completes")
			.until(() -> acknowledged.stream()
				.allMatch((id) -> busy.get(id).map((task) -> task.status() == TaskStatus.COMPLETED).orElse(false)));
		assertThat(done).containsAll(acknowledged);
		assertThat(busy.workerStates()).allSatisfy((state) -> assertThat(state.alive()).isTrue());
		assertThat(idle.workerStates()).allSatisfy((state) -> assertThat(state.alive()).isTrue());
	}

	@Test
	void anInstanceStartedDuringTheOutageWorksOnceRedisIsBack() throws Exception {
		RedisServerSupport server = server();
		server.stop();
		Set<String> done = ConcurrentHashMap.newKeySet();
		RedisTaskBackend backend = backend(server);
		List<TaskEvent> events = new CopyOnWriteArrayList<>();
		backend.deliverEvents(events::add, EnumSet.allOf(TaskEventType.class));
		TaskEngine engine = engine(backend, HandlerDefinition.of("job", "jobs", (payload, context) -> {
			done.add(context.taskId());
			return null;
		}));
		failsFast(() -> engine.enqueue("job", "during"));
		// the outage under test (not a wait for a condition)
		Thread.sleep(OUTAGE.toMillis());
		server.start();

		String id = await().atMost(Duration.ofSeconds(5))
			.ignoreException(TaskQueueUnavailableException.class)
			.until(() -> engine.enqueue("job", "after"), (value) -> value != null);
		await().atMost(Duration.ofSeconds(10)).until(() -> done.contains(id));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> events.stream()
				.anyMatch((event) -> id.equals(event.taskId()) && event.type() == TaskEventType.COMPLETED));
	}

	/**
	 * Fails with TaskQueueUnavailableException within the command timeout (and a margin).
	 */
	private static void failsFast(ThrowingCallable call) {
		long start = System.nanoTime();
		assertThatThrownBy(call).isInstanceOf(TaskQueueUnavailableException.class).hasMessageStartingWith("Redis ");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(COMMAND_TIMEOUT.plusSeconds(1));
	}

}
