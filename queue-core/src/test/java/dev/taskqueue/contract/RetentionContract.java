package dev.taskqueue.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.taskqueue.Backoff;
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

/**
 * Retention of a queue with its own policy ({@link RetentionPolicy#forQueue(String)})
 * beside queues that keep the global one: by count as tasks complete, fail or are
 * cancelled, and by age when finished tasks are trimmed.
 */
public abstract class RetentionContract extends ContractTestSupport {

	/** The queue with its own retention. */
	private static final String BRIEF = "brief";

	protected RetentionContract(TaskQueueContractTests suite) {
		super(suite);
	}

	/**
	 * An engine with one handler on {@link #QUEUE} and one on {@link #BRIEF}; each fails
	 * on payload "fail" and completes otherwise, one attempt per task.
	 */
	private TaskEngine engine() {
		return startEngine(settings().withRetries(1, Backoff.fixed(Duration.ZERO)),
				handler("op", QUEUE, 1, (payload, ctx) -> outcome(payload.asString())),
				handler("brief-op", BRIEF, 1, (payload, ctx) -> outcome(payload.asString())));
	}

	private static String outcome(String payload) {
		if (payload.equals("fail")) {
			throw new IllegalStateException("fails");
		}
		return payload;
	}

	private List<String> idsOf(TaskEngine engine, String queue, TaskStatus status) {
		return engine.list(new TaskQuery(queue, null, Set.of(status), TaskQuery.MAX_LIMIT, null))
			.items()
			.stream()
			.map(Task::id)
			.toList();
	}

	/** Runs tasks one after the other, each to its final event; returns their ids. */
	private List<String> runOneByOne(TaskEngine engine, String type, String payload, int count) {
		TaskEventType last = payload.equals("fail") ? TaskEventType.FAILED : TaskEventType.COMPLETED;
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String id = engine.enqueue(type, payload.equals("fail") ? payload : payload + i);
			awaitEvent(id, last);
			ids.add(id);
		}
		return ids;
	}

	@Test
	void aQueueKeepsItsOwnCountOfCompletedAndFailedTasks() {
		useRetention(new RetentionPolicy(new Retention(3, Duration.ofDays(1)), new Retention(2, Duration.ofDays(1)))
			.withQueue(BRIEF, new Retention(1, Duration.ofDays(1)), new Retention(1, Duration.ofDays(1))));
		TaskEngine engine = engine();

		List<String> completed = runOneByOne(engine, "op", "ok", 4);
		List<String> briefCompleted = runOneByOne(engine, "brief-op", "ok", 4);
		runOneByOne(engine, "op", "fail", 3);
		List<String> briefFailed = runOneByOne(engine, "brief-op", "fail", 3);

		await().untilAsserted(() -> {
			assertThat(idsOf(engine, BRIEF, TaskStatus.COMPLETED)).containsExactly(briefCompleted.get(3));
			assertThat(idsOf(engine, BRIEF, TaskStatus.FAILED)).containsExactly(briefFailed.get(2));
			assertThat(idsOf(engine, QUEUE, TaskStatus.COMPLETED))
				.containsExactlyInAnyOrderElementsOf(completed.subList(1, 4));
			assertThat(idsOf(engine, QUEUE, TaskStatus.FAILED)).hasSize(2);
		});
		assertThat(engine.stats(BRIEF).count(TaskStatus.COMPLETED)).isEqualTo(1);
		assertThat(engine.stats(BRIEF).count(TaskStatus.FAILED)).isEqualTo(1);
		assertThat(engine.stats(QUEUE).count(TaskStatus.COMPLETED)).isEqualTo(3);
		assertThat(engine.stats(QUEUE).count(TaskStatus.FAILED)).isEqualTo(2);
	}

	@Test
	void theQueueOfTheTaskCountsNotTheQueueOfItsHandler() {
		useRetention(RetentionPolicy.defaults().withQueue(BRIEF, new Retention(1, Duration.ofDays(1)), null));
		TaskEngine engine = engine();
		List<String> ids = new ArrayList<>();

		for (int i = 0; i < 3; i++) {
			// the handler's queue is QUEUE; these tasks go to BRIEF all the same
			String id = engine.enqueue("op", "n" + i, TaskOptions.builder().queue(BRIEF).build());
			awaitEvent(id, TaskEventType.COMPLETED);
			ids.add(id);
		}

		await().untilAsserted(() -> assertThat(idsOf(engine, BRIEF, TaskStatus.COMPLETED)).containsExactly(ids.get(2)));
	}

	@Test
	void cancelledTasksCountAgainstTheQueuesOwnFailedRetention() {
		useRetention(RetentionPolicy.defaults().withQueue(BRIEF, null, new Retention(1, Duration.ofDays(1))));
		TaskEngine engine = engine();
		TaskOptions later = TaskOptions.builder().delay(Duration.ofHours(1)).build();
		List<String> brief = new ArrayList<>();
		List<String> other = new ArrayList<>();

		for (int i = 0; i < 3; i++) {
			brief.add(engine.enqueue("brief-op", "x", later));
			other.add(engine.enqueue("op", "x", later));
		}
		brief.forEach(engine::cancel);
		other.forEach(engine::cancel);

		assertThat(idsOf(engine, BRIEF, TaskStatus.CANCELLED)).containsExactly(brief.get(2));
		assertThat(idsOf(engine, QUEUE, TaskStatus.CANCELLED)).containsExactlyInAnyOrderElementsOf(other);
	}

	@Test
	void aQueueThatKeepsNoCompletedTaskForgetsThemAtOnce() {
		useRetention(RetentionPolicy.defaults().withQueue(BRIEF, new Retention(0, Duration.ofDays(1)), null));
		TaskEngine engine = engine();

		String gone = engine.enqueue("brief-op", "a");
		String kept = engine.enqueue("op", "b");
		awaitEvent(gone, TaskEventType.COMPLETED);
		awaitStatus(engine, kept, TaskStatus.COMPLETED);

		await().untilAsserted(() -> assertThat(engine.get(gone)).isEmpty());
		assertThat(engine.stats(BRIEF).count(TaskStatus.COMPLETED)).isZero();
		assertThat(engine.stats(BRIEF).metrics().processed()).isEqualTo(1);
	}

	@Test
	void trimRemovesOldTasksByTheAgeOfTheirQueue() {
		useRetention(
				new RetentionPolicy(new Retention(100, Duration.ofHours(1)), new Retention(100, Duration.ofHours(2)))
					.withQueue(BRIEF, new Retention(100, Duration.ofMinutes(10)), null));
		TaskEngine engine = engine();
		String briefCompleted = engine.enqueue("brief-op", "a");
		String briefFailed = engine.enqueue("brief-op", "fail");
		String completed = engine.enqueue("op", "b");
		awaitStatus(engine, briefCompleted, TaskStatus.COMPLETED);
		awaitStatus(engine, briefFailed, TaskStatus.FAILED);
		awaitStatus(engine, completed, TaskStatus.COMPLETED);

		advance(Duration.ofMinutes(30), engine);
		// advance() wakes the engine's own retention pass, which may get there first
		engine.backend().trim();

		await().untilAsserted(() -> assertThat(engine.get(briefCompleted)).isEmpty());
		assertThat(engine.get(briefFailed)).as("its failed tasks keep the global two hours").isPresent();
		assertThat(engine.get(completed)).as("other queues keep the global hour").isPresent();

		advance(Duration.ofMinutes(31), engine);
		engine.backend().trim();

		await().untilAsserted(() -> assertThat(engine.get(completed)).isEmpty());
		assertThat(engine.get(briefFailed)).isPresent();
	}

}
