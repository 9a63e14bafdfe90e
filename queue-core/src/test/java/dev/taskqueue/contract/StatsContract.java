package dev.taskqueue.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Counts, metrics and listing with filters and cursors.
 */
public abstract class StatsContract extends ContractTestSupport {

	private final Gate gate = new Gate();

	protected StatsContract(TaskQueueContractTests suite) {
		super(suite);
	}

	private TaskEngine engine() {
		return startEngine(handler("op", QUEUE, 2, (payload, ctx) -> {
			switch (payload.asString()) {
				case "block" -> this.gate.pass();
				case "fail" -> throw new IllegalStateException("fails");
				default -> {
				}
			}
			return null;
		}), handler("other", "other-queue", 1, (payload, ctx) -> null));
	}

	@Test
	void statsCountTasksByStatusAndKeepMetrics() {
		TaskEngine engine = engine();
		TaskOptions once = TaskOptions.builder().maxAttempts(1).build();
		String c1 = engine.enqueue("op", "a");
		String c2 = engine.enqueue("op", "b");
		String f1 = engine.enqueue("op", "fail", once);
		awaitStatus(engine, c1, TaskStatus.COMPLETED);
		awaitStatus(engine, c2, TaskStatus.COMPLETED);
		awaitStatus(engine, f1, TaskStatus.FAILED);
		String retrying = engine.enqueue("op", "fail",
				TaskOptions.builder().backoff(dev.taskqueue.Backoff.fixed(Duration.ofHours(1))).build());
		awaitStatus(engine, retrying, TaskStatus.RETRYING);
		String active = engine.enqueue("op", "block");
		await().until(() -> this.gate.waiting() == 1);
		engine.pause(QUEUE);
		engine.enqueue("op", "w1");
		engine.enqueue("op", "w2");
		engine.enqueue("op", "d", TaskOptions.builder().delay(Duration.ofMinutes(1)).build());
		String cancelled = engine.enqueue("op", "x");
		engine.cancel(cancelled);
		engine.enqueue("other", null);

		QueueStats stats = engine.stats(QUEUE);

		assertThat(stats.queue()).isEqualTo(QUEUE);
		assertThat(stats.counts()).containsOnlyKeys(EnumSet.allOf(TaskStatus.class));
		assertThat(stats.count(TaskStatus.WAITING)).isEqualTo(2);
		assertThat(stats.count(TaskStatus.DELAYED)).isEqualTo(1);
		assertThat(stats.count(TaskStatus.ACTIVE)).isEqualTo(1);
		assertThat(stats.count(TaskStatus.RETRYING)).isEqualTo(1);
		assertThat(stats.count(TaskStatus.COMPLETED)).isEqualTo(2);
		assertThat(stats.count(TaskStatus.FAILED)).isEqualTo(1);
		assertThat(stats.count(TaskStatus.CANCELLED)).isEqualTo(1);
		assertThat(stats.paused()).isTrue();
		assertThat(stats.metrics().processed()).isEqualTo(3);
		assertThat(stats.metrics().failed()).isEqualTo(1);
		assertThat(stats.metrics().successRate()).isCloseTo(2.0 / 3, within(0.001));
		assertThat(stats.metrics().avgProcessingMillis()).isGreaterThanOrEqualTo(0);
		assertThat(stats.metrics().currentConcurrency()).isEqualTo(1);
		assertThat(stats.metrics().peakConcurrency()).isBetween(1L, 2L);

		this.gate.open();
		awaitStatus(engine, active, TaskStatus.COMPLETED);
		QueueStats after = engine.stats(QUEUE);
		assertThat(after.metrics().processed()).isEqualTo(4);
		assertThat(after.metrics().currentConcurrency()).isZero();
	}

	@Test
	void averageProcessingTimeFollowsTheClock() {
		TaskEngine engine = engine();
		String slow = engine.enqueue("op", "block");
		await().until(() -> this.gate.waiting() == 1);
		this.clock.advance(Duration.ofSeconds(2));
		this.gate.open();
		Task done = awaitStatus(engine, slow, TaskStatus.COMPLETED);
		String quick = engine.enqueue("op", "quick");
		awaitStatus(engine, quick, TaskStatus.COMPLETED);

		assertThat(Duration.between(done.startedAt(), done.finishedAt())).isEqualTo(Duration.ofSeconds(2));
		assertThat(engine.stats(QUEUE).metrics().avgProcessingMillis()).isCloseTo(1000.0, within(0.001));
	}

	@Test
	void statsOfAnUnknownQueueAreZero() {
		TaskEngine engine = engine();

		QueueStats stats = engine.stats("never-used");

		assertThat(stats.counts()).containsOnlyKeys(EnumSet.allOf(TaskStatus.class));
		assertThat(stats.counts().values()).allMatch((count) -> count == 0);
		assertThat(stats.paused()).isFalse();
		assertThat(stats.oldestWaitingSince()).isNull();
		assertThat(stats.metrics().processed()).isZero();
		assertThat(stats.metrics().successRate()).isEqualTo(1.0);
	}

