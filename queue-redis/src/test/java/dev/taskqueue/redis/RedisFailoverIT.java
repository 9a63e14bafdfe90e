package dev.taskqueue.redis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.RetentionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults: Redis stopped, killed and restarted under running workers, and an instance that
 * dies mid-task. Each test runs its own {@code redis-server} child process (skipped when
 * the binary is not on the PATH).
 */
class RedisFailoverIT {

	@RegisterExtension
	final TestResources resources = new TestResources();

	private RedisServerSupport server(boolean appendOnly) {
		return this.resources.ownServer(appendOnly);
	}

	private RedisTaskBackend backend(RedisServerSupport server) {
		LettuceConnectionFactory factory = server.connectionFactory();
		this.resources.add(factory::destroy);
		RedisTaskBackend backend = new RedisTaskBackend(factory, "tq", Clock.systemUTC(), RetentionPolicy.defaults(),
				RedisTestTasks.MAPPER);
		this.resources.add(backend);
		return backend;
	}

	private TaskEngine engine(RedisTaskBackend backend, EngineSettings settings, HandlerDefinition handler) {
		TaskEngine engine = TaskEngine.builder()
			.backend(backend)
			.mapper(RedisTestTasks.MAPPER)
			.settings(settings)
			.handler(handler)
			.build();
		this.resources.add(engine::stop);
		engine.start();
		return engine;
	}

	private static EngineSettings settings() {
		return EngineSettings.defaults().withShutdownTimeout(Duration.ofMillis(500));
	}

