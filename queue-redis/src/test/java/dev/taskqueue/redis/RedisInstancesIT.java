package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.TaskInstance;
import dev.taskqueue.TaskInstance.Worker;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.spi.RetentionPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The registry of instances across JVMs: an engine in a JVM of its own, killed with
 * {@code SIGKILL}, leaves its record behind until the record expires, then vanishes while
 * the survivors stay listed; and what a heartbeat costs Redis.
 */
class RedisInstancesIT {

	private static final Duration HEARTBEAT = Duration.ofMillis(200);

	private static final Duration TTL = HEARTBEAT.multipliedBy(EngineSettings.HEARTBEATS_TO_EXPIRY);

	@RegisterExtension
	final TestResources resources = new TestResources();

	@Test
	void anInstanceKilledWithSigkillVanishesAfterItsRecordExpiresWhileTheOthersStay() throws Exception {
		RedisServerSupport redis = this.resources.ownServer(false);
		List<String> lines = new CopyOnWriteArrayList<>();
		Process child = startWorkerJvm(redis, lines);
		RedisTaskBackend backend = backend(redis);
		TaskEngine producer = engine(backend, "producer", EngineSettings.defaults().withWorkerEnabled(false),
				HandlerDefinition.of("job", "jobs", (payload, context) -> null));
		TaskEngine survivor = engine(backend, "survivor", EngineSettings.defaults().withHeartbeatInterval(HEARTBEAT),
				HandlerDefinition.of("mail", "mails", (payload, context) -> null));
		String childId = awaitLine(lines, "instance ").substring("instance ".length());
		String taskId = producer.enqueue("job", "payload");
		assertThat(awaitLine(lines, "started ")).isEqualTo("started " + taskId);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(survivor.instances()).filteredOn((instance) -> instance.id().equals(childId))
						.singleElement()
						.satisfies((instance) -> {
							assertThat(instance.application()).isEqualTo("worker-jvm");
							assertThat(instance.pid()).isEqualTo(child.pid())
								.isNotEqualTo(ProcessHandle.current().pid());
							assertThat(instance.host()).isEqualTo(listed(survivor, survivor).host());
							assertThat(instance.version()).isEqualTo(listed(survivor, survivor).version());
							assertThat(instance.queues()).containsExactly(new Worker("jobs", 1, 1));
						}));
		assertThat(survivor.instances()).extracting(TaskInstance::application)
			.containsExactlyInAnyOrder("worker-jvm", "producer", "survivor");
		Instant lastHeartbeat = listed(survivor, childId).lastHeartbeat();

