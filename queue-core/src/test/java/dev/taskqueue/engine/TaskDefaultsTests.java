package dev.taskqueue.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskqueue.Backoff;
import dev.taskqueue.Priority;
import dev.taskqueue.Task;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskProcessor;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Where a task's attempts, backoff, timeout and priority come from, strongest first: its
 * own options, its handler, its queue's defaults, the engine's defaults. The engines are
 * not started: the tasks stay as they were stored.
 */
class TaskDefaultsTests {

	private static final TaskProcessor NOTHING = (payload, context) -> null;

	private static final Backoff ENGINE_BACKOFF = Backoff.fixed(Duration.ofSeconds(1));

	private static final Backoff QUEUE_BACKOFF = Backoff.fixed(Duration.ofSeconds(2));

	private static final Backoff HANDLER_BACKOFF = Backoff.exponential(Duration.ofSeconds(3), Duration.ofMinutes(3));

	private static final Backoff TASK_BACKOFF = Backoff.fixed(Duration.ofSeconds(4));

	private final SettableClock clock = new SettableClock();

	private final InMemoryTaskBackend backend = new InMemoryTaskBackend(this.clock, RetentionPolicy.defaults());

	private final List<TaskEngine> engines = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.engines.forEach(TaskEngine::stop);
		this.backend.close();
	}

	/**
	 * Engine defaults: 7 attempts, 1s fixed, 1min timeout; queue "configured": 5
	 * attempts, 2s fixed, 2min timeout; queue "attempts-only": 9 attempts.
	 */
	private static EngineSettings settings() {
		return EngineSettings.defaults()
			.withRetries(7, ENGINE_BACKOFF)
			.withTimeout(Duration.ofMinutes(1))
			.withQueueDefaults(Map.of("configured", new QueueDefaults(5, QUEUE_BACKOFF, Duration.ofMinutes(2)),
					"attempts-only", QueueDefaults.none().withMaxAttempts(9)));
	}

	private TaskEngine engine(HandlerDefinition... handlers) {
		TaskEngineBuilder builder = TaskEngine.builder().backend(this.backend).clock(this.clock).settings(settings());
		for (HandlerDefinition handler : handlers) {
			builder.handler(handler);
		}
		TaskEngine engine = builder.build();
		this.engines.add(engine);
		return engine;
	}

	private static Task stored(TaskEngine engine, String id) {
		return engine.get(id).orElseThrow();
	}

	@Test
	void aQueueWithoutDefaultsTakesTheEngines() {
		TaskEngine engine = engine(HandlerDefinition.of("plain", "unconfigured", NOTHING));

		Task task = stored(engine, engine.enqueue("plain", null));

		assertThat(task.maxAttempts()).isEqualTo(7);
		assertThat(task.backoff()).isEqualTo(ENGINE_BACKOFF);
		assertThat(task.timeout()).isEqualTo(Duration.ofMinutes(1));
		assertThat(task.priority()).isZero();
	}

	@Test
	void theQueuesDefaultsWinOverTheEngines() {
		TaskEngine engine = engine(HandlerDefinition.of("plain", "configured", NOTHING));

		Task task = stored(engine, engine.enqueue("plain", null));

		assertThat(task.maxAttempts()).isEqualTo(5);
		assertThat(task.backoff()).isEqualTo(QUEUE_BACKOFF);
		assertThat(task.timeout()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void aQueueDefaultLeftUnsetFallsBackToTheEngines() {
		TaskEngine engine = engine(HandlerDefinition.of("plain", "attempts-only", NOTHING));

		Task task = stored(engine, engine.enqueue("plain", null));

		assertThat(task.maxAttempts()).isEqualTo(9);
		assertThat(task.backoff()).isEqualTo(ENGINE_BACKOFF);
		assertThat(task.timeout()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void theHandlersSettingsWinOverTheQueues() {
		HandlerDefinition handler = new HandlerDefinition("tuned", "configured", 0, 3, Duration.ofMinutes(3),
				Priority.HIGH.value(), HANDLER_BACKOFF, NOTHING, "Tuned.run");
		TaskEngine engine = engine(handler);

		Task task = stored(engine, engine.enqueue("tuned", null));

		assertThat(task.maxAttempts()).isEqualTo(3);
		assertThat(task.backoff()).isEqualTo(HANDLER_BACKOFF);
		assertThat(task.timeout()).isEqualTo(Duration.ofMinutes(3));
		assertThat(task.priority()).isEqualTo(10);
	}

	@Test
	void aHandlerSettingLeftUnsetFallsBackToTheQueues() {
		TaskEngine engine = engine(HandlerDefinition.of("partly", "configured", NOTHING).withPriority(-5));

		Task task = stored(engine, engine.enqueue("partly", null));

		assertThat(task.priority()).isEqualTo(-5);
		assertThat(task.maxAttempts()).isEqualTo(5);
		assertThat(task.backoff()).isEqualTo(QUEUE_BACKOFF);
		assertThat(task.timeout()).isEqualTo(Duration.ofMinutes(2));
	}

	@Test
	void theTasksOptionsWinOverEverything() {
		HandlerDefinition handler = new HandlerDefinition("tuned", "configured", 0, 3, Duration.ofMinutes(3),
				Priority.HIGH.value(), HANDLER_BACKOFF, NOTHING, "Tuned.run");
		TaskEngine engine = engine(handler);

		Task task = stored(engine,
				engine.enqueue("tuned", null,
						TaskOptions.builder()
							.maxAttempts(11)
							.backoff(TASK_BACKOFF)
							.timeout(Duration.ofMinutes(4))
							.priority(Priority.LOW)
							.build()));

		assertThat(task.maxAttempts()).isEqualTo(11);
		assertThat(task.backoff()).isEqualTo(TASK_BACKOFF);
		assertThat(task.timeout()).isEqualTo(Duration.ofMinutes(4));
		assertThat(task.priority()).isEqualTo(-10);
	}

	@Test
	void theQueueThatCountsIsTheTasksNotTheHandlers() {
		TaskEngine engine = engine(HandlerDefinition.of("moved", "configured", NOTHING));

		Task elsewhere = stored(engine,
				engine.enqueue("moved", null, TaskOptions.builder().queue("attempts-only").build()));
		Task unconfigured = stored(engine,
				engine.enqueue("moved", null, TaskOptions.builder().queue("unconfigured").build()));

		assertThat(elsewhere.queue()).isEqualTo("attempts-only");
		assertThat(elsewhere.maxAttempts()).isEqualTo(9);
		assertThat(elsewhere.backoff()).as("not the handler queue's").isEqualTo(ENGINE_BACKOFF);
		assertThat(unconfigured.maxAttempts()).isEqualTo(7);
		assertThat(unconfigured.timeout()).isEqualTo(Duration.ofMinutes(1));
	}

	@Test
	void everyTaskOfABulkEnqueueGetsItsQueuesDefaults() {
		TaskEngine engine = engine(HandlerDefinition.of("plain", "unconfigured", NOTHING));

		List<String> ids = engine.enqueueAll(List.of(TaskRequest.of("plain", null),
				TaskRequest.of("plain", null, TaskOptions.builder().queue("configured").build())));

		assertThat(stored(engine, ids.get(0)).maxAttempts()).isEqualTo(7);
		assertThat(stored(engine, ids.get(1)).maxAttempts()).isEqualTo(5);
	}

	@Test
	void queueDefaultsRefuseValuesNoTaskCouldHave() {
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueDefaults(0, null, null))
			.withMessage("max-attempts must be at least 1, was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueDefaults(-3, null, null))
			.withMessageContaining("was -3");
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueDefaults(null, null, Duration.ZERO))
			.withMessage("timeout must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueDefaults(null, null, Duration.ofSeconds(-1)))
			.withMessageContaining("must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueDefaults(null, null, Duration.ofDays(36_501)))
			.withMessageContaining("36500 days");
	}

	@Test
	void settingsAnswerPerQueueWithTheEnginesDefaultsBehind() {
		EngineSettings settings = settings();

		assertThat(settings.maxAttemptsOf("configured")).isEqualTo(5);
		assertThat(settings.maxAttemptsOf("other")).isEqualTo(7);
		assertThat(settings.backoffOf("attempts-only")).isEqualTo(ENGINE_BACKOFF);
		assertThat(settings.timeoutOf("configured")).isEqualTo(Duration.ofMinutes(2));
		assertThat(settings.withTimeout(null).timeoutOf("other")).isNull();
		assertThat(settings.withTimeout(null).queueDefaults()).isEqualTo(settings.queueDefaults());
	}

}