	@Test
	void workersAndEventsResumeAfterRedisRestarts() throws InterruptedException {
		RedisServerSupport server = server(false);
		RedisTaskBackend backend = backend(server);
		Set<String> done = ConcurrentHashMap.newKeySet();
		List<TaskEvent> events = new CopyOnWriteArrayList<>();
		backend.deliverEvents(events::add, EnumSet.allOf(TaskEventType.class));
		TaskEngine engine = engine(backend, settings(), HandlerDefinition.of("job", "jobs", (payload, context) -> {
			done.add(context.taskId());
			return "ok";
		}));
		String before = engine.enqueue("job", "before");
		await().atMost(Duration.ofSeconds(10)).until(() -> done.contains(before));

		server.stop();
		Thread.sleep(2000); // the outage under test lasts seconds (not a wait for a
							// condition)
		server.start();

		String after = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> engine.enqueue("job", "after"), (id) -> id != null);
		await().atMost(Duration.ofSeconds(30)).until(() -> done.contains(after));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> events.stream()
				.anyMatch((event) -> after.equals(event.taskId()) && event.type() == TaskEventType.COMPLETED));
		assertThat(engine.workerStates()).allSatisfy((state) -> assertThat(state.alive()).isTrue());
	}

	@Test
	void anInstanceStartedWhileRedisIsDownWorksOnceRedisIsUp() {
		RedisServerSupport server = server(false);
		server.stop();
		RedisTaskBackend backend = backend(server);
		List<TaskEvent> events = new CopyOnWriteArrayList<>();
		Set<String> done = ConcurrentHashMap.newKeySet();
		TaskEngine engine = engine(backend, settings(), HandlerDefinition.of("job", "jobs", (payload, context) -> {
			done.add(context.taskId());
			return null;
		}));
		backend.deliverEvents(events::add, EnumSet.allOf(TaskEventType.class));
		server.start();
		String id = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> engine.enqueue("job", "late"), (value) -> value != null);
		await().atMost(Duration.ofSeconds(30)).until(() -> done.contains(id));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> events.stream()
				.anyMatch((event) -> id.equals(event.taskId()) && event.type() == TaskEventType.COMPLETED));
	}

	@Test
	void anEnqueueAsyncDuringAnOutageFailsItsFutureAndOneAfterItWorks() {
		RedisServerSupport server = server(false);
		RedisTaskBackend backend = backend(server);
		Set<String> done = ConcurrentHashMap.newKeySet();
		TaskEngine engine = engine(backend, settings(), HandlerDefinition.of("job", "jobs", (payload, context) -> {
			done.add(context.taskId());
			return null;
		}));
		String before = engine.enqueueAsync("job", "before").join();
		await().atMost(Duration.ofSeconds(10)).until(() -> done.contains(before));

		server.stop();
		CompletableFuture<String> during = engine.enqueueAsync("job", "during");

		// the command timeout of the test's connection factory is 5 s
		assertThat(during).failsWithin(Duration.ofSeconds(30));
		server.start();
		String after = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptions()
			.until(() -> engine.enqueueAsync("job", "after").get(10, TimeUnit.SECONDS), (id) -> id != null);
		await().atMost(Duration.ofSeconds(30)).until(() -> done.contains(after));
	}

	@Test
	void acknowledgedTasksSurviveARedisCrashWithAppendOnlyFile() {
		RedisServerSupport server = server(true);
		RedisTaskBackend producer = backend(server);
		TaskEngine producing = TaskEngine.builder()
			.backend(producer)
			.settings(settings().withWorkerEnabled(false))
			.handler(HandlerDefinition.of("job", "jobs", (payload, context) -> null))
			.build();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			ids.add(producing.enqueue("job", Map.of("n", i)));
		}

		server.kill();
		server.start();

		RedisTaskBackend consumer = backend(server);
		Set<String> done = ConcurrentHashMap.newKeySet();
		engine(consumer, settings(), HandlerDefinition.of("job", "jobs", (payload, context) -> {
			done.add(context.taskId());
			return null;
		}));
		await().atMost(Duration.ofSeconds(30)).until(() -> done.size() == ids.size());
		assertThat(done).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(consumer.stats("jobs").count(TaskStatus.COMPLETED)).isEqualTo(ids.size());
	}

	@Test
	void workersRideOutRedisBeingDownForSeconds() throws InterruptedException {
		RedisServerSupport server = server(true);
		RedisTaskBackend backend = backend(server);
		Set<String> done = ConcurrentHashMap.newKeySet();
		CountDownLatch firstStarted = new CountDownLatch(1);
		TaskEngine engine = engine(backend, settings(), HandlerDefinition.of("job", "jobs", (payload, context) -> {
			firstStarted.countDown();
			done.add(context.taskId());
			return null;
		}));
		String first = engine.enqueue("job", "first");
		await().atMost(Duration.ofSeconds(10)).until(() -> done.contains(first));

		server.stop();
		Thread.sleep(4000); // the outage under test lasts seconds (not a wait for a
							// condition)
		server.start();

		// calls fail fast until the backend sees Redis answer again (within a second)
		await().atMost(Duration.ofSeconds(30))
			.ignoreException(TaskQueueUnavailableException.class)
			.untilAsserted(() -> {
				String next = engine.enqueue("job", "next");
				await().atMost(Duration.ofSeconds(10)).until(() -> done.contains(next));
			});
		assertThat(backend.find(first).orElseThrow().status()).as("kept by the append-only file")
			.isEqualTo(TaskStatus.COMPLETED);
	}

	@Test
	void aTaskOfAnInstanceThatDiedIsCompletedByAnother() {
		RedisServerSupport server = server(false);
		EngineSettings shortLease = settings().withLease(Duration.ofMillis(600), 2);
		CountDownLatch started = new CountDownLatch(1);
		LettuceConnectionFactory dyingConnections = server.connectionFactory();
		RedisTaskBackend dying = new RedisTaskBackend(dyingConnections, "tq", Clock.systemUTC(),
				RetentionPolicy.defaults(), RedisTestTasks.MAPPER);
		this.resources.add(dying);
		TaskEngine doomed = engine(dying, shortLease, HandlerDefinition.of("job", "jobs", (payload, context) -> {
			started.countDown();
			Thread.sleep(60_000);
			return "never";
		}));
		String id = doomed.enqueue("job", "payload");
		await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);

		// the instance loses Redis for good and stops renewing its lease, as a JVM killed
		// with kill -9 would
		dyingConnections.destroy();
		RedisTaskBackend survivor = backend(server);
		Set<String> done = ConcurrentHashMap.newKeySet();
		engine(survivor, shortLease, HandlerDefinition.of("job", "jobs", (payload, context) -> {
			done.add(context.taskId());
			return "recovered";
		}));
		await().atMost(Duration.ofSeconds(20)).until(() -> done.contains(id));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> survivor.find(id).orElseThrow().status() == TaskStatus.COMPLETED);
		assertThat(survivor.find(id).orElseThrow().attempts()).isEqualTo(2);
	}

	@Test
	void aTaskOfAJvmKilledMidTaskIsCompletedByAnotherInstance() throws Exception {
		RedisServerSupport server = server(false);
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
				RedisWorkerProcess.class.getName(), server.host(), Integer.toString(server.port()), "1000")
			.redirectErrorStream(true)
			.start();
		this.resources.add(child::destroyForcibly);
		BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream()));
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> output.lines().forEach(lines::add));
		reader.setDaemon(true);
		reader.start();
		awaitLine(lines, "ready");

		RedisTaskBackend survivor = backend(server);
		TaskEngine producer = TaskEngine.builder()
			.backend(survivor)
			.settings(settings().withWorkerEnabled(false))
			.handler(HandlerDefinition.of("job", "jobs", (payload, context) -> null))
			.build();
		String id = producer.enqueue("job", "payload");
		assertThat(awaitLine(lines, "started ")).isEqualTo("started " + id);

		child.destroyForcibly().waitFor();
		Set<String> done = ConcurrentHashMap.newKeySet();
		engine(backend(server), settings().withLease(Duration.ofMillis(1000), 2),
				HandlerDefinition.of("job", "jobs", (payload, context) -> {
					done.add(context.taskId());
					return "recovered";
				}));
		await().atMost(Duration.ofSeconds(20)).until(() -> done.contains(id));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> survivor.find(id).orElseThrow().status() == TaskStatus.COMPLETED);
		assertThat(survivor.find(id).orElseThrow().attempts()).isEqualTo(2);
	}

	private static String awaitLine(BlockingQueue<String> lines, String prefix) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		StringBuilder seen = new StringBuilder();
		while (System.nanoTime() < deadline) {
			String line = lines.poll(100, TimeUnit.MILLISECONDS);
			if (line != null) {
				if (line.startsWith(prefix)) {
					return line;
				}
				seen.append(line).append('\n');
			}
		}
		throw new AssertionError("the worker JVM did not print '" + prefix + "'; it printed:\n" + seen);
	}

}
