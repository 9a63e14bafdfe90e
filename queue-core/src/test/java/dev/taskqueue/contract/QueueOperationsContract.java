package dev.taskqueue.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.taskqueue.Backoff;
import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Pause, resume, drain, clean, obliterate and retention.
 */
public abstract class QueueOperationsContract extends ContractTestSupport {

	private final Gate gate = new Gate();

	protected QueueOperationsContract(TaskQueueContractTests suite) {
		super(suite);
	}

	/**
	 * An engine whose handler blocks on payload "block", fails on "fail" and completes
	 * otherwise; concurrency 2 on {@link #QUEUE}, one attempt per task.
	 */
	private TaskEngine engine() {
		return startEngine(settings().withRetries(1, Backoff.fixed(Duration.ZERO)),
				handler("op", QUEUE, 2, (payload, ctx) -> {
					switch (payload.asString()) {
						case "block" -> this.gate.pass();
						case "fail" -> throw new IllegalStateException("fails");
						default -> {
						}
					}
					return payload.asString();
				}), handler("other", "other-queue", 1, (payload, ctx) -> null));
	}

	private List<Task> tasksOf(TaskEngine engine, String queue) {
		return engine.list(new TaskQuery(queue, null, Set.of(), TaskQuery.MAX_LIMIT, null)).items();
	}

	@Test
	void pausedQueueKeepsItsTasksWaitingUntilResumed() {
		TaskEngine engine = engine();

		engine.pause(QUEUE);
		String id = engine.enqueue("op", "x");
		String elsewhere = engine.enqueue("other", null);

		assertThat(engine.isPaused(QUEUE)).isTrue();
		assertThat(engine.isPaused("other-queue")).isFalse();
		awaitStatus(engine, elsewhere, TaskStatus.COMPLETED);
		assertStays(engine, id, TaskStatus.WAITING);
		assertThat(engine.stats(QUEUE).paused()).isTrue();

		engine.resume(QUEUE);

		awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(engine.isPaused(QUEUE)).isFalse();
		await().untilAsserted(() -> assertThat(this.events.queueEvents(QUEUE)).containsExactly(TaskEventType.PAUSED,
				TaskEventType.RESUMED));
	}

	@Test
	void pauseIsSeenByEveryEngineOnTheBackend() {
		TaskEngine worker = engine();
		TaskEngine manager = newEngine(peerBackend(), settings().withWorkerEnabled(false),
				handler("op", QUEUE, 1, (payload, ctx) -> null));

		manager.pause(QUEUE);
		String id = manager.enqueue("op", "x");

		assertThat(worker.isPaused(QUEUE)).isTrue();
		assertStays(worker, id, TaskStatus.WAITING);
		manager.resume(QUEUE);
		awaitStatus(worker, id, TaskStatus.COMPLETED);
	}

	@Test
	void pausingDoesNotStopRunningTasks() {
		TaskEngine engine = engine();
		String running = engine.enqueue("op", "block");
		await().until(() -> this.gate.waiting() == 1);

		engine.pause(QUEUE);
		this.gate.open();

		awaitStatus(engine, running, TaskStatus.COMPLETED);
	}

	@Test
	void drainRemovesWaitingDelayedAndRetryingTasksOnly() {
		TaskEngine engine = startEngine(settings().withRetries(3, Backoff.fixed(Duration.ofHours(1))),
				handler("op", QUEUE, 2, (payload, ctx) -> {
					if (payload.asString().equals("block")) {
						this.gate.pass();
					}
					if (payload.asString().equals("fail")) {
						throw new IllegalStateException("fails");
					}
					return null;
				}));
		String completed = engine.enqueue("op", "done");
		awaitStatus(engine, completed, TaskStatus.COMPLETED);
		String retrying = engine.enqueue("op", "fail");
		awaitStatus(engine, retrying, TaskStatus.RETRYING);
		String active = engine.enqueue("op", "block");
		await().until(() -> this.gate.waiting() == 1);
		engine.pause(QUEUE);
		List<String> drained = new ArrayList<>(List.of(retrying, engine.enqueue("op", "w1"), engine.enqueue("op", "w2"),
				engine.enqueue("op", "d", TaskOptions.builder().delay(Duration.ofMinutes(1)).build())));

		assertThat(engine.drain(QUEUE)).isEqualTo(4);

		assertThat(drained).allSatisfy((id) -> assertThat(engine.get(id)).isEmpty());
		assertThat(statusOf(engine, completed)).isEqualTo(TaskStatus.COMPLETED);
		assertThat(statusOf(engine, active)).isEqualTo(TaskStatus.ACTIVE);
		assertThat(engine.isPaused(QUEUE)).as("drain keeps the paused flag").isTrue();
		this.gate.open();
		awaitStatus(engine, active, TaskStatus.COMPLETED);
		assertThat(engine.drain(QUEUE)).isZero();
		awaitEvent(drained.get(1), TaskEventType.REMOVED);
	}

