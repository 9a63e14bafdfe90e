package dev.taskqueue.contract;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskqueue.Backoff;
import dev.taskqueue.Priority;
import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Holding one task (no worker claims it, its time does not promote it) and releasing it
 * back to where it was.
 */
public abstract class HoldContract extends ContractTestSupport {

	private final List<String> ran = new CopyOnWriteArrayList<>();

	protected HoldContract(TaskQueueContractTests suite) {
		super(suite);
	}

	/** An engine running tasks of type "record" one at a time, noting their payloads. */
	private TaskEngine recordingEngine() {
		return startEngine(handler("record", QUEUE, 1, (payload, ctx) -> {
			this.ran.add(payload.asString());
			return null;
		}));
	}

	@Test
	void aHeldWaitingTaskDoesNotRunUntilReleased() {
		TaskEngine engine = recordingEngine();
		engine.pause(QUEUE);
		String held = engine.enqueue("record", "held",
				TaskOptions.builder().priority(Priority.HIGH).maxAttempts(7).idempotencyKey("hold-me").build());
		Task before = task(engine, held);

		Task holding = engine.hold(held);
		String later = engine.enqueue("record", "later");
		engine.resume(QUEUE);

		assertThat(holding.status()).isEqualTo(TaskStatus.HELD);
		assertThat(holding.priority()).isEqualTo(before.priority());
		assertThat(holding.maxAttempts()).isEqualTo(7);
		assertThat(holding.payload()).isEqualTo(before.payload());
		assertThat(holding.scheduledAt()).isEqualTo(before.scheduledAt());
		assertThat(holding.idempotencyKey()).isEqualTo("hold-me");
		assertThat(holding.attempts()).isZero();
		awaitStatus(engine, later, TaskStatus.COMPLETED);
		assertStays(engine, held, TaskStatus.HELD);
		assertThat(this.ran).containsExactly("later");
		assertThat(engine.enqueue("record", "again", TaskOptions.builder().idempotencyKey("hold-me").build()))
			.as("a held task keeps its idempotency key")
			.isEqualTo(held);

		Task released = engine.release(held);

		assertThat(released.status()).as("as the release left it").isEqualTo(TaskStatus.WAITING);
		Task done = awaitStatus(engine, held, TaskStatus.COMPLETED);
		assertThat(done.attempts()).isEqualTo(1);
		assertThat(done.maxAttempts()).isEqualTo(7);
		assertThat(this.ran).containsExactly("later", "held");
	}

	@Test
	void aReleasedTaskGetsItsPlaceBack() {
		TaskEngine engine = recordingEngine();
		engine.pause(QUEUE);
		String first = engine.enqueue("record", "first");
		engine.enqueue("record", "second");
		engine.enqueue("record", "third");

		engine.hold(first);
		String fourth = engine.enqueue("record", "fourth");
		Task released = engine.release(first);
		engine.resume(QUEUE);

		assertThat(released.status()).isEqualTo(TaskStatus.WAITING);
		awaitStatus(engine, fourth, TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly("first", "second", "third", "fourth");
	}

	@Test
	void aHeldDelayedTaskIsNotPromotedAndRunsWhenReleasedAfterItsTime() {
		TaskEngine engine = recordingEngine();
		String delayed = engine.enqueue("record", "delayed",
				TaskOptions.builder().delay(Duration.ofMinutes(5)).build());
		Task before = task(engine, delayed);

		assertThat(engine.hold(delayed).status()).isEqualTo(TaskStatus.HELD);
		advance(Duration.ofMinutes(10), engine);
		String marker = engine.enqueue("record", "marker");
		awaitStatus(engine, marker, TaskStatus.COMPLETED);
		Task held = assertStays(engine, delayed, TaskStatus.HELD);
		assertThat(held.scheduledAt()).isEqualTo(before.scheduledAt());

		Task released = engine.release(delayed);

		assertThat(released.status()).as("its time passed while it was held").isEqualTo(TaskStatus.WAITING);
		awaitStatus(engine, delayed, TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly("marker", "delayed");
	}

	@Test
	void aDelayedTaskReleasedBeforeItsTimeWaitsForIt() {
		TaskEngine engine = recordingEngine();
		String delayed = engine.enqueue("record", "delayed",
				TaskOptions.builder().delay(Duration.ofMinutes(5)).build());
		engine.hold(delayed);
		advance(Duration.ofMinutes(1), engine);

		Task released = engine.release(delayed);

		assertThat(released.status()).isEqualTo(TaskStatus.DELAYED);
		assertThat(released.scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(5)));
		assertStays(engine, delayed, TaskStatus.DELAYED);
		advance(Duration.ofMinutes(5), engine);
		awaitStatus(engine, delayed, TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly("delayed");
	}

	@Test
	void aHeldRetryingTaskKeepsItsAttemptsAndRetriesOnceReleased() {
		AtomicInteger attempts = new AtomicInteger();
		TaskEngine engine = startEngine(handler("flaky", (payload, ctx) -> {
			if (attempts.incrementAndGet() == 1) {
				throw new IllegalStateException("first attempt fails");
			}
			return "ok";
		}));
		String id = engine.enqueue("flaky", null,
				TaskOptions.builder().backoff(Backoff.fixed(Duration.ofMinutes(1))).build());
		Task retrying = awaitStatus(engine, id, TaskStatus.RETRYING);

		Task held = engine.hold(id);

		assertThat(held.status()).isEqualTo(TaskStatus.HELD);
		assertThat(held.attempts()).isEqualTo(1);
		assertThat(held.error()).isEqualTo(retrying.error());
		assertThat(held.scheduledAt()).isEqualTo(retrying.scheduledAt());
		advance(Duration.ofMinutes(5), engine);
		assertStays(engine, id, TaskStatus.HELD);
		assertThat(attempts).hasValue(1);

		engine.release(id);

		Task done = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(done.attempts()).isEqualTo(2);
		assertThat(attempts).hasValue(2);
	}

	@Test
	void holdingAnActiveTaskIsRefusedWithAHintToCancelIt() {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(handler("long", QUEUE, 1, (payload, ctx) -> {
			gate.pass();
			return null;
		}));
		String id = engine.enqueue("long", null);
		await().until(() -> gate.waiting() == 1);

		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.hold(id))
			.withMessageContaining("cancel")
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.ACTIVE));

