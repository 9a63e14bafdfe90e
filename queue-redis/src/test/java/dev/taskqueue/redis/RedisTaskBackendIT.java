package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskOutcome;
import dev.taskqueue.testing.SettableClock;
import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Redis specifics of {@link RedisTaskBackend}: key layout, fencing across instances,
 * several instances sharing work, wake-ups, events and cancellation across instances, and
 * script reloading. An "instance" is a backend on a connection factory of its own. The
 * behaviour every backend shares is proven by {@code RedisTaskQueueContractIT}.
 */
class RedisTaskBackendIT {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final RedisServerSupport redis = RedisServerSupport.shared();

	private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00.000123456Z"));

	private final RedisTestTasks tasks = new RedisTestTasks(this.clock);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private RedisTaskBackend backend;

	@BeforeEach
	void setUp() {
		redis.flush();
		this.backend = backend(this.clock);
	}

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	/** A backend on a connection factory of its own: one application instance. */
	private RedisTaskBackend backend(Clock clock) {
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.resources.add(factory::destroy);
		RedisTaskBackend created = new RedisTaskBackend(factory, "tq", clock, RetentionPolicy.defaults(),
				RedisTestTasks.MAPPER);
		this.resources.add(created);
		return created;
	}

	private TaskEngine engine(RedisTaskBackend backend, HandlerDefinition handler, int concurrency) {
		EngineSettings settings = EngineSettings.defaults()
			.withConcurrency(concurrency, Map.of())
			.withShutdownTimeout(Duration.ofSeconds(1));
		TaskEngine engine = TaskEngine.builder()
			.backend(backend)
			.clock(Clock.systemUTC())
			.mapper(RedisTestTasks.MAPPER)
			.settings(settings)
			.handler(handler)
			.build();
		this.resources.add(engine::stop);
		engine.start();
		return engine;
	}

