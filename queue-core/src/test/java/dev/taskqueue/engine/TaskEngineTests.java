package dev.taskqueue.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import dev.taskqueue.Backoff;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.UnknownTaskTypeException;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;
import dev.taskqueue.testing.SettableClock;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What the engine does on its own, whatever the backend: handler registration, life cycle
 * and thread choice.
 */
class TaskEngineTests {

	private final SettableClock clock = new SettableClock();

	private final InMemoryTaskBackend backend = new InMemoryTaskBackend(this.clock, RetentionPolicy.defaults());

	private final List<TaskEngine> engines = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.engines.forEach(TaskEngine::stop);
		this.backend.close();
	}

	@Test
	void anOutcomeBeingRecordedAtTheShutdownDeadlineIsNotCutOff() throws InterruptedException {
		CountDownLatch finishing = new CountDownLatch(1);
		TaskBackend slow = new ForwardingTaskBackend(this.backend) {

			@Override
			public FinishResult finish(TaskOutcome outcome, boolean claimNext, Duration lease) {
				finishing.countDown();
				try {
					// a backend slower to answer than the shutdown timeout (200 ms)
					Thread.sleep(500);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while recording the outcome", ex);
				}
				return super.finish(outcome, claimNext, lease);
			}

		};
		TaskEngine engine = TaskEngine.builder()
			.backend(slow)
			.clock(this.clock)
			.settings(settings())
			.handler(HandlerDefinition.of("quick", "q", (payload, ctx) -> "done"))
			.build();
		this.engines.add(engine);
		engine.start();
		String id = engine.enqueue("quick", null);
		assertThat(finishing.await(10, TimeUnit.SECONDS)).isTrue();

		engine.stop();

		assertThat(this.backend.find(id)).hasValueSatisfying((task) -> {
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(task.result().asString()).isEqualTo("done");
		});
	}

	private TaskEngine engine(EngineSettings settings, HandlerDefinition... handlers) {
		TaskEngineBuilder builder = TaskEngine.builder().backend(this.backend).clock(this.clock).settings(settings);
		for (HandlerDefinition handler : handlers) {
			builder.handler(handler);
		}
		TaskEngine engine = builder.build();
		this.engines.add(engine);
		return engine;
	}

	private static EngineSettings settings() {
		return EngineSettings.defaults()
			.withRetries(1, Backoff.fixed(Duration.ZERO))
			.withShutdownTimeout(Duration.ofMillis(200));
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
	}

	private static Task awaitStatus(TaskEngine engine, String id, TaskStatus status) {
		await().untilAsserted(() -> assertThat(engine.get(id))
			.hasValueSatisfying((task) -> assertThat(task.status()).as("status of %s", id).isEqualTo(status)));
		return engine.get(id).orElseThrow();
	}

	@Test
	void localListenersHearOnlyWhatTheirOwnEngineDid() {
		HandlerDefinition work = HandlerDefinition.of("work", "q", (payload, ctx) -> {
			if ("bad".equals(payload.asString())) {
				throw new IllegalStateException("bad payload");
			}
			return "done";
		});
		TaskEngine producer = engine(settings().withWorkerEnabled(false), work);
		TaskEngine worker = engine(settings(), HandlerDefinition.of("work", "q", work.processor()));
		List<String> heardByProducer = new CopyOnWriteArrayList<>();
		List<String> heardByWorker = new CopyOnWriteArrayList<>();
		producer.addLocalListener(
				(event) -> heardByProducer.add(event.type().value() + ":" + event.task().status().value()),
				EnumSet.allOf(TaskEventType.class));
		worker.addLocalListener(
				(event) -> heardByWorker
					.add(event.task().id() + " " + event.type().value() + ":" + event.task().status().value()),
				EnumSet.allOf(TaskEventType.class));
		producer.start();
		worker.start();

		String good = producer.enqueue("work", "good");
		awaitStatus(producer, good, TaskStatus.COMPLETED);
		String bad = producer.enqueue("work", "bad");
		awaitStatus(producer, bad, TaskStatus.FAILED);

		assertThat(heardByProducer).containsExactly("added:waiting", "added:waiting");
		// the two tasks may run on different worker threads: order holds per task only
		await().untilAsserted(() -> assertThat(heardByWorker).hasSize(4));
		assertThat(heardByWorker).filteredOn((heard) -> heard.startsWith(good + " "))
			.containsExactly(good + " active:active", good + " completed:completed");
		assertThat(heardByWorker).filteredOn((heard) -> heard.startsWith(bad + " "))
			.containsExactly(bad + " active:active", bad + " failed:failed");
	}

	@Test
	void twoHandlersForOneTypeAreRefusedNamingBoth() {
		HandlerDefinition first = new HandlerDefinition("mail", "q", 0, 0, null, (p, c) -> null, "Mailer.send");
		HandlerDefinition second = new HandlerDefinition("mail", "other", 0, 0, null, (p, c) -> null,
				"Newsletter.send");

		assertThatIllegalStateException().isThrownBy(() -> engine(settings(), first, second))
			.withMessageContaining("'mail'")
			.withMessageContaining("Mailer.send")
			.withMessageContaining("Newsletter.send");
		TaskEngine engine = engine(settings(), first);
		assertThatIllegalStateException().isThrownBy(() -> engine.register(second))
			.withMessageContaining("Newsletter.send");
		assertThat(engine.handlers()).containsExactly(first);
	}

	@Test
	void aRetriedAttemptIsOneInfoLineAndAFinalFailureAWarningWithItsStackTrace() {
		List<LogRecord> records = new CopyOnWriteArrayList<>();
		Logger logger = Logger.getLogger(TaskExecution.class.getName());
		Handler capture = new Handler() {

			@Override
			public void publish(LogRecord record) {
				records.add(record);
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		logger.addHandler(capture);
		try {
			TaskEngine engine = engine(settings(), HandlerDefinition.of("flaky", "logs", (payload, ctx) -> {
				throw new IllegalStateException("the disk is full");
			}));
			engine.start();
			String id = engine.enqueue("flaky", null,
					TaskOptions.builder().maxAttempts(2).backoff(Backoff.fixed(Duration.ofSeconds(1))).build());
			awaitStatus(engine, id, TaskStatus.RETRYING);
			this.clock.advance(Duration.ofSeconds(1));
			engine.wakeUp();
			awaitStatus(engine, id, TaskStatus.FAILED);

			List<LogRecord> mine = records.stream().filter((record) -> record.getMessage().contains(id)).toList();
			assertThat(mine).hasSize(2);
			assertThat(mine.get(0).getLevel()).isEqualTo(java.util.logging.Level.INFO);
			assertThat(mine.get(0).getMessage()).contains("type flaky", "queue logs", "attempt 1 of 2", "retrying in",
					"the disk is full");
			assertThat(mine.get(0).getThrown()).isNull();
			assertThat(mine.get(1).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
			assertThat(mine.get(1).getMessage()).contains("failed for good after 2 attempt(s)", "the disk is full");
			assertThat(mine.get(1).getThrown()).isInstanceOf(IllegalStateException.class);

			TaskEngine quiet = engine(settings().withFailureLogging(System.Logger.Level.OFF, System.Logger.Level.OFF),
					HandlerDefinition.of("quiet", "quiet-logs", (payload, ctx) -> {
						throw new IllegalStateException("not logged");
					}));
			quiet.start();
			String silent = quiet.enqueue("quiet", null, TaskOptions.builder().maxAttempts(1).build());
			awaitStatus(quiet, silent, TaskStatus.FAILED);
			assertThat(records).noneSatisfy((record) -> assertThat(record.getMessage()).contains(silent));
		}
		finally {
			logger.removeHandler(capture);
		}
	}

	@Test
	void virtualThreadsAreUsedOnJava21AndFallBackWithAWarningBefore() throws Exception {
		List<String> warnings = new CopyOnWriteArrayList<>();
		Logger logger = Logger.getLogger(Executors.class.getName());
		Handler capture = new Handler() {

			@Override
			public void publish(LogRecord record) {
				warnings.add(new SimpleFormatter().formatMessage(record));
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		logger.addHandler(capture);
		AtomicReference<Thread> ranOn = new AtomicReference<>();
		try {
			TaskEngine engine = engine(settings().withVirtualThreads(true),
					HandlerDefinition.of("where", "threads", (payload, ctx) -> {
						ranOn.set(Thread.currentThread());
						return null;
					}));
			engine.start();
			String id = engine.enqueue("where", null);
			awaitStatus(engine, id, TaskStatus.COMPLETED);
		}
		finally {
			logger.removeHandler(capture);
		}

		if (Runtime.version().feature() >= 21) {
			assertThat(Thread.class.getMethod("isVirtual").invoke(ranOn.get())).isEqualTo(true);
			assertThat(ranOn.get().getName()).startsWith("taskqueue-threads-");
			assertThat(warnings).isEmpty();
		}
		else {
			assertThat(ranOn.get().getName()).startsWith("taskqueue-threads-");
			assertThat(warnings).singleElement()
				.satisfies((warning) -> assertThat(warning).contains("Java 21", "'threads'", "platform threads"));
		}
	}

	@Test
	void platformThreadsAreNamedAfterTheQueue() {
		AtomicReference<String> threadName = new AtomicReference<>();
		TaskEngine engine = engine(settings(), HandlerDefinition.of("where", "images", (payload, ctx) -> {
			threadName.set(Thread.currentThread().getName());
			return null;
		}));
		engine.start();

		awaitStatus(engine, engine.enqueue("where", null), TaskStatus.COMPLETED);

		assertThat(threadName.get()).startsWith("taskqueue-images-");
	}

	@Test
	void leaseIsRenewedWhileALongTaskRuns() {
		InMemoryTaskBackend realTime = new InMemoryTaskBackend(Clock.systemUTC(), RetentionPolicy.defaults());
		List<TaskEventType> events = new CopyOnWriteArrayList<>();
		realTime.deliverEvents((event) -> events.add(event.type()), EnumSet.allOf(TaskEventType.class));
		TaskEngine engine = TaskEngine.builder()
			.backend(realTime)
			.settings(settings().withLease(Duration.ofMillis(600), 0))
			.handler(HandlerDefinition.of("long", "q", (payload, ctx) -> {
				// runs for more than three leases
				Thread.sleep(1500);
				return "done";
			}))
			.build();
		this.engines.add(engine);
		engine.start();
		try {
			String id = engine.enqueue("long", null);

			Task done = awaitStatus(engine, id, TaskStatus.COMPLETED);

			assertThat(done.attempts()).isEqualTo(1);
			assertThat(events).doesNotContain(TaskEventType.STALLED, TaskEventType.FAILED);
		}
		finally {
			engine.stop();
			realTime.close();
		}
	}

	@Test
	void handlerLearnsThroughItsLeaseOfACancellationWhoseEventItMissed() {
		// events do not reach this engine, as when its connection dropped for a while
		TaskBackend deaf = new ForwardingTaskBackend(this.backend) {

			@Override
			public void deliverEvents(Consumer<TaskEvent> sink, Set<TaskEventType> types) {
			}

		};
		AtomicReference<Boolean> sawCancelled = new AtomicReference<>();
		TaskEngine engine = TaskEngine.builder()
			.backend(deaf)
			.clock(this.clock)
			.settings(settings().withLease(Duration.ofMillis(150), 2))
			.handler(HandlerDefinition.of("long", "q", (payload, ctx) -> {
				try {
					Thread.sleep(30_000);
				}
				catch (InterruptedException ex) {
					sawCancelled.set(ctx.isCancelled());
				}
				return null;
			}))
			.build();
		this.engines.add(engine);
		engine.start();
		String id = engine.enqueue("long", null);
		await().until(() -> this.backend.find(id).orElseThrow().status() == TaskStatus.ACTIVE);

		this.backend.cancel(id);

		await().untilAsserted(() -> assertThat(sawCancelled.get()).isTrue());
		assertThat(this.backend.find(id).orElseThrow().status()).isEqualTo(TaskStatus.CANCELLED);
	}

	@Test
	void engineCanBeStoppedAndStartedAgain() {
		TaskEngine engine = engine(settings(), HandlerDefinition.of("noop", "q", (payload, ctx) -> "ran"));
		engine.start();
		awaitStatus(engine, engine.enqueue("noop", null), TaskStatus.COMPLETED);
		engine.stop();
		assertThat(engine.isRunning()).isFalse();
		String whileStopped = engine.enqueue("noop", null, TaskOptions.builder().delay(Duration.ofMinutes(1)).build());

		engine.start();

		assertThat(engine.isRunning()).isTrue();
		assertThat(engine.isSchedulerAlive()).isTrue();
		assertThat(engine.workerStates()).singleElement().satisfies((state) -> assertThat(state.alive()).isTrue());
		this.clock.advance(Duration.ofMinutes(1));
		engine.wakeUp();
		awaitStatus(engine, whileStopped, TaskStatus.COMPLETED);
		String timed = engine.enqueue("noop", null, TaskOptions.builder().timeout(Duration.ofSeconds(5)).build());
		awaitStatus(engine, timed, TaskStatus.COMPLETED);
	}

	@Test
	void workerStaysAliveWhileItsIdleThreadsTakeTurnsWaiting() {
		Set<String> threads = ConcurrentHashMap.newKeySet();
		TaskEngine engine = engine(settings(), HandlerDefinition.of("where", "q", (payload, ctx) -> {
			threads.add(Thread.currentThread().getName());
			return null;
		}));
		engine.start();

		for (int i = 0; i < 50; i++) {
			// one at a time: each finds the worker idle and runs on the thread the
			// backend
			// wakes, which then goes back to waiting
			awaitStatus(engine, engine.enqueue("where", i), TaskStatus.COMPLETED);
		}

		await().untilAsserted(() -> assertThat(engine.workerStates()).singleElement().satisfies((state) -> {
			assertThat(state.alive()).isTrue();
			assertThat(state.active()).isZero();
		}));
		assertThat(threads).as("tasks run on the queue's executor threads")
			.allSatisfy((name) -> assertThat(name).startsWith("taskqueue-q-"));
		String late = engine.enqueue("where", "late");
		awaitStatus(engine, late, TaskStatus.COMPLETED);
		engine.stop();
		assertThat(engine.workerStates()).isEmpty();
	}

	@Test
	void stopBeforeStartAndTwiceDoesNothing() {
		TaskEngine engine = engine(settings(), HandlerDefinition.of("noop", "q", (payload, ctx) -> null));

		engine.stop();
		engine.start();
		engine.stop();
		engine.stop();

		assertThat(engine.isRunning()).isFalse();
		assertThat(engine.workerStates()).isEmpty();
	}

	@Test
	void disabledWorkersOnlyProduce() {
		TaskEngine engine = engine(settings().withWorkerEnabled(false),
				HandlerDefinition.of("noop", "q", (payload, ctx) -> null));
		engine.start();

		String id = engine.enqueue("noop", null);

		assertThat(engine.workerStates()).isEmpty();
		assertThat(engine.get(id).orElseThrow().status()).isEqualTo(TaskStatus.WAITING);
		assertThat(engine.isSchedulerAlive()).isTrue();
	}

	@Test
	void taskOfATypeThisInstanceDoesNotHandleIsHandedBackForAWhileAndWarnedAboutOncePerType() {
		List<String> warnings = new CopyOnWriteArrayList<>();
		List<String> handBacks = new CopyOnWriteArrayList<>();
		TaskBackend watched = new ForwardingTaskBackend(this.backend) {

			@Override
			public TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error) {
				handBacks.add(claim.task().type() + " until " + notBefore + ", at most " + maxHandBacks + ": "
						+ error.message() + " (" + error.type() + ")");
				return super.handBack(claim, notBefore, maxHandBacks, error);
			}

		};
		TaskEngine producer = engine(settings().withWorkerEnabled(false),
				HandlerDefinition.of("new-type", "shared", (payload, ctx) -> null),
				HandlerDefinition.of("newer-type", "shared", (payload, ctx) -> null));
		TaskEngine worker = TaskEngine.builder()
			.backend(watched)
			.clock(this.clock)
			.settings(settings())
			.handler(HandlerDefinition.of("old-type", "shared", (payload, ctx) -> null))
			.build();
		this.engines.add(worker);
		Logger logger = Logger.getLogger(UnhandledTasks.class.getName());
		Handler capture = new Handler() {

			@Override
			public void publish(LogRecord record) {
				if (record.getLevel() == java.util.logging.Level.WARNING) {
					warnings.add(new SimpleFormatter().formatMessage(record));
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		logger.addHandler(capture);
		List<String> ids;
		try {
			producer.start();
			worker.start();

			ids = List.of(producer.enqueue("new-type", 1), producer.enqueue("new-type", 2),
					producer.enqueue("new-type", 3), producer.enqueue("newer-type", 4));
			ids.forEach((id) -> awaitStatus(worker, id, TaskStatus.DELAYED));
		}
		finally {
			logger.removeHandler(capture);
		}

		for (String id : ids) {
			Task handedBack = worker.get(id).orElseThrow();
			assertThat(handedBack.attempts()).isZero();
			assertThat(handedBack.scheduledAt()).isEqualTo(this.clock.instant().plusSeconds(5));
		}
		assertThat(handBacks).hasSize(4)
			.contains("new-type until " + this.clock.instant().plusSeconds(5) + ", at most 720: no instance has a "
					+ "handler for type 'new-type': handed back 720 times by instances without one (queue 'shared') ("
					+ UnknownTaskTypeException.class.getName() + ")");
		assertThat(warnings).as("one warning per type").hasSize(2);
		assertThat(warnings).filteredOn((warning) -> warning.contains("'new-type'"))
			.singleElement()
			.satisfies((warning) -> assertThat(warning)
				.contains("No handler for task type 'new-type' on this instance", "queue 'shared'",
						"claimable again in 5 s", "fails after 720 hand-backs")
				.doesNotContain("since the last warning"));
		assertThat(warnings).filteredOn((warning) -> warning.contains("'newer-type'")).hasSize(1);
	}

}