		assertThat(statusOf(engine, id)).isEqualTo(TaskStatus.ACTIVE);
		gate.open();
		awaitStatus(engine, id, TaskStatus.COMPLETED);
	}

	@Test
	void holdingAFinalOrUnknownTaskIsRefused() {
		TaskEngine engine = recordingEngine();
		String done = engine.enqueue("record", "done");
		awaitStatus(engine, done, TaskStatus.COMPLETED);
		engine.pause(QUEUE);
		String cancelled = engine.enqueue("record", "cancelled");
		engine.cancel(cancelled);

		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.hold(done))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.COMPLETED));
		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.hold(cancelled))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.CANCELLED));
		assertThatExceptionOfType(TaskNotFoundException.class).isThrownBy(() -> engine.hold("no-such-id"));
		assertThatExceptionOfType(TaskNotFoundException.class).isThrownBy(() -> engine.release("no-such-id"));
		assertThat(statusOf(engine, done)).isEqualTo(TaskStatus.COMPLETED);
		assertThat(statusOf(engine, cancelled)).isEqualTo(TaskStatus.CANCELLED);
	}

	@Test
	void holdingTwiceOrReleasingATaskThatIsNotHeldIsRefused() {
		TaskEngine engine = recordingEngine();
		engine.pause(QUEUE);
		String waiting = engine.enqueue("record", "waiting");
		String held = engine.enqueue("record", "held");
		engine.hold(held);

		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.release(waiting))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.WAITING));
		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.hold(held))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.HELD));
		engine.release(held);
		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.release(held))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.WAITING));
	}

	@Test
	void holdAndReleasePublishTheirEventsWithTheTask() {
		TaskEngine engine = recordingEngine();
		engine.pause(QUEUE);
		String id = engine.enqueue("record", "x");

		engine.hold(id);
		engine.release(id);

		awaitEvent(id, TaskEventType.RELEASED);
		assertThat(this.events.typesOf(id)).containsExactly(TaskEventType.ADDED, TaskEventType.HELD,
				TaskEventType.RELEASED);
		List<TaskEvent> events = this.events.of(id);
		assertThat(events.get(1).task().status()).isEqualTo(TaskStatus.HELD);
		assertThat(events.get(1).queue()).isEqualTo(QUEUE);
		assertThat(events.get(2).task().status()).isEqualTo(TaskStatus.WAITING);
	}

	@Test
	void statsCountHeldTasksByStatusAndTypeAndListingFiltersThem() {
		TaskEngine engine = startEngine(handler("alpha", (payload, ctx) -> null),
				handler("beta", (payload, ctx) -> null));
		engine.pause(QUEUE);
		String alpha = engine.enqueue("alpha", null);
		engine.enqueue("alpha", null);
		String beta = engine.enqueue("beta", null, TaskOptions.builder().delay(Duration.ofMinutes(1)).build());

		engine.hold(alpha);
		engine.hold(beta);

		QueueStats stats = engine.stats(QUEUE);
		assertThat(stats.count(TaskStatus.HELD)).isEqualTo(2);
		assertThat(stats.count(TaskStatus.WAITING)).isEqualTo(1);
		assertThat(stats.count(TaskStatus.DELAYED)).isZero();
		assertThat(stats.count("alpha", TaskStatus.HELD)).isEqualTo(1);
		assertThat(stats.count("alpha", TaskStatus.WAITING)).isEqualTo(1);
		assertThat(stats.count("beta", TaskStatus.HELD)).isEqualTo(1);
		assertThat(stats.count("beta", TaskStatus.DELAYED)).isZero();
		assertThat(engine.list(new TaskQuery(QUEUE, null, Set.of(TaskStatus.HELD), 10, null)).items())
			.extracting(Task::id)
			.containsExactlyInAnyOrder(alpha, beta);

		engine.release(alpha);
		engine.release(beta);

		QueueStats after = engine.stats(QUEUE);
		assertThat(after.count(TaskStatus.HELD)).isZero();
		assertThat(after.count(TaskStatus.WAITING)).isEqualTo(2);
		assertThat(after.count(TaskStatus.DELAYED)).isEqualTo(1);
		assertThat(after.count("beta", TaskStatus.DELAYED)).isEqualTo(1);
		assertThat(after.count("alpha", TaskStatus.HELD)).isZero();
		assertThat(engine.list(new TaskQuery(QUEUE, null, Set.of(TaskStatus.HELD), 10, null)).items()).isEmpty();
	}

	@Test
	void aHeldTaskCanBeCancelledOrRemovedAndDrainRemovesIt() {
		TaskEngine engine = recordingEngine();
		engine.pause(QUEUE);
		String cancelled = engine.enqueue("record", "cancelled");
		String removed = engine.enqueue("record", "removed");
		String drained = engine.enqueue("record", "drained",
				TaskOptions.builder().delay(Duration.ofMinutes(1)).build());
		engine.hold(cancelled);
		engine.hold(removed);
		engine.hold(drained);

		Task task = engine.cancel(cancelled);

		assertThat(task.status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(task.finishedAt()).isEqualTo(START);
		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.release(cancelled))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.CANCELLED));
		assertThat(engine.remove(removed)).isTrue();
		assertThat(engine.get(removed)).isEmpty();
		assertThat(engine.stats(QUEUE).count(TaskStatus.HELD)).isEqualTo(1);
		assertThat(engine.drain(QUEUE)).isEqualTo(1);
		assertThat(engine.get(drained)).isEmpty();
		QueueStats stats = engine.stats(QUEUE);
		assertThat(stats.count(TaskStatus.HELD)).isZero();
		assertThat(stats.count(TaskStatus.CANCELLED)).isEqualTo(1);
		assertThat(stats.countsByType().get("record").get(TaskStatus.HELD)).isZero();
		engine.resume(QUEUE);
		advance(Duration.ofMinutes(5), engine);
		String marker = engine.enqueue("record", "marker");
		awaitStatus(engine, marker, TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly("marker");
	}

	@Test
	void obliterateRemovesHeldTasks() {
		TaskEngine engine = recordingEngine();
		engine.pause(QUEUE);
		String held = engine.enqueue("record", "held");
		engine.hold(held);

		assertThat(engine.obliterate(QUEUE)).isEqualTo(1);

		assertThat(engine.get(held)).isEmpty();
		assertThat(engine.stats(QUEUE).count(TaskStatus.HELD)).isZero();
		awaitEvent(held, TaskEventType.REMOVED);
	}

	@Test
	void retentionLeavesHeldTasksAlone() {
		useRetention(
				new RetentionPolicy(new Retention(0, Duration.ofMinutes(1)), new Retention(0, Duration.ofMinutes(1))));
		TaskEngine engine = recordingEngine();
		engine.pause(QUEUE);
		String held = engine.enqueue("record", "held");
		engine.hold(held);
		engine.resume(QUEUE);
		String done = engine.enqueue("record", "done");
		await().until(() -> engine.get(done).isEmpty());

		advance(Duration.ofDays(30), engine);
		backend().trim();

		assertThat(statusOf(engine, held)).isEqualTo(TaskStatus.HELD);
		assertThat(engine.stats(QUEUE).count(TaskStatus.HELD)).isEqualTo(1);
	}

	@Test
	void anotherInstanceSeesAHeldTaskAndReleasesIt() {
		TaskEngine worker = recordingEngine();
		TaskEngine manager = newEngine(peerBackend(), settings().withWorkerEnabled(false),
				handler("record", QUEUE, 1, (payload, ctx) -> null));
		manager.start();
		worker.pause(QUEUE);
		String id = worker.enqueue("record", "held");
		worker.hold(id);
		worker.resume(QUEUE);

		assertThat(statusOf(manager, id)).isEqualTo(TaskStatus.HELD);
		assertThat(manager.stats(QUEUE).count(TaskStatus.HELD)).isEqualTo(1);
		assertStays(worker, id, TaskStatus.HELD);

		manager.release(id);

		awaitStatus(worker, id, TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly("held");
		awaitEvent(id, TaskEventType.RELEASED);
		assertThat(this.events.typesOf(id)).containsSubsequence(TaskEventType.HELD, TaskEventType.RELEASED,
				TaskEventType.ACTIVE, TaskEventType.COMPLETED);
	}

}