	private List<String> keys() {
		LettuceConnectionFactory factory = redis.connectionFactory();
		try (var connection = factory.getConnection()) {
			return connection.keyCommands().keys("*".getBytes()).stream().map(String::new).sorted().toList();
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void enqueuedTaskIsFoundWithEveryFieldAsGiven() {
		NewTask task = this.tasks.task("mail");
		assertThat(this.backend.enqueue(task).created()).isTrue();
		Task found = this.backend.find(task.id()).orElseThrow();
		assertThat(found.id()).isEqualTo(task.id());
		assertThat(found.queue()).isEqualTo("mail");
		assertThat(found.type()).isEqualTo("test");
		assertThat(found.status()).isEqualTo(TaskStatus.WAITING);
		assertThat(found.payload()).isEqualTo(task.payload());
		assertThat(found.createdAt()).as("nanoseconds survive").isEqualTo(task.createdAt());
		assertThat(found.scheduledAt()).isEqualTo(task.scheduledAt());
		assertThat(found.backoff()).isEqualTo(task.backoff());
		assertThat(found.timeout()).isEqualTo(task.timeout());
		assertThat(found.maxAttempts()).isEqualTo(3);
		assertThat(found.occurrence()).isEqualTo(1);
	}

	@Test
	void everyKeyOfAQueueCarriesItsHashTag() {
		NewTask task = this.tasks.task("emails");
		this.backend.enqueue(this.tasks.task("emails", 0, Duration.ofMinutes(1), "key-1"));
		this.backend.enqueue(task);
		this.backend.deliverEvents((event) -> {
		}, EnumSet.allOf(TaskEventType.class));
		ClaimedTask claim = this.backend.claim("emails", 1, LEASE).get(0);
		this.backend.finish(new TaskOutcome.Failed(claim, new TaskError("boom", "X", null), this.clock.instant(),
				this.clock.instant().plusSeconds(5)), false, LEASE);
		this.backend.enqueue(this.tasks.task("emails"));
		this.backend.enqueue(this.tasks.task("emails"));
		ClaimedTask done = this.backend.claim("emails", 1, LEASE).get(0);
		this.backend.finish(new TaskOutcome.Completed(done, null, this.clock.instant()), false, LEASE);
		this.backend.claim("emails", 1, LEASE);
		this.backend.setPaused("emails", true);
		String throughput = this.backend.keys().throughputKey("emails", RedisKeys.hourOf(this.clock.instant()));
		assertThat(keys())
			.contains("tq:{emails}:tasks", "tq:{emails}:ids", "tq:{emails}:delayed", "tq:{emails}:retrying",
					"tq:{emails}:active", "tq:{emails}:completed", "tq:{emails}:idempotency", "tq:{emails}:meta",
					"tq:{emails}:events", "tq:{emails}:types", throughput, "tq:queues", "tq:queues:added")
			.allSatisfy((name) -> assertThat(name)
				.matches("tq:\\{emails\\}:[a-z]+(:[0-9]+)?|tq:queues(:added)?|tq:listening"));
	}

	@Test
	void luaScriptsBindTheKeysJavaPasses() {
		for (RedisScripts.Script script : RedisScripts.Script.values()) {
			String source = RedisScripts.resource(script.file());
			String binding = source.substring(source.indexOf("bindKeys(") + "bindKeys(".length());
			binding = binding.substring(0, binding.indexOf(')')).replaceAll("[\\s']", "");
			List<String> expected = script.keyNames();
			assertThat(List.of(binding.split(","))).as(script.file()).isEqualTo(expected);
			String header = source.substring(source.indexOf("KEYS:") + "KEYS:".length(), source.indexOf("ARGV"));
			assertThat(List.of(header.trim().split("\\s+"))).as(script.file() + " documents its keys")
				.isEqualTo(expected);
		}
	}

	@Test
	void workerWhoseLeaseExpiredCannotCompleteTheTaskAnotherInstanceRuns() {
		RedisTaskBackend other = backend(this.clock);
		NewTask task = this.tasks.task("q");
		this.backend.enqueue(task);
		ClaimedTask stale = this.backend.claim("q", 1, LEASE).get(0);
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(other.recoverStalled(3)).isEqualTo(1);
		ClaimedTask fresh = other.claim("q", 1, LEASE).get(0);
		assertThat(fresh.id()).isEqualTo(task.id());
		assertThat(fresh.leaseToken()).isNotEqualTo(stale.leaseToken());

		FinishResult late = this.backend
			.finish(new TaskOutcome.Completed(stale, StringNode.valueOf("late"), this.clock.instant()), false, LEASE);
		assertThat(late.accepted()).isFalse();
		assertThat(this.backend.renewLeases(List.of(stale), LEASE)).containsExactly(task.id());
		assertThat(this.backend.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);

		FinishResult done = other
			.finish(new TaskOutcome.Completed(fresh, StringNode.valueOf("fresh"), this.clock.instant()), false, LEASE);
		assertThat(done.accepted()).isTrue();
		assertThat(this.backend.find(task.id()).orElseThrow().result()).isEqualTo(StringNode.valueOf("fresh"));
	}

	@Test
	void aTaskEnqueuedOnOneInstanceWakesAWorkerBlockedOnAnother() throws InterruptedException {
		RedisTaskBackend other = backend(this.clock);
		CountDownLatch blocked = new CountDownLatch(1);
		AtomicReference<Long> wokenAfterNanos = new AtomicReference<>();
		Thread waiter = new Thread(() -> {
			try {
				blocked.countDown();
				long start = System.nanoTime();
				other.awaitWork("q", Duration.ofSeconds(30));
				wokenAfterNanos.set(System.nanoTime() - start);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		waiter.start();
		blocked.await();
		awaitBlocked(waiter);
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(wokenAfterNanos.get()).as("blocked until something is enqueued").isNull());
		long enqueuedAt = System.nanoTime();
		this.backend.enqueue(this.tasks.task("q"));
		waiter.join(5000);
		assertThat(wokenAfterNanos.get()).isNotNull();
		assertThat(System.nanoTime() - enqueuedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));
		assertThat(other.claim("q", 1, LEASE)).hasSize(1);
	}

	/** Waits until the thread is parked (in the blocking call under test). */
	private static void awaitBlocked(Thread thread) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> thread.getState() == Thread.State.WAITING || thread.getState() == Thread.State.TIMED_WAITING);
	}

	@Test
	void awaitWorkIsInterruptible() throws InterruptedException {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread waiter = new Thread(() -> {
			try {
				this.backend.awaitWork("q", Duration.ofMinutes(1));
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		});
		waiter.start();
		awaitBlocked(waiter);
		waiter.interrupt();
		waiter.join(5000);
		assertThat(waiter.isAlive()).isFalse();
		assertThat(failure.get()).isInstanceOf(InterruptedException.class);
		// the backend still works afterwards
		this.backend.enqueue(this.tasks.task("q"));
		this.backend.awaitWork("q", Duration.ofSeconds(5));
	}

	@Test
	void listenersOfEveryInstanceSeeEveryInstancesEvents() {
		RedisTaskBackend other = backend(this.clock);
		List<TaskEvent> seenHere = new CopyOnWriteArrayList<>();
		List<TaskEvent> seenThere = new CopyOnWriteArrayList<>();
		this.backend.deliverEvents(seenHere::add, EnumSet.allOf(TaskEventType.class));
		other.deliverEvents(seenThere::add, EnumSet.allOf(TaskEventType.class));
		NewTask task = this.tasks.task("new-queue");
		other.enqueue(task);
		ClaimedTask claim = this.backend.claim("new-queue", 1, LEASE).get(0);
		other.finish(new TaskOutcome.Completed(claim, null, this.clock.instant()), false, LEASE);
		List<TaskEventType> expected = List.of(TaskEventType.ADDED, TaskEventType.ACTIVE, TaskEventType.COMPLETED);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(seenHere).extracting(TaskEvent::type).isEqualTo(expected));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(seenThere).extracting(TaskEvent::type).isEqualTo(expected));
		TaskEvent completed = seenHere.get(2);
		assertThat(completed.queue()).isEqualTo("new-queue");
		assertThat(completed.taskId()).isEqualTo(task.id());
		assertThat(completed.task().status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(completed.task().payload()).isEqualTo(task.payload());
		assertThat(completed.at()).isEqualTo(this.clock.instant());
	}

	@Test
	void anInstanceWithoutListenersWritesTheEventsAnotherInstanceReads() {
		RedisTaskBackend listening = backend(this.clock);
		List<TaskEvent> seen = new CopyOnWriteArrayList<>();
		listening.deliverEvents(seen::add, EnumSet.allOf(TaskEventType.class));
		NewTask task = this.tasks.task("queue-new-to-everybody");

		this.backend.enqueue(task);
		ClaimedTask claim = this.backend.claim("queue-new-to-everybody", 1, LEASE).get(0);
		this.backend.finish(new TaskOutcome.Completed(claim, null, this.clock.instant()), false, LEASE);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(seen).extracting(TaskEvent::type)
				.containsExactly(TaskEventType.ADDED, TaskEventType.ACTIVE, TaskEventType.COMPLETED));
		assertThat(seen).allSatisfy((event) -> assertThat(event.taskId()).isEqualTo(task.id()));
	}

