package dev.taskqueue.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskqueue.Backoff;
import dev.taskqueue.Priority;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link ManualRunner} on the memory backend with workers off: what is due runs on the
 * calling thread, in order, and time moves only with the clock. (queue-test runs the same
 * on Redis.)
 */
class ManualRunnerTests {

	private final SettableClock clock = new SettableClock();

	private final InMemoryTaskBackend backend = new InMemoryTaskBackend(this.clock, RetentionPolicy.defaults());

	private final List<String> ran = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	private TaskEngine engine;

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop();
		}
		this.backend.close();
	}

	private TaskEngine engine(HandlerDefinition... handlers) {
		TaskEngineBuilder builder = TaskEngine.builder()
			.backend(this.backend)
			.clock(this.clock)
			.settings(EngineSettings.defaults()
				.withWorkerEnabled(false)
				.withRetries(3, Backoff.fixed(Duration.ofSeconds(10))));
		for (HandlerDefinition handler : handlers) {
			builder.handler(handler);
		}
		this.engine = builder.build();
		this.engine.start();
		return this.engine;
	}

	private HandlerDefinition recording(String type, String queue) {
		return HandlerDefinition.of(type, queue, (payload, ctx) -> {
			this.ran.add(payload.asString());
			this.threads.add(Thread.currentThread());
			return null;
		});
	}

	@Test
	void runsReadyTasksOnTheCallingThreadByQueueNameThenPriority() {
		TaskEngine engine = engine(recording("a", "alpha"), recording("b", "beta"));
		engine.enqueue("b", "b1", TaskOptions.none());
		engine.enqueue("a", "a1", TaskOptions.none());
		engine.enqueue("a", "a2", TaskOptions.builder().priority(Priority.HIGH).build());

		List<TaskEvent> events = ManualRunner.of(engine).runDue();

		assertThat(this.ran).containsExactly("a2", "a1", "b1");
		assertThat(this.threads).containsOnly(Thread.currentThread());
		assertThat(events).extracting(TaskEvent::type).containsOnly(TaskEventType.COMPLETED).hasSize(3);
		assertThat(ManualRunner.of(engine).runDue()).isEmpty();
	}

	@Test
	void delayedTasksAndRetriesRunOnlyOnceTheClockReachesThem() {
		int[] calls = { 0 };
		TaskEngine engine = engine(recording("later", "q"), HandlerDefinition.of("flaky", "q", (payload, ctx) -> {
			if (++calls[0] == 1) {
				throw new IllegalStateException("first call fails");
			}
			return "ok";
		}));
		String later = engine.enqueue("later", "l", TaskOptions.builder().delay(Duration.ofMinutes(5)).build());
		String flaky = engine.enqueue("flaky", "f", TaskOptions.none());

		List<TaskEvent> first = ManualRunner.of(engine).runDue();
		assertThat(first).extracting(TaskEvent::type).containsExactly(TaskEventType.RETRYING);
		assertThat(engine.get(flaky).orElseThrow().status()).isEqualTo(TaskStatus.RETRYING);
		assertThat(engine.get(later).orElseThrow().status()).isEqualTo(TaskStatus.DELAYED);

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(ManualRunner.of(engine).runDue()).extracting(TaskEvent::taskId).containsExactly(flaky);
		assertThat(engine.get(flaky).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);

		this.clock.advance(Duration.ofMinutes(5));
		assertThat(ManualRunner.of(engine).runDue()).extracting(TaskEvent::taskId).containsExactly(later);
		assertThat(this.ran).containsExactly("l");
	}

	@Test
	void tasksEnqueuedByAHandlerRunInTheSameCall() {
		TaskEngine[] self = new TaskEngine[1];
		self[0] = engine(recording("leaf", "q"), HandlerDefinition.of("root", "q", (payload, ctx) -> {
			self[0].enqueue("leaf", "child", TaskOptions.none());
			return null;
		}));
		self[0].enqueue("root", "r", TaskOptions.none());

		assertThat(ManualRunner.of(self[0]).runDue()).hasSize(2);
		assertThat(this.ran).containsExactly("child");
	}

	@Test
	void aHandlerThatAlwaysEnqueuesAgainIsStopped() {
		TaskEngine[] self = new TaskEngine[1];
		self[0] = engine(HandlerDefinition.of("forever", "q", (payload, ctx) -> {
			self[0].enqueue("forever", "again", TaskOptions.none());
			return null;
		}));
		self[0].enqueue("forever", "first", TaskOptions.none());

		assertThatIllegalStateException().isThrownBy(() -> ManualRunner.of(self[0]).runDue())
			.withMessageContaining("enqueue a new task each time");
		assertThat(self[0].stats("q").counts().get(TaskStatus.ACTIVE)).isZero();
	}

}
