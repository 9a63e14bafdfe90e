package dev.taskqueue.contract;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.taskqueue.Backoff;
import dev.taskqueue.Task;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Cancelling and removing tasks in every status.
 */
public abstract class CancellationContract extends ContractTestSupport {

	private final List<String> ran = new CopyOnWriteArrayList<>();

	protected CancellationContract(TaskQueueContractTests suite) {
		super(suite);
	}

	private TaskEngine recordingEngine() {
		return startEngine(handler("record", QUEUE, 1, (payload, ctx) -> {
			this.ran.add(payload.asString());
			return null;
		}));
	}

	@Test
	void cancellingAWaitingTaskTakesItOffTheQueue() {
		TaskEngine engine = recordingEngine();
		engine.pause(QUEUE);
		String doomed = engine.enqueue("record", "doomed");
		String kept = engine.enqueue("record", "kept");

		Task cancelled = engine.cancel(doomed);

		assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(cancelled.finishedAt()).isEqualTo(START);
		engine.resume(QUEUE);
		awaitStatus(engine, kept, TaskStatus.COMPLETED);
		assertThat(statusOf(engine, doomed)).isEqualTo(TaskStatus.CANCELLED);
		assertThat(this.ran).containsExactly("kept");
		awaitEvent(doomed, TaskEventType.CANCELLED);
		assertThat(this.events.typesOf(doomed)).containsExactly(TaskEventType.ADDED, TaskEventType.CANCELLED);
	}

	@Test
	void cancellingADelayedTaskKeepsItFromRunning() {
		TaskEngine engine = recordingEngine();
		String delayed = engine.enqueue("record", "delayed",
				TaskOptions.builder().delay(Duration.ofMinutes(5)).build());

		assertThat(engine.cancel(delayed).status()).isEqualTo(TaskStatus.CANCELLED);
		advance(Duration.ofHours(1), engine);
		String marker = engine.enqueue("record", "marker");

		awaitStatus(engine, marker, TaskStatus.COMPLETED);
		assertStays(engine, delayed, TaskStatus.CANCELLED);
		assertThat(this.ran).containsExactly("marker");
	}

	@Test
	void cancellingARetryingTaskStopsItsRetries() {
		TaskEngine engine = startEngine(handler("flaky", (payload, ctx) -> {
			this.ran.add("attempt " + ctx.attempt());
			throw new IllegalStateException("fails");
		}));
		String id = engine.enqueue("flaky", null,
				TaskOptions.builder().backoff(Backoff.fixed(Duration.ofMinutes(1))).build());
		awaitStatus(engine, id, TaskStatus.RETRYING);

		Task cancelled = engine.cancel(id);

		assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(cancelled.attempts()).isEqualTo(1);
		advance(Duration.ofMinutes(5), engine);
		assertStays(engine, id, TaskStatus.CANCELLED);
		assertThat(this.ran).containsExactly("attempt 1");
	}

	@Test
	void cancellingARunningTaskInterruptsItsHandlerAndTheTaskStaysCancelled() {
		Gate gate = new Gate();
		AtomicBoolean sawCancelled = new AtomicBoolean();
		TaskEngine engine = startEngine(handler("long", QUEUE, 1, (payload, ctx) -> {
			if (payload.asString().equals("next")) {
				return "next ran";
			}
			try {
				gate.pass();
			}
			catch (InterruptedException ex) {
				sawCancelled.set(ctx.isCancelled());
			}
			return "finished anyway";
		}));
		String id = engine.enqueue("long", "first");
		await().until(() -> gate.waiting() == 1);

		Task cancelled = engine.cancel(id);

		assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
		await().untilTrue(sawCancelled);
		assertThat(gate.interrupted()).isEqualTo(1);
		Task task = assertStays(engine, id, TaskStatus.CANCELLED);
		assertThat(task.result()).isNull();
		assertThat(task.attempts()).isEqualTo(1);
		String next = engine.enqueue("long", "next");
		awaitStatus(engine, next, TaskStatus.COMPLETED);
		assertThat(this.events.typesOf(id)).doesNotContain(TaskEventType.COMPLETED, TaskEventType.FAILED)
			.contains(TaskEventType.CANCELLED);
	}