	@Test
	void noEventIsWrittenWhileNoInstanceReadsThemButCancellationsAre() {
		this.backend.deliverEvents((event) -> {
		}, EnumSet.of(TaskEventType.CANCELLED));
		this.backend.enqueue(this.tasks.task("quiet"));
		ClaimedTask claim = this.backend.claim("quiet", 1, LEASE).get(0);
		this.backend.finish(new TaskOutcome.Completed(claim, null, this.clock.instant()), false, LEASE);
		NewTask cancelled = this.tasks.task("quiet");
		this.backend.enqueue(cancelled);
		assertThat(this.backend.cancel(cancelled.id()).status()).isEqualTo(TaskStatus.CANCELLED);

		assertThat(streamLength("tq:{quiet}:events")).isZero();
		assertThat(streamLength("tq:{quiet}:control")).isEqualTo(1);

		RedisTaskBackend listening = backend(this.clock);
		List<TaskEvent> seen = new CopyOnWriteArrayList<>();
		listening.deliverEvents(seen::add, EnumSet.allOf(TaskEventType.class));
		NewTask later = this.tasks.task("quiet");
		this.backend.enqueue(later);
		assertThat(streamLength("tq:{quiet}:events")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(seen).extracting(TaskEvent::taskId).containsExactly(later.id()));
	}

