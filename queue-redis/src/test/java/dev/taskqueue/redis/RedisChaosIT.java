package dev.taskqueue.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chaos on the Redis backend: three worker JVMs ({@link RecordingWorkerProcess}) drain
 * one queue while this JVM enqueues tasks continuously at a steady rate; every few
 * seconds one worker is killed with {@code kill -9} and a new one started in its place,
 * and once, in the middle of the run, the queue's {@code redis-server} is killed with
 * {@code kill -9} and restarted from its append-only file. The handler sleeps a few
 * milliseconds and each worker records its runs outside the queue, in a file of its own
 * ({@link RunRecorder}), which survives both kinds of kill.
 * <p>
 * Redis runs with {@code appendonly yes} and {@code appendfsync always}: Redis then
 * writes and syncs the AOF before it replies, so an acknowledged enqueue (or recorded
 * outcome) is on disk, which is what the backend promises ("acknowledged" means that
 * here). With {@code everysec} Redis answers before the sync: a machine crash loses up to
 * about a second of acknowledged writes, and so does a process crash while a slow disk
 * makes Redis postpone its writes (up to 2 s); a {@code kill -9} of the process alone
 * usually finds them in the kernel's page cache, so this test could not tell the settings
 * apart and the weaker one would pass by luck.
 * <p>
 * At the end, with every task drained, it asserts ({@link ChaosAudit}): no acknowledged
 * task is lost (each is completed in the queue's final state, which counts as many
 * processed tasks as it holds and none failed, and ran at least once per the records); no
 * outcome was recorded twice and no task ran after its completion was recorded; and every
 * duplicate run is explained by a kill of its worker or by the Redis crash. Tasks allow
 * more attempts and stalls than the defaults, because a task may be caught by several
 * kills in a row; the stall limit itself is a contract test's business.
 * <p>
 * Parameters (system properties, passed through by Maven): {@code chaos.tasks} (20,000),
 * {@code chaos.rate} (tasks enqueued per second, 400), {@code chaos.killInterval} (ms
 * between kills on average, 3,000), {@code chaos.seed} (of the kill schedule: pauses and
 * victims; random unless given), {@code chaos.workers} (3), {@code chaos.concurrency}
 * (per worker, 8), {@code chaos.lease} (ms, 3,000), {@code chaos.workMillis} (the
 * handler's sleep, 5), {@code chaos.redisDown} (ms between the Redis kill and its
 * restart, 1,000). The 100,000-task run:
 *
 * <pre>
 * ./mvnw -B -pl queue-redis -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=RedisChaosIT -Dchaos.tasks=100000
 * </pre>
 *
 * Each run leaves its records under {@code queue-redis/target/chaos/}.
 */
class RedisChaosIT {

	private static final String QUEUE = "chaos";

	@RegisterExtension
	final TestResources resources = new TestResources();

	private final ConcurrentLinkedQueue<WorkerJvm> started = new ConcurrentLinkedQueue<>();

	@AfterEach
	void tearDown() {
		this.started.forEach(WorkerJvm::destroy);
	}