	@Test
	void cancellingATaskRunningOnAnotherEngineInterruptsIt() {
		Gate gate = new Gate();
		AtomicBoolean sawCancelled = new AtomicBoolean();
		TaskEngine worker = startEngine(handler("long", (payload, ctx) -> {
			try {
				gate.pass();
			}
			catch (InterruptedException ex) {
				sawCancelled.set(ctx.isCancelled());
				throw ex;
			}
			return null;
		}));
		TaskEngine manager = newEngine(peerBackend(), settings().withWorkerEnabled(false),
				handler("long", (payload, ctx) -> null));
		manager.start();
		String id = manager.enqueue("long", null);
		await().until(() -> gate.waiting() == 1);

		manager.cancel(id);

		await().untilTrue(sawCancelled);
		assertThat(gate.interrupted()).isEqualTo(1);
		assertStays(worker, id, TaskStatus.CANCELLED);
	}

	@Test
	void cancellingAFinishedTaskIsRefused() {
		TaskEngine engine = recordingEngine();
		String done = engine.enqueue("record", "done");
		awaitStatus(engine, done, TaskStatus.COMPLETED);

		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.cancel(done))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.COMPLETED));
		assertThatExceptionOfType(TaskNotFoundException.class).isThrownBy(() -> engine.cancel("no-such-id"));
		assertThat(statusOf(engine, done)).isEqualTo(TaskStatus.COMPLETED);
	}

	@Test
	void cancellingTwiceIsRefused() {
		TaskEngine engine = recordingEngine();
		engine.pause(QUEUE);
		String id = engine.enqueue("record", "x");
		engine.cancel(id);

		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.cancel(id))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.CANCELLED));
	}

	@Test
	void removeDeletesATaskInAnyStatus() {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(handler("long", QUEUE, 2, (payload, ctx) -> {
			if (payload.asString().equals("block")) {
				gate.pass();
			}
			return null;
		}));
		String done = engine.enqueue("long", "quick");
		awaitStatus(engine, done, TaskStatus.COMPLETED);
		String running = engine.enqueue("long", "block");
		await().until(() -> gate.waiting() == 1);
		String delayed = engine.enqueue("long", "later", TaskOptions.builder().delay(Duration.ofMinutes(1)).build());

		assertThat(engine.remove(done)).isTrue();
		assertThat(engine.remove(running)).isTrue();
		assertThat(engine.remove(delayed)).isTrue();
		assertThat(engine.remove("no-such-id")).isFalse();
		assertThat(engine.remove(done)).isFalse();

		await().until(() -> gate.interrupted() == 1);
		advance(Duration.ofMinutes(5), engine);
		assertStaysTrue("removed tasks stay gone",
				() -> engine.get(done).isEmpty() && engine.get(running).isEmpty() && engine.get(delayed).isEmpty());
		awaitEvent(delayed, TaskEventType.REMOVED);
		assertThat(this.events.typesOf(running)).contains(TaskEventType.REMOVED)
			.doesNotContain(TaskEventType.COMPLETED, TaskEventType.FAILED);
	}

	@Test
	void aCancellationIsToldToTheEngineThroughWhichItWasAsked() {
		TaskEngine asking = recordingEngine();
		TaskEngine other = newEngine(peerBackend(), settings(), handler("record", QUEUE, 1, (payload, ctx) -> null));
		other.start();
		RecordingListener askingHeard = new RecordingListener();
		RecordingListener otherHeard = new RecordingListener();
		asking.addLocalListener(askingHeard, EnumSet.of(TaskEventType.CANCELLED));
		other.addLocalListener(otherHeard, EnumSet.of(TaskEventType.CANCELLED));
		String id = asking.enqueue("record", "later", TaskOptions.builder().delay(Duration.ofHours(1)).build());

		asking.cancel(id);

		awaitEvent(id, TaskEventType.CANCELLED);
		assertThat(askingHeard.typesOf(id)).containsExactly(TaskEventType.CANCELLED);
		assertThat(askingHeard.of(id).get(0).task().status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(askingHeard.of(id).get(0).task().type()).isEqualTo("record");
		assertThat(otherHeard.typesOf(id)).as("the other engine only reads the event").isEmpty();
	}

}