	private long streamLength(String key) {
		LettuceConnectionFactory factory = redis.connectionFactory();
		try (var connection = factory.getConnection()) {
			Long length = connection.streamCommands().xLen(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return (length != null) ? length : 0;
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void outcomesFinishedTogetherShareCallsYetEachIsFencedAndGetsItsOwnNextTask() throws Exception {
		int workers = 20;
		List<NewTask> first = new ArrayList<>();
		for (int i = 0; i < 2 * workers; i++) {
			NewTask task = this.tasks.task("q");
			this.backend.enqueue(task);
			if (i < workers) {
				first.add(task);
			}
		}
		List<ClaimedTask> claims = new ArrayList<>(this.backend.claim("q", workers, LEASE));
		assertThat(claims).extracting(ClaimedTask::id)
			.containsExactlyElementsOf(first.stream().map(NewTask::id).toList());
		ClaimedTask revoked = claims.get(7);
		claims.set(7, new ClaimedTask(revoked.task(), "not-its-token", revoked.leaseExpiresAt()));
		long callsBefore = evalshaCalls();
		// Redis answers nothing for half a second: the outcomes meet while the first
		// calls wait
		redisCommand("CLIENT", "PAUSE", "500");
		Map<String, FinishResult> results = new ConcurrentHashMap<>();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (ClaimedTask claim : claims) {
			Thread thread = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				results.put(claim.id(),
						this.backend.finish(
								new TaskOutcome.Completed(claim, StringNode.valueOf(claim.id()), this.clock.instant()),
								true, LEASE));
			});
			thread.start();
			threads.add(thread);
		}
		start.countDown();
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}

		assertThat(evalshaCalls() - callsBefore).as("calls for %d outcomes", workers).isLessThanOrEqualTo(4);
		assertThat(results).hasSize(workers);
		assertThat(results.get(revoked.id()).accepted()).as("the outcome under a revoked lease").isFalse();
		assertThat(results.get(revoked.id()).next()).isNull();
		assertThat(this.backend.find(revoked.id()).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
		Set<String> next = ConcurrentHashMap.newKeySet();
		for (ClaimedTask claim : claims) {
			if (claim != claims.get(7)) {
				FinishResult result = results.get(claim.id());
				assertThat(result.accepted()).isTrue();
				Task done = this.backend.find(claim.id()).orElseThrow();
				assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
				assertThat(done.result()).isEqualTo(StringNode.valueOf(claim.id()));
				ClaimedTask claimedNext = result.next();
				assertThat(claimedNext).isNotNull();
				assertThat(next.add(claimedNext.id())).as("each next task goes to one worker").isTrue();
				assertThat(this.backend.find(claimedNext.id()).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
				assertThat(this.backend.renewLeases(List.of(claimedNext), LEASE)).as("its lease is its own").isEmpty();
			}
		}
		assertThat(next).hasSize(workers - 1).doesNotContainAnyElementsOf(results.keySet());
		assertThat(this.backend.stats("q").metrics().processed()).isEqualTo(workers - 1);
	}

	@Test
	void enqueuesMadeTogetherShareCallsYetADuplicateIdFailsOnlyItsOwnEnqueue() {
		NewTask stored = this.tasks.task("q");
		this.backend.enqueue(stored);
		long callsBefore = evalshaCalls();
		// Redis answers nothing for a moment: the enqueues meet while the first calls
		// wait
		redisCommand("CLIENT", "PAUSE", "300");
		List<NewTask> fresh = new ArrayList<>();
		List<CompletableFuture<EnqueueResult>> results = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			NewTask task = (i == 10) ? stored : this.tasks.task("q");
			if (i != 10) {
				fresh.add(task);
			}
			results.add(this.backend.enqueueAsync(task));
		}
		CompletableFuture.allOf(results.toArray(new CompletableFuture<?>[0])).exceptionally((ex) -> null).join();

		assertThat(evalshaCalls() - callsBefore).as("calls for 20 enqueues").isLessThanOrEqualTo(3);
		assertThat(results.get(10)).isCompletedExceptionally();
		assertThatThrownBy(results.get(10)::join).hasCauseInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(stored.id());
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			if (i != 10) {
				EnqueueResult result = results.get(i).join();
				assertThat(result.created()).isTrue();
				ids.add(result.id());
			}
		}
		assertThat(ids).containsExactlyElementsOf(fresh.stream().map(NewTask::id).toList());
		assertThat(this.backend.stats("q").count(TaskStatus.WAITING)).isEqualTo(20);
		List<String> claimed = this.backend.claim("q", 20, LEASE).stream().map(ClaimedTask::id).toList();
		assertThat(claimed).as("first enqueued, first claimed")
			.containsExactlyElementsOf(Stream.concat(Stream.of(stored.id()), fresh.stream().map(NewTask::id)).toList());
	}