	@Test
	void statsTellSinceWhenTheOldestTaskWaits() {
		TaskEngine engine = engine();
		engine.pause(QUEUE);
		engine.enqueue("op", "first");
		this.clock.advance(Duration.ofMinutes(3));
		engine.enqueue("op", "second");

		assertThat(engine.stats(QUEUE).oldestWaitingSince()).isEqualTo(START);
	}

	@Test
	void listPagesNewestFirstWithACursor() {
		TaskEngine engine = engine();
		engine.pause(QUEUE);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			ids.add(engine.enqueue("op", "t" + i));
			this.clock.advance(Duration.ofMillis(1));
		}
		List<String> newestFirst = ids.stream().sorted(Comparator.reverseOrder()).toList();

		TaskPage first = engine.list(new TaskQuery(QUEUE, null, Set.of(), 3, null));
		TaskPage second = engine.list(new TaskQuery(QUEUE, null, Set.of(), 3, first.nextCursor()));
		TaskPage third = engine.list(new TaskQuery(QUEUE, null, Set.of(), 3, second.nextCursor()));

		assertThat(first.items()).extracting(Task::id).containsExactlyElementsOf(newestFirst.subList(0, 3));
		assertThat(first.nextCursor()).isNotNull();
		assertThat(second.items()).extracting(Task::id).containsExactlyElementsOf(newestFirst.subList(3, 6));
		assertThat(second.nextCursor()).isNotNull();
		assertThat(third.items()).extracting(Task::id).containsExactlyElementsOf(newestFirst.subList(6, 7));
		assertThat(third.nextCursor()).isNull();
	}

	@Test
	void cursorStaysValidWhileTasksChange() {
		TaskEngine engine = engine();
		engine.pause(QUEUE);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(engine.enqueue("op", "t" + i));
		}
		TaskPage first = engine.list(new TaskQuery(QUEUE, null, Set.of(), 2, null));

		engine.enqueue("op", "newer");
		engine.remove(ids.get(2));
		TaskPage rest = engine.list(new TaskQuery(QUEUE, null, Set.of(), 10, first.nextCursor()));

		assertThat(rest.items()).extracting(Task::id).containsExactly(ids.get(1), ids.get(0));
		assertThat(rest.nextCursor()).isNull();
	}

	@Test
	void listFiltersByStatusTypeAndQueue() {
		TaskEngine engine = engine();
		String done1 = engine.enqueue("op", "a");
		String done2 = engine.enqueue("op", "b");
		String failed = engine.enqueue("op", "fail", TaskOptions.builder().maxAttempts(1).build());
		awaitStatus(engine, done1, TaskStatus.COMPLETED);
		awaitStatus(engine, done2, TaskStatus.COMPLETED);
		awaitStatus(engine, failed, TaskStatus.FAILED);
		engine.pause(QUEUE);
		String waiting = engine.enqueue("op", "w");
		engine.pause("other-queue");
		String other = engine.enqueue("other", null);

		assertThat(ids(engine, new TaskQuery(null, null, Set.of(TaskStatus.WAITING), 10, null))).containsExactly(other,
				waiting);
		assertThat(ids(engine, new TaskQuery(QUEUE, null, Set.of(TaskStatus.WAITING), 10, null)))
			.containsExactly(waiting);
		assertThat(ids(engine, new TaskQuery(null, null, Set.of(TaskStatus.COMPLETED, TaskStatus.FAILED), 10, null)))
			.containsExactly(failed, done2, done1);
		assertThat(ids(engine, new TaskQuery(null, "other", Set.of(), 10, null))).containsExactly(other);
		assertThat(ids(engine, new TaskQuery("other-queue", null, Set.of(), 10, null))).containsExactly(other);
		assertThat(ids(engine, new TaskQuery(null, "op", Set.of(TaskStatus.CANCELLED), 10, null))).isEmpty();
		assertThat(ids(engine, TaskQuery.all())).containsExactly(other, waiting, failed, done2, done1);

		TaskPage page = engine.list(new TaskQuery(null, null, Set.of(TaskStatus.COMPLETED), 1, null));
		assertThat(page.items()).extracting(Task::id).containsExactly(done2);
		TaskPage next = engine.list(new TaskQuery(null, null, Set.of(TaskStatus.COMPLETED), 1, page.nextCursor()));
		assertThat(next.items()).extracting(Task::id).containsExactly(done1);
	}

	private static List<String> ids(TaskEngine engine, TaskQuery query) {
		return engine.list(query).items().stream().map(Task::id).toList();
	}

}