	@Test
	void cleanRemovesFinishedTasksOlderThanTheGivenAge() {
		TaskEngine engine = engine();
		String oldCompleted = engine.enqueue("op", "a");
		String oldFailed = engine.enqueue("op", "fail");
		engine.pause(QUEUE);
		String oldCancelled = engine.enqueue("op", "c");
		engine.cancel(oldCancelled);
		engine.resume(QUEUE);
		awaitStatus(engine, oldCompleted, TaskStatus.COMPLETED);
		awaitStatus(engine, oldFailed, TaskStatus.FAILED);
		advance(Duration.ofHours(2), engine);
		String recent = engine.enqueue("op", "b");
		awaitStatus(engine, recent, TaskStatus.COMPLETED);
		engine.pause(QUEUE);
		String waiting = engine.enqueue("op", "w");

		assertThat(engine.clean(QUEUE, Set.of(TaskStatus.FAILED), Duration.ofHours(1))).isEqualTo(1);
		assertThat(engine.get(oldFailed)).isEmpty();
		assertThat(engine.get(oldCompleted)).isPresent();

		assertThat(engine.clean(QUEUE, Set.of(), Duration.ofHours(1))).isEqualTo(2);
		assertThat(engine.get(oldCompleted)).isEmpty();
		assertThat(engine.get(oldCancelled)).isEmpty();
		assertThat(engine.get(recent)).isPresent();
		assertThat(engine.get(waiting)).isPresent();

		this.clock.advance(Duration.ofMillis(1));
		assertThat(engine.clean(QUEUE, Set.of(TaskStatus.COMPLETED), Duration.ZERO)).isEqualTo(1);
		assertThat(engine.get(recent)).isEmpty();
		assertThat(statusOf(engine, waiting)).isEqualTo(TaskStatus.WAITING);
		awaitEvent(oldCompleted, TaskEventType.REMOVED);
		awaitEvent(recent, TaskEventType.REMOVED);
	}