	@Test
	void aCombinedCallThatFailsFailsEachOfItsItemsAndLaterCallsGoOn() throws Exception {
		this.backend.enqueue(this.tasks.task("q"));
		List<CompletableFuture<EnqueueResult>> refused = new ArrayList<>();
		// Redis refuses every write while it is over its memory limit
		redisCommand("CONFIG", "SET", "maxmemory", "1");
		try {
			for (int i = 0; i < 20; i++) {
				refused.add(this.backend.enqueueAsync(this.tasks.task("q")));
			}
			CompletableFuture.allOf(refused.toArray(new CompletableFuture<?>[0])).exceptionally((ex) -> null).join();
		}
		finally {
			redisCommand("CONFIG", "SET", "maxmemory", "0");
		}
		for (CompletableFuture<EnqueueResult> result : refused) {
			assertThatThrownBy(result::join).hasMessageContaining("OOM");
		}
		assertThat(this.backend.stats("q").count(TaskStatus.WAITING)).isEqualTo(1);
		NewTask later = this.tasks.task("q");
		// a call left counted as on its way would keep this one waiting forever
		assertThat(this.backend.enqueueAsync(later).get(10, TimeUnit.SECONDS).id()).isEqualTo(later.id());
		assertThat(this.backend.enqueue(this.tasks.task("q")).created()).isTrue();
		assertThat(this.backend.stats("q").count(TaskStatus.WAITING)).isEqualTo(3);
	}

