package dev.taskqueue.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskqueue.Backoff;
import dev.taskqueue.Task;
import dev.taskqueue.TaskProcessor;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.engine.TaskEngineBuilder;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.testing.SettableClock;
import io.micrometer.observation.ObservationRegistry;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the contract topics share: a backend on a clock that stands still, engines that
 * are stopped after each test, an event recorder, and waiting helpers.
 */
public abstract class ContractTestSupport {

	/** Where the clock starts. */
	protected static final Instant START = Instant.parse("2030-01-01T10:00:00Z");

	/** The queue most tests use. */
	protected static final String QUEUE = "contract";

	/** How long a "stays so" check watches. */
	protected static final Duration STEADY = Duration.ofMillis(150);

	/** The clock of the backend and of every engine. */
	protected final SettableClock clock = new SettableClock(START);

	/** Every event of the backend. */
	protected final RecordingListener events = new RecordingListener();

	private final TaskQueueContractTests suite;

	private final List<TaskEngine> engines = new CopyOnWriteArrayList<>();

	private final List<TaskBackend> peers = new ArrayList<>();

	private RetentionPolicy retention = RetentionPolicy.defaults();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private TaskBackend backend;

	/**
	 * Creates the support for one topic.
	 * @param suite the suite that makes backends
	 */
	protected ContractTestSupport(TaskQueueContractTests suite) {
		this.suite = suite;
	}

	@AfterEach
	void stopEnginesAndCloseBackends() {
		List<TaskEngine> started = new ArrayList<>(this.engines);
		Collections.reverse(started);
		started.forEach(TaskEngine::stop);
		try {
			this.suite.cleanUp();
		}
		finally {
			this.peers.forEach(TaskBackend::close);
			if (this.backend != null) {
				this.backend.close();
			}
		}
	}

	/**
	 * Sets the retention of the backend; call before anything uses the backend.
	 * @param policy the retention
	 */
	protected void useRetention(RetentionPolicy policy) {
		assertThat(this.backend).as("retention must be set before the backend is created").isNull();
		this.retention = policy;
	}

	/**
	 * The observation registry of the engines built after this call.
	 * @param registry the registry
	 */
	protected void observeWith(ObservationRegistry registry) {
		this.observationRegistry = registry;
	}

	/**
	 * The backend of this test, created on first use.
	 * @return the backend
	 */
	protected TaskBackend backend() {
		if (this.backend == null) {
			this.backend = this.suite.createBackend(this.clock, this.retention);
			this.backend.deliverEvents(this.events::onEvent, EnumSet.allOf(TaskEventType.class));
		}
		return this.backend;
	}

	/**
	 * Another view of the backend's data, as a second application instance has it.
	 * @return a backend on the same data (possibly the same object)
	 */
	protected TaskBackend peerBackend() {
		TaskBackend peer = this.suite.connectPeer(backend(), this.clock, this.retention);
		if (peer != backend()) {
			this.peers.add(peer);
		}
		return peer;
	}

	/**
	 * Settings for tests: fast retries (no backoff), a 30 second lease (leases only run
	 * out when a test moves the clock that far), a short shutdown and progress throttle.
	 * @return the settings
	 */
	protected EngineSettings settings() {
		return EngineSettings.defaults()
			.withRetries(3, Backoff.fixed(Duration.ZERO))
			.withLease(Duration.ofSeconds(30), 2)
			.withShutdownTimeout(Duration.ofMillis(300))
			.withLimits(Duration.ofMillis(50), 64 * 1024);
	}

	/**
	 * Builds an engine on a backend without starting it; it is stopped after the test.
	 * @param on the backend
	 * @param settings the settings
	 * @param handlers the handlers
	 * @return the engine
	 */
	protected TaskEngine newEngine(TaskBackend on, EngineSettings settings, HandlerDefinition... handlers) {
		return newEngine(on, settings, TaskEngineBuilder.DEFAULT_APPLICATION_NAME, handlers);
	}

	/**
	 * Builds an engine of a named application on a backend without starting it; it is
	 * stopped after the test.
	 * @param on the backend
	 * @param settings the settings
	 * @param application the application's name
	 * @param handlers the handlers
	 * @return the engine
	 */
	protected TaskEngine newEngine(TaskBackend on, EngineSettings settings, String application,
			HandlerDefinition... handlers) {
		TaskEngineBuilder builder = TaskEngine.builder()
			.backend(on)
			.clock(this.clock)
			.settings(settings)
			.applicationName(application)
			.observationRegistry(this.observationRegistry);
		for (HandlerDefinition handler : handlers) {
			builder.handler(handler);
		}
		TaskEngine engine = builder.build();
		this.engines.add(engine);
		return engine;
	}