		child.destroyForcibly().waitFor();
		long killedAt = System.currentTimeMillis();
		Instant killedHeartbeat = Optional.ofNullable(find(survivor, childId))
			.map(TaskInstance::lastHeartbeat)
			.orElse(lastHeartbeat);
		AtomicInteger survivorsMissing = new AtomicInteger();
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
			List<TaskInstance> listed = survivor.instances();
			List<String> ids = listed.stream().map(TaskInstance::id).toList();
			if (!ids.contains(survivor.instanceId().orElseThrow())
					|| !ids.contains(producer.instanceId().orElseThrow())) {
				survivorsMissing.incrementAndGet();
			}
			return !ids.contains(childId);
		});
		long vanishedAt = System.currentTimeMillis();

		assertThat(survivorsMissing).as("polls that missed a survivor").hasValue(0);
		assertThat(vanishedAt).as("not before its record expired")
			.isGreaterThanOrEqualTo(killedHeartbeat.plus(TTL).toEpochMilli());
		assertThat(vanishedAt - killedAt).as("vanished within the time to live, give or take a poll")
			.isLessThanOrEqualTo(TTL.toMillis() + 1000);
		byte[] recordKey = backend.keys().instance(childId).getBytes(StandardCharsets.UTF_8);
		await().atMost(Duration.ofSeconds(5)).until(() -> !exists(redis, recordKey));
		assertThat(survivor.instances()).extracting(TaskInstance::application)
			.containsExactlyInAnyOrder("producer", "survivor");
		System.out.printf("RedisInstancesIT: heartbeat every %d ms, records live %d ms: the instance killed with "
				+ "SIGKILL (last heartbeat %d ms before the kill) vanished %d ms after the kill; survivors listed "
				+ "throughout%n", HEARTBEAT.toMillis(), TTL.toMillis(), killedAt - killedHeartbeat.toEpochMilli(),
				vanishedAt - killedAt);

		survivor.stop();
		assertThat(producer.instances()).extracting(TaskInstance::application).containsExactly("producer");
	}

	@Test
	void aHeartbeatIsOneScriptCallOfOneRoundTrip() throws Exception {
		RedisServerSupport redis = this.resources.ownServer(false);
		RedisTaskBackend backend = backend(redis);
		TaskInstance instance = new TaskInstance("host-4242-abcdefgh", "billing", "host.example.com", 4242,
				"0.1.0-SNAPSHOT", Instant.now(), Instant.now(),
				List.of(new Worker("emails", 5, 2), new Worker("reports", 10, 0), new Worker("webhooks", 20, 7)));
		backend.heartbeat(instance, Duration.ofSeconds(15));
		int calls = 2000;
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.resources.add(factory::destroy);
		RedisConnection stats = this.resources.add(factory.getConnection());
		Map<String, Long> before = commandCalls(stats);
		long start = System.nanoTime();
		for (int i = 0; i < calls; i++) {
			backend.heartbeat(instance, Duration.ofSeconds(15));
		}
		long micros = (System.nanoTime() - start) / 1000 / calls;
		Map<String, Long> after = commandCalls(stats);

		Map<String, Long> delta = new TreeMap<>();
		after.forEach((command, count) -> {
			long more = count - before.getOrDefault(command, 0L);
			if (more > 0 && !command.equals("info")) {
				delta.put(command, more);
			}
		});
		// commandstats counts the commands a script runs, too
		assertThat(delta).as("commands Redis ran for %d heartbeats", calls)
			.containsEntry("evalsha", (long) calls)
			.containsEntry("set", (long) calls)
			.containsEntry("zadd", (long) calls)
			.containsEntry("zremrangebyscore", (long) calls)
			.containsEntry("pttl", (long) calls)
			.containsOnlyKeys("evalsha", "set", "zadd", "zremrangebyscore", "pttl", "pexpire");
		long bytes = strlen(redis, backend.keys().instance(instance.id()));
		System.out.printf("RedisInstancesIT: one heartbeat = 1 EVALSHA, one round trip (in the script: SET PX, ZADD, "
				+ "ZREMRANGEBYSCORE, PTTL, and PEXPIRE %d times in %d); %d us on average over %d calls from one "
				+ "thread; record of 3 queues %d bytes%n", delta.getOrDefault("pexpire", 0L), calls, micros, calls,
				bytes);
		assertThat(bytes).isPositive();
	}

	private Process startWorkerJvm(RedisServerSupport redis, List<String> lines) throws Exception {
		return ChildJvm.start(this.resources, lines, RedisWorkerProcess.class, redis.host(),
				Integer.toString(redis.port()), "30000", Long.toString(HEARTBEAT.toMillis()));
	}

	private RedisTaskBackend backend(RedisServerSupport redis) {
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.resources.add(factory::destroy);
		return this.resources.add(new RedisTaskBackend(factory, "tq", Clock.systemUTC(), RetentionPolicy.defaults(),
				RedisTestTasks.MAPPER));
	}

	private TaskEngine engine(RedisTaskBackend backend, String application, EngineSettings settings,
			HandlerDefinition handler) {
		TaskEngine engine = TaskEngine.builder()
			.backend(backend)
			.mapper(RedisTestTasks.MAPPER)
			.applicationName(application)
			.settings(settings.withShutdownTimeout(Duration.ofMillis(200)))
			.handler(handler)
			.build();
		this.resources.add(engine);
		engine.start();
		return engine;
	}

	private static String awaitLine(List<String> lines, String prefix) {
		await("the worker JVM to print '" + prefix + "'").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> lines.stream().anyMatch((line) -> line.startsWith(prefix)));
		return lines.stream().filter((line) -> line.startsWith(prefix)).findFirst().orElseThrow();
	}

	private static TaskInstance listed(TaskEngine reader, TaskEngine engine) {
		return listed(reader, engine.instanceId().orElseThrow());
	}

	private static TaskInstance listed(TaskEngine reader, String id) {
		TaskInstance instance = find(reader, id);
		assertThat(instance).as("instance %s", id).isNotNull();
		return instance;
	}

	private static TaskInstance find(TaskEngine reader, String id) {
		return reader.instances().stream().filter((instance) -> instance.id().equals(id)).findFirst().orElse(null);
	}

	private static boolean exists(RedisServerSupport redis, byte[] key) {
		return withConnection(redis, (connection) -> connection.keyCommands().exists(key));
	}

	private static long strlen(RedisServerSupport redis, String key) {
		return withConnection(redis,
				(connection) -> connection.stringCommands().strLen(key.getBytes(StandardCharsets.UTF_8)));
	}

	/** Calls per command so far, from {@code INFO commandstats}. */
	private static Map<String, Long> commandCalls(RedisConnection connection) {
		Map<String, Long> calls = new HashMap<>();
		connection.serverCommands().info("commandstats").forEach((key, value) -> {
			String name = String.valueOf(key);
			String stats = String.valueOf(value);
			if (name.startsWith("cmdstat_") && stats.startsWith("calls=")) {
				calls.put(name.substring("cmdstat_".length()),
						Long.parseLong(stats.substring("calls=".length(), stats.indexOf(','))));
			}
		});
		return calls;
	}

	private static <T> T withConnection(RedisServerSupport redis, Function<RedisConnection, T> work) {
		LettuceConnectionFactory factory = redis.connectionFactory();
		try (RedisConnection connection = factory.getConnection()) {
			return work.apply(connection);
		}
		finally {
			factory.destroy();
		}
	}

}