	@Test
	void outcomesAreRecordedOneByOneWhenTheConnectionIsNotShared() {
		LettuceConnectionFactory factory = redis.connectionFactory();
		this.resources.add(factory::destroy);
		factory.setShareNativeConnection(false);
		RedisTaskBackend unshared = new RedisTaskBackend(factory, "tq", this.clock, RetentionPolicy.defaults(),
				RedisTestTasks.MAPPER);
		this.resources.add(unshared);
		NewTask task = this.tasks.task("q");
		NewTask later = this.tasks.task("q");
		unshared.enqueueAll(List.of(task, later));
		ClaimedTask claim = unshared.claim("q", 1, LEASE).get(0);
		FinishResult result = unshared.finish(new TaskOutcome.Failed(claim,
				new TaskError("no", "IllegalStateException", null), this.clock.instant(), null), true, LEASE);
		assertThat(result.accepted()).isTrue();
		assertThat(result.next().id()).isEqualTo(later.id());
		assertThat(unshared.find(task.id()).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
		assertThat(unshared.stats("q").metrics().failed()).isEqualTo(1);
	}

	private static long evalshaCalls() {
		Object reply = redisCommand("INFO", "commandstats");
		String stats = (reply instanceof byte[] bytes) ? new String(bytes) : String.valueOf(reply);
		for (String line : stats.split("\r?\n")) {
			if (line.startsWith("cmdstat_evalsha:calls=")) {
				return Long.parseLong(line.substring("cmdstat_evalsha:calls=".length(), line.indexOf(',')));
			}
		}
		return 0;
	}

	private static Object redisCommand(String command, String... args) {
		LettuceConnectionFactory factory = redis.connectionFactory();
		try (var connection = factory.getConnection()) {
			byte[][] values = new byte[args.length][];
			for (int i = 0; i < args.length; i++) {
				values[i] = args[i].getBytes();
			}
			return connection.execute(command, values);
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void scriptsAreSentAgainWhenRedisForgotThem() {
		this.backend.enqueue(this.tasks.task("q"));
		flushScripts();
		assertThat(this.backend.claim("q", 1, LEASE)).hasSize(1);
		this.backend.enqueue(this.tasks.task("q"));
		assertThat(this.backend.stats("q").count(TaskStatus.WAITING)).isEqualTo(1);
		flushScripts();
		NewTask later = this.tasks.task("q");
		assertThat(this.backend.enqueueAsync(later).join().id()).as("sent again without waiting, too")
			.isEqualTo(later.id());
		assertThat(this.backend.stats("q").count(TaskStatus.WAITING)).isEqualTo(2);
	}

	private static void flushScripts() {
		LettuceConnectionFactory factory = redis.connectionFactory();
		try (var connection = factory.getConnection()) {
			connection.scriptingCommands().scriptFlush();
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void twoInstancesShareTheWorkAndRunNoTaskTwice() {
		Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
		Map<String, Set<String>> byInstance = new ConcurrentHashMap<>();
		RedisTaskBackend first = backend(Clock.systemUTC());
		RedisTaskBackend second = backend(Clock.systemUTC());
		TaskEngine one = engine(first, handler("one", runs, byInstance), 4);
		TaskEngine two = engine(second, handler("two", runs, byInstance), 4);
		int total = 400;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			ids.add(((i % 2 == 0) ? one : two).enqueue("work", Map.of("n", i)));
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> first.stats("shared").count(TaskStatus.COMPLETED) == total);
		assertThat(runs).hasSize(total);
		assertThat(runs.values()).allSatisfy((count) -> assertThat(count.get()).isEqualTo(1));
		assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
		assertThat(byInstance.keySet()).as("both instances ran tasks").containsExactlyInAnyOrder("one", "two");
	}

	private static HandlerDefinition handler(String instance, Map<String, AtomicInteger> runs,
			Map<String, Set<String>> byInstance) {
		return new HandlerDefinition("work", "shared", 0, 1, null, (payload, context) -> {
			runs.computeIfAbsent(context.taskId(), (id) -> new AtomicInteger()).incrementAndGet();
			byInstance.computeIfAbsent(instance, (name) -> ConcurrentHashMap.newKeySet()).add(context.taskId());
			Thread.sleep(2);
			return null;
		}, "work on " + instance);
	}

	@Test
	void aListenerAddedWhileOnlyCancellationsAreReadGetsEveryLaterEvent() {
		RedisTaskBackend worker = backend(Clock.systemUTC());
		TaskEngine engine = engine(worker, HandlerDefinition.of("quick", "quick", (payload, context) -> "done"), 1);
		String before = engine.enqueue("quick", "first", TaskOptions.none());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> worker.find(before).map(Task::status).orElse(null) == TaskStatus.COMPLETED);
		List<TaskEvent> seen = new CopyOnWriteArrayList<>();

		engine.addListener(seen::add);
		String after = engine.enqueue("quick", "second", TaskOptions.none());

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(seen).filteredOn((event) -> after.equals(event.taskId()))
				.extracting(TaskEvent::type)
				.containsExactly(TaskEventType.ADDED, TaskEventType.ACTIVE, TaskEventType.COMPLETED));
		assertThat(seen).as("no replay of the history before the listener came")
			.noneMatch((event) -> before.equals(event.taskId()) && event.type() == TaskEventType.ADDED);
	}

	@Test
	void cancellingOnOneInstanceInterruptsTheTaskRunningOnAnother() {
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean interrupted = new AtomicBoolean();
		RedisTaskBackend runner = backend(Clock.systemUTC());
		RedisTaskBackend operator = backend(Clock.systemUTC());
		engine(runner, new HandlerDefinition("slow", "slow", 1, 1, null, (payload, context) -> {
			started.countDown();
			try {
				Thread.sleep(60_000);
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
			return null;
		}, "slow"), 1);
		TaskEngine producer = TaskEngine.builder()
			.backend(operator)
			.settings(EngineSettings.defaults().withWorkerEnabled(false))
			.handler(HandlerDefinition.of("slow", "slow", (payload, context) -> null))
			.build();
		String id = producer.enqueue("slow", "payload", TaskOptions.none());
		await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);
		Task cancelled = producer.cancel(id);
		assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
		await().atMost(Duration.ofSeconds(5)).untilTrue(interrupted);
		assertThat(runner.find(id).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
	}

	@Test
	void instancesRegisteringTheSameRepeatTogetherCreateOneSchedule() throws InterruptedException {
		List<TaskEngine> instances = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			instances.add(TaskEngine.builder()
				.backend(backend(Clock.systemUTC()))
				.settings(EngineSettings.defaults().withWorkerEnabled(false))
				.handler(HandlerDefinition.of("report", "reports", (payload, context) -> null))
				.build());
		}
		Set<String> ids = ConcurrentHashMap.newKeySet();
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		for (TaskEngine instance : instances) {
			for (int i = 0; i < 5; i++) {
				Thread thread = new Thread(() -> {
					try {
						go.await();
						ids.add(instance.enqueue("report", null,
								TaskOptions.builder().cron("0 2 * * *").idempotencyKey("nightly-report").build()));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
				threads.add(thread);
				thread.start();
			}
		}
		go.countDown();
		for (Thread thread : threads) {
			thread.join(10_000);
		}
		assertThat(ids).hasSize(1);
		assertThat(this.backend.stats("reports").count(TaskStatus.DELAYED)).isEqualTo(1);
	}

}