	/**
	 * Builds an engine on the backend without starting it.
	 * @param settings the settings
	 * @param handlers the handlers
	 * @return the engine
	 */
	protected TaskEngine newEngine(EngineSettings settings, HandlerDefinition... handlers) {
		return newEngine(backend(), settings, handlers);
	}

	/**
	 * Builds and starts an engine on the backend.
	 * @param settings the settings
	 * @param handlers the handlers
	 * @return the running engine
	 */
	protected TaskEngine startEngine(EngineSettings settings, HandlerDefinition... handlers) {
		TaskEngine engine = newEngine(settings, handlers);
		engine.start();
		return engine;
	}

	/**
	 * Builds and starts an engine with the test {@link #settings()}.
	 * @param handlers the handlers
	 * @return the running engine
	 */
	protected TaskEngine startEngine(HandlerDefinition... handlers) {
		return startEngine(settings(), handlers);
	}

	/**
	 * A handler of {@link #QUEUE} with default settings.
	 * @param type the type
	 * @param processor the code
	 * @return the handler
	 */
	protected static HandlerDefinition handler(String type, TaskProcessor processor) {
		return HandlerDefinition.of(type, QUEUE, processor);
	}

	/**
	 * A handler with a queue and concurrency.
	 * @param type the type
	 * @param queue the queue
	 * @param concurrency the concurrency
	 * @param processor the code
	 * @return the handler
	 */
	protected static HandlerDefinition handler(String type, String queue, int concurrency, TaskProcessor processor) {
		return new HandlerDefinition(type, queue, concurrency, 0, null, processor, type);
	}

	/**
	 * Awaitility with the suite's limits.
	 * @return a condition factory
	 */
	protected static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
	}

	/**
	 * The status of a task, or {@code null} when it does not exist.
	 * @param queue the queue API
	 * @param id the id
	 * @return the status
	 */
	protected static TaskStatus statusOf(TaskQueue queue, String id) {
		return queue.get(id).map(Task::status).orElse(null);
	}

	/**
	 * Waits until a task has a status.
	 * @param queue the queue API
	 * @param id the id
	 * @param status the status
	 * @return the task then
	 */
	protected static Task awaitStatus(TaskQueue queue, String id, TaskStatus status) {
		await().untilAsserted(() -> assertThat(statusOf(queue, id)).as("status of task %s", id).isEqualTo(status));
		return queue.get(id).orElseThrow();
	}

	/**
	 * Checks that a task keeps a status for a while.
	 * @param queue the queue API
	 * @param id the id
	 * @param status the status
	 * @return the task then
	 */
	protected static Task assertStays(TaskQueue queue, String id, TaskStatus status) {
		Awaitility.await()
			.during(STEADY)
			.atMost(STEADY.multipliedBy(10))
			.pollInterval(Duration.ofMillis(5))
			.untilAsserted(() -> assertThat(statusOf(queue, id)).as("status of task %s", id).isEqualTo(status));
		return queue.get(id).orElseThrow();
	}

	/**
	 * Checks that something stays true for a while.
	 * @param description what is checked
	 * @param condition the check
	 */
	protected static void assertStaysTrue(String description, Callable<Boolean> condition) {
		Awaitility.await(description)
			.during(STEADY)
			.atMost(STEADY.multipliedBy(10))
			.pollInterval(Duration.ofMillis(5))
			.until(condition);
	}

	/**
	 * Waits until the recorder saw an event for a task.
	 * @param id the task's id
	 * @param type the event type
	 */
	protected void awaitEvent(String id, TaskEventType type) {
		await().untilAsserted(() -> assertThat(this.events.typesOf(id)).contains(type));
	}

	/**
	 * Moves the clock and makes the engines look at due tasks.
	 * @param amount how far
	 * @param engines the engines to wake
	 */
	protected void advance(Duration amount, TaskEngine... engines) {
		this.clock.advance(amount);
		for (TaskEngine engine : engines) {
			engine.wakeUp();
		}
	}

	/**
	 * A task that must exist.
	 * @param queue the queue API
	 * @param id the id
	 * @return the task
	 */
	protected static Task task(TaskQueue queue, String id) {
		Optional<Task> task = queue.get(id);
		assertThat(task).as("task %s", id).isPresent();
		return task.get();
	}

}