	@Test
	void noAcknowledgedTaskIsLostAndEveryDuplicateIsExplainedByAKill() throws Exception {
		Settings settings = Settings.fromSystemProperties();
		Path directory = Files.createDirectories(
				Path.of("target", "chaos", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
		RedisServerSupport redis = this.resources.ownServer(true);
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.resources.add(factory::destroy);
		RedisTaskBackend backend = new RedisTaskBackend(factory, "tq", Clock.systemUTC(),
				RecordingWorkerProcess.KEEP_ALL, RedisTestTasks.MAPPER);
		this.resources.add(backend);
		// produces only: never started, so it runs no housekeeping either
		TaskEngine producer = TaskEngine.builder()
			.backend(backend)
			.mapper(RedisTestTasks.MAPPER)
			.settings(EngineSettings.defaults().withWorkerEnabled(false))
			.handler(new HandlerDefinition("job", QUEUE, 0, settings.maxAttempts, null, (payload, context) -> null,
					"the chaos producer"))
			.build();

		long begin = System.currentTimeMillis();
		WorkerJvm[] workers = new WorkerJvm[settings.workers];
		int[] generations = new int[settings.workers];
		for (int slot = 0; slot < workers.length; slot++) {
			workers[slot] = startWorker(redis, directory, settings, slot, ++generations[slot]);
		}
		for (WorkerJvm worker : workers) {
			worker.awaitReady();
		}

		Map<String, Long> kills = new ConcurrentHashMap<>();
		long[] redisCrash = new long[2];
		CountDownLatch produced = new CountDownLatch(1);
		ExecutorService chaos = Executors.newSingleThreadExecutor();
		this.resources.add(chaos::shutdownNow);
		long produceMillis = settings.tasks * 1000L / settings.rate;
		Future<?> schedule = chaos.submit(() -> {
			Random random = new Random(settings.seed);
			long crashAt = System.currentTimeMillis() + produceMillis / 2;
			while (true) {
				long pause = settings.killInterval / 2 + random.nextInt((int) settings.killInterval);
				// the chaos schedule (not a wait for a condition): ends when production
				// does
				if (produced.await(pause, TimeUnit.MILLISECONDS)) {
					break;
				}
				if (redisCrash[0] == 0 && System.currentTimeMillis() >= crashAt) {
					crashRedis(redis, settings, redisCrash);
					continue;
				}
				int slot = random.nextInt(workers.length);
				long killedAt = workers[slot].kill();
				kills.put(workers[slot].instance(), killedAt);
				workers[slot] = startWorker(redis, directory, settings, slot, ++generations[slot]);
			}
			if (redisCrash[0] == 0) {
				crashRedis(redis, settings, redisCrash);
			}
			return null;
		});

		Production production = produce(producer, settings);
		List<String> acknowledged = new ArrayList<>(production.acknowledged());
		long producedAt = System.currentTimeMillis();
		produced.countDown();
		schedule.get(2, TimeUnit.MINUTES);
		for (WorkerJvm worker : workers) {
			worker.awaitReady();
		}
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> unfinished(backend.stats(QUEUE)) == 0);
		long drainedAt = System.currentTimeMillis();
		for (WorkerJvm worker : workers) {
			worker.terminate();
		}
		for (WorkerJvm worker : workers) {
			assertThat(worker.awaitExit(Duration.ofSeconds(30))).as("%s stops on SIGTERM", worker.instance()).isTrue();
		}

		Files.write(directory.resolve("acknowledged.ids"), acknowledged);
		Map<String, Task> stored = allTasks(backend);
		QueueStats stats = backend.stats(QUEUE);
		RunHistory history = RunHistory.read(directory);
		ChaosAudit audit = new ChaosAudit(history, kills, redisCrash[0], redisCrash[1],
				RecordingWorkerProcess.COMMAND_TIMEOUT.toMillis() + 1000)
			.check(acknowledged, stored);

		long notAcknowledged = settings.tasks - acknowledged.size();
		long storedAnyway = stored.size() - acknowledged.size();
		double seconds = (drainedAt - begin) / 1000.0;
		String summary = String.format(
				"RedisChaosIT: %,d tasks (%,d acknowledged; %,d not, during the Redis outage, %,d of them stored anyway), "
						+ "%d worker JVMs, %d kill -9 of a worker, %d kill -9 + AOF restart of Redis (down %.1f s), "
						+ "%,d runs, %,d duplicates (%,d after a worker kill, %,d after the Redis crash), "
						+ "at most %d runs of a task; %.1f s (produced in %.1f s, drained %.1f s after), %,.0f tasks/s; "
						+ "seed %d; records in %s",
				settings.tasks, acknowledged.size(), notAcknowledged, storedAnyway, settings.workers, kills.size(), 1,
				(redisCrash[1] - redisCrash[0]) / 1000.0, history.runCount(), audit.duplicates(), audit.byWorkerKill(),
				audit.byRedisCrash(), audit.mostRuns(), seconds, (producedAt - begin) / 1000.0,
				(drainedAt - producedAt) / 1000.0, stored.size() / seconds, settings.seed, directory);
		System.out.println(summary);
		Map<String, Long> reasons = new java.util.TreeMap<>();
		production.refusals().forEach((refusal) -> reasons.merge(refusal.reason(), 1L, Long::sum));
		System.out.println("RedisChaosIT: failed enqueues by reason: " + reasons);
		Files.writeString(directory.resolve("summary.txt"), summary + "\n");

		assertThat(audit.violations()).as("violations (timelines of the first ones)")
			.withFailMessage(() -> audit.violations().size() + " violation(s):\n"
					+ String.join("\n", audit.violations().subList(0, Math.min(20, audit.violations().size()))))
			.isEmpty();
		assertThat(stats.count(TaskStatus.COMPLETED)).as("completed").isEqualTo(stored.size());
		assertThat(stats.count(TaskStatus.FAILED)).as("failed").isZero();
		assertThat(stats.metrics().processed()).as("processed, each counted once").isEqualTo(stored.size());
		assertThat(stats.metrics().failed()).as("failed attempts counted").isZero();
		// the producer's command timeout is 5 s, as the workers'
		long outageEnd = redisCrash[1] + RecordingWorkerProcess.COMMAND_TIMEOUT.toMillis() + 1000;
		assertThat(production.refusals()).as("enqueues fail only while Redis is away")
			.allSatisfy((refusal) -> assertThat(refusal.at()).as(refusal.reason()).isBetween(redisCrash[0], outageEnd));
		// a kill every killInterval on average, one of those slots taken by the Redis
		// crash
		assertThat(kills).as("workers killed")
			.hasSizeGreaterThanOrEqualTo((int) Math.max(1, produceMillis / settings.killInterval / 2));
		assertThat(audit.byWorkerKill()).as("kills caught tasks running").isPositive();
	}

	private WorkerJvm startWorker(RedisServerSupport redis, Path directory, Settings settings, int slot,
			int generation) {
		WorkerJvm worker = WorkerJvm.start(redis, QUEUE, "w" + (slot + 1) + "-" + generation, directory,
				settings.concurrency, Duration.ofMillis(settings.lease), settings.maxAttempts, Duration.ofSeconds(5));
		this.started.add(worker);
		return worker;
	}

	private static void crashRedis(RedisServerSupport redis, Settings settings, long[] times) throws Exception {
		times[0] = System.currentTimeMillis();
		redis.kill();
		// the outage under test (not a wait for a condition)
		Thread.sleep(settings.redisDown);
		redis.start();
		times[1] = System.currentTimeMillis();
	}

	/**
	 * Enqueues the tasks at the configured rate, with a bounded number of enqueues on
	 * their way.
	 * @return the ids of the acknowledged enqueues, and when and why the others failed
	 */
	private static Production produce(TaskEngine producer, Settings settings) throws InterruptedException {
		int window = 256;
		Semaphore onTheirWay = new Semaphore(window);
		Production production = new Production(new ConcurrentLinkedQueue<>(), new ConcurrentLinkedQueue<>());
		Map<String, Object> payload = Map.of("ms", settings.workMillis);
		long start = System.nanoTime();
		for (int i = 0; i < settings.tasks; i++) {
			long due = start + i * 1_000_000_000L / settings.rate;
			long early = due - System.nanoTime();
			if (early > 0) {
				// the steady rate of the workload
				LockSupport.parkNanos(early);
			}
			onTheirWay.acquire();
			CompletableFuture<String> enqueue;
			try {
				enqueue = producer.enqueueAsync("job", payload);
			}
			catch (RuntimeException ex) {
				production.refused(ex);
				onTheirWay.release();
				continue;
			}
			enqueue.whenComplete((id, failure) -> {
				if (failure == null) {
					production.acknowledged().add(id);
				}
				else {
					production.refused(failure);
				}
				onTheirWay.release();
			});
		}
		assertThat(onTheirWay.tryAcquire(window, 1, TimeUnit.MINUTES)).as("every enqueue answered").isTrue();
		return production;
	}

	/**
	 * What the producer saw.
	 *
	 * @param acknowledged the ids of the acknowledged enqueues
	 * @param refusals when each other enqueue failed, and why
	 */
	private record Production(ConcurrentLinkedQueue<String> acknowledged, ConcurrentLinkedQueue<Refusal> refusals) {

		void refused(Throwable failure) {
			Throwable cause = (failure instanceof java.util.concurrent.CompletionException
					&& failure.getCause() != null) ? failure.getCause() : failure;
			this.refusals.add(new Refusal(System.currentTimeMillis(), cause.toString()));
		}

	}

	/**
	 * A failed enqueue.
	 *
	 * @param at when it failed
	 * @param reason the exception
	 */
	private record Refusal(long at, String reason) {

	}

	private static long unfinished(QueueStats stats) {
		return stats.count(TaskStatus.WAITING) + stats.count(TaskStatus.ACTIVE) + stats.count(TaskStatus.DELAYED)
				+ stats.count(TaskStatus.RETRYING);
	}

	private static Map<String, Task> allTasks(RedisTaskBackend backend) {
		Map<String, Task> tasks = new HashMap<>();
		String cursor = null;
		do {
			TaskPage page = backend.list(new TaskQuery(QUEUE, null, Set.of(), TaskQuery.MAX_LIMIT, cursor));
			page.items().forEach((task) -> tasks.put(task.id(), task));
			cursor = page.nextCursor();
		}
		while (cursor != null);
		return tasks;
	}

	/** The run's parameters, from system properties. */
	private record Settings(int tasks, int rate, long killInterval, long seed, int workers, int concurrency, long lease,
			int workMillis, long redisDown, int maxAttempts) {

		static Settings fromSystemProperties() {
			return new Settings(Integer.getInteger("chaos.tasks", 20_000), Integer.getInteger("chaos.rate", 400),
					Long.getLong("chaos.killInterval", 3_000), Long.getLong("chaos.seed", new Random().nextLong()),
					Integer.getInteger("chaos.workers", 3), Integer.getInteger("chaos.concurrency", 8),
					Long.getLong("chaos.lease", 3_000), Integer.getInteger("chaos.workMillis", 5),
					Long.getLong("chaos.redisDown", 1_000), 25);
		}

	}

}