	@Test
	void cleanRefusesStatusesThatAreNotFinal() {
		TaskEngine engine = engine();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> engine.clean(QUEUE, Set.of(TaskStatus.WAITING), Duration.ZERO))
			.withMessageContaining("waiting");
		assertThatIllegalArgumentException().isThrownBy(() -> engine.clean(QUEUE, Set.of(), Duration.ofHours(-1)));
	}

	@Test
	void obliterateRemovesEverythingOfTheQueueOnly() {
		TaskEngine engine = engine();
		String completed = engine.enqueue("op", "a");
		String failed = engine.enqueue("op", "fail");
		awaitStatus(engine, completed, TaskStatus.COMPLETED);
		awaitStatus(engine, failed, TaskStatus.FAILED);
		String active = engine.enqueue("op", "block");
		await().until(() -> this.gate.waiting() == 1);
		engine.pause(QUEUE);
		engine.enqueue("op", "w");
		engine.enqueue("op", "d", TaskOptions.builder().delay(Duration.ofMinutes(1)).build());
		String elsewhere = engine.enqueue("other", null);
		awaitStatus(engine, elsewhere, TaskStatus.COMPLETED);

		assertThat(engine.obliterate(QUEUE)).isEqualTo(5);

		await().until(() -> this.gate.interrupted() == 1);
		assertThat(tasksOf(engine, QUEUE)).isEmpty();
		assertThat(engine.isPaused(QUEUE)).isFalse();
		QueueStats stats = engine.stats(QUEUE);
		assertThat(stats.counts().values()).allMatch((count) -> count == 0);
		assertThat(stats.metrics().processed()).isZero();
		assertThat(engine.get(active)).isEmpty();
		awaitEvent(completed, TaskEventType.REMOVED);
		assertThat(statusOf(engine, elsewhere)).isEqualTo(TaskStatus.COMPLETED);
		String fresh = engine.enqueue("op", "fresh");
		awaitStatus(engine, fresh, TaskStatus.COMPLETED);
		assertStaysTrue("the interrupted task does not come back", () -> engine.get(active).isEmpty());
	}

	@Test
	void queuesListsQueuesOfHandlersAndOfTasks() {
		TaskEngine engine = engine();

		engine.enqueue("op", "x", TaskOptions.builder().queue("extra").build());

		assertThat(engine.queues()).containsSubsequence("contract", "extra", "other-queue");
		assertThat(engine.backend().queues()).contains("extra");
		assertThatIllegalArgumentException().isThrownBy(() -> engine.pause("bad queue name!"));
	}

	@Test
	void retentionKeepsOnlyTheNewestCompletedTasks() {
		useRetention(new RetentionPolicy(new Retention(2, Duration.ofDays(1)), new Retention(10, Duration.ofDays(1))));
		TaskEngine engine = engine();
		List<String> ids = new ArrayList<>();

		for (int i = 0; i < 5; i++) {
			String id = engine.enqueue("op", "n" + i);
			await().until(() -> this.events.typesOf(id).contains(TaskEventType.COMPLETED));
			ids.add(id);
		}

		await().untilAsserted(() -> assertThat(tasksOf(engine, QUEUE)).extracting(Task::id)
			.containsExactlyInAnyOrder(ids.get(3), ids.get(4)));
		assertThat(engine.stats(QUEUE).count(TaskStatus.COMPLETED)).isEqualTo(2);
		assertThat(engine.stats(QUEUE).metrics().processed()).as("metrics outlive removed tasks").isEqualTo(5);
	}

	@Test
	void retentionOfZeroRemovesCompletedTasksAtOnceAndKeepsCounting() {
		useRetention(new RetentionPolicy(new Retention(0, Duration.ofDays(1)), new Retention(10, Duration.ofDays(1))));
		TaskEngine engine = engine();

		String first = engine.enqueue("op", "a", TaskOptions.builder().idempotencyKey("once").build());
		awaitEvent(first, TaskEventType.COMPLETED);
		await().untilAsserted(() -> assertThat(engine.get(first)).isEmpty());
		String second = engine.enqueue("op", "b", TaskOptions.builder().idempotencyKey("once").build());

		assertThat(second).as("the key went with its task").isNotEqualTo(first);
		awaitEvent(second, TaskEventType.COMPLETED);
		assertThat(this.events.of(first)
			.stream()
			.filter((e) -> e.type() == TaskEventType.COMPLETED)
			.findFirst()
			.orElseThrow()
			.task()
			.status()).isEqualTo(TaskStatus.COMPLETED);
		await().untilAsserted(() -> assertThat(engine.stats(QUEUE).metrics().processed()).isEqualTo(2));
		assertThat(engine.stats(QUEUE).count(TaskStatus.COMPLETED)).isZero();
	}

	@Test
	void retentionOfZeroRemovesFailedTasksAtOnce() {
		useRetention(new RetentionPolicy(new Retention(10, Duration.ofDays(1)), new Retention(0, Duration.ofDays(1))));
		TaskEngine engine = engine();

		String failed = engine.enqueue("op", "fail");
		String completed = engine.enqueue("op", "ok");

		awaitEvent(failed, TaskEventType.FAILED);
		awaitStatus(engine, completed, TaskStatus.COMPLETED);
		await().untilAsserted(() -> assertThat(engine.get(failed)).isEmpty());
		assertThat(this.events.of(failed)
			.stream()
			.filter((e) -> e.type() == TaskEventType.FAILED)
			.findFirst()
			.orElseThrow()
			.task()
			.error()
			.message()).isEqualTo("fails");
	}

	@Test
	void retentionByAgeRemovesOldFinishedTasks() {
		useRetention(
				new RetentionPolicy(new Retention(100, Duration.ofHours(1)), new Retention(100, Duration.ofHours(2))));
		TaskEngine engine = engine();
		String completed = engine.enqueue("op", "a");
		String failed = engine.enqueue("op", "fail");
		awaitStatus(engine, completed, TaskStatus.COMPLETED);
		awaitStatus(engine, failed, TaskStatus.FAILED);

		advance(Duration.ofMinutes(90), engine);
		String recent = engine.enqueue("op", "b");
		awaitStatus(engine, recent, TaskStatus.COMPLETED);
		engine.backend().trim();

		await().untilAsserted(() -> assertThat(engine.get(completed)).isEmpty());
		assertThat(engine.get(failed)).as("failed tasks are kept for two hours").isPresent();
		assertThat(engine.get(recent)).isPresent();

		advance(Duration.ofMinutes(31), engine);
		// advance() wakes the engine's own retention pass, which may get there first
		engine.backend().trim();
		await().untilAsserted(() -> assertThat(engine.get(failed)).isEmpty());
		assertThat(engine.get(recent)).isPresent();
	}

}
