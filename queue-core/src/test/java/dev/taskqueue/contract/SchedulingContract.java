package dev.taskqueue.contract;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskqueue.Task;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delayed, scheduled and repeating tasks. The clock stands still unless a test moves it.
 */
public abstract class SchedulingContract extends ContractTestSupport {

	private final List<String> ran = new CopyOnWriteArrayList<>();

	protected SchedulingContract(TaskQueueContractTests suite) {
		super(suite);
	}

	private TaskEngine recordingEngine() {
		return startEngine(handler("record", QUEUE, 1, (payload, ctx) -> {
			this.ran.add(payload.isNull() ? ctx.taskId() : payload.asString());
			return null;
		}));
	}

	/** Every task of a type, oldest first. */
	protected static List<Task> tasksOfType(TaskQueue queue, String type) {
		return queue.list(new TaskQuery(null, type, Set.of(), TaskQuery.MAX_LIMIT, null))
			.items()
			.stream()
			.sorted(Comparator.comparing(Task::id))
			.toList();
	}

	/** Waits until a task of a type has a status and returns the only such task. */
	private static Task awaitOnly(TaskQueue queue, String type, TaskStatus status) {
		await().untilAsserted(
				() -> assertThat(tasksOfType(queue, type)).filteredOn((t) -> t.status() == status).hasSize(1));
		return tasksOfType(queue, type).stream().filter((t) -> t.status() == status).findFirst().orElseThrow();
	}

	@Test
	void delayedTaskRunsOnlyWhenDue() {
		TaskEngine engine = recordingEngine();

		String id = engine.enqueue("record", "later", TaskOptions.builder().delay(Duration.ofHours(1)).build());

		Task delayed = task(engine, id);
		assertThat(delayed.status()).isEqualTo(TaskStatus.DELAYED);
		assertThat(delayed.scheduledAt()).isEqualTo(START.plus(Duration.ofHours(1)));
		advance(Duration.ofMinutes(59), engine);
		assertStays(engine, id, TaskStatus.DELAYED);
		assertThat(this.ran).isEmpty();

		advance(Duration.ofMinutes(1), engine);
		Task done = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(done.startedAt()).isEqualTo(START.plus(Duration.ofHours(1)));
		assertThat(this.ran).containsExactly("later");
	}

	@Test
	void runAtInTheFutureWaitsForItsTime() {
		TaskEngine engine = recordingEngine();

		String id = engine.enqueue("record", "at", TaskOptions.builder().runAt(START.plus(Duration.ofDays(2))).build());

		assertThat(task(engine, id).scheduledAt()).isEqualTo(START.plus(Duration.ofDays(2)));
		advance(Duration.ofDays(1), engine);
		assertStays(engine, id, TaskStatus.DELAYED);
		advance(Duration.ofDays(1), engine);
		awaitStatus(engine, id, TaskStatus.COMPLETED);
	}

	@Test
	void runAtInThePastAndZeroDelayRunAtOnce() {
		TaskEngine engine = recordingEngine();

		String past = engine.enqueue("record", "past", TaskOptions.builder().runAt(START.minusSeconds(60)).build());
		String now = engine.enqueue("record", "now", TaskOptions.builder().delay(Duration.ZERO).build());

		awaitStatus(engine, past, TaskStatus.COMPLETED);
		awaitStatus(engine, now, TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly("past", "now");
	}

	@Test
	void delayedTasksDueTogetherRunInTheOrderTheyBecameDue() {
		TaskEngine engine = recordingEngine();
		engine.enqueue("record", "third", TaskOptions.builder().delay(Duration.ofMinutes(3)).build());
		engine.enqueue("record", "first", TaskOptions.builder().delay(Duration.ofMinutes(1)).build());
		String last = engine.enqueue("record", "second", TaskOptions.builder().delay(Duration.ofMinutes(2)).build());

		advance(Duration.ofMinutes(5), engine);

		await().until(() -> this.ran.size() == 3);
		assertThat(this.ran).containsExactly("first", "second", "third");
		assertThat(statusOf(engine, last)).isEqualTo(TaskStatus.COMPLETED);
	}

	@Test
	void repeatEveryMakesOneTaskPerOccurrenceUpToTheLimit() {
		TaskEngine engine = recordingEngine();

		String first = engine.enqueue("record", null,
				TaskOptions.builder().every(Duration.ofMinutes(10)).limit(3).build());

		Task one = awaitStatus(engine, first, TaskStatus.COMPLETED);
		assertThat(one.occurrence()).isEqualTo(1);
		assertThat(one.repeat().every()).isEqualTo(Duration.ofMinutes(10));
		Task two = awaitOnly(engine, "record", TaskStatus.DELAYED);
		assertThat(two.id()).isNotEqualTo(first);
		assertThat(two.occurrence()).isEqualTo(2);
		assertThat(two.scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
		assertThat(two.repeat()).isEqualTo(one.repeat());

		advance(Duration.ofMinutes(9), engine);
		assertStays(engine, two.id(), TaskStatus.DELAYED);
		advance(Duration.ofMinutes(1), engine);
		awaitStatus(engine, two.id(), TaskStatus.COMPLETED);
		Task three = awaitOnly(engine, "record", TaskStatus.DELAYED);
		assertThat(three.occurrence()).isEqualTo(3);
		assertThat(three.scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(20)));

		advance(Duration.ofMinutes(10), engine);
		awaitStatus(engine, three.id(), TaskStatus.COMPLETED);
		advance(Duration.ofHours(1), engine);
		assertStaysTrue("no fourth occurrence", () -> tasksOfType(engine, "record").size() == 3);
		assertThat(tasksOfType(engine, "record")).extracting(Task::occurrence).containsExactly(1, 2, 3);
		assertThat(this.ran).containsExactly(first, two.id(), three.id());
	}

	@Test
	void nextOccurrenceIsScheduledOnlyWhenTheCurrentOneFinishes() {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(handler("slow", (payload, ctx) -> {
			gate.pass();
			return null;
		}));

		String first = engine.enqueue("slow", null, TaskOptions.builder().every(Duration.ofMinutes(1)).build());

		await().until(() -> gate.waiting() == 1);
		assertStaysTrue("one task while the first occurrence runs", () -> tasksOfType(engine, "slow").size() == 1);
		gate.open();
		awaitStatus(engine, first, TaskStatus.COMPLETED);
		Task next = awaitOnly(engine, "slow", TaskStatus.DELAYED);
		assertThat(next.scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
	}

	@Test
	void missedOccurrencesAreNotCaughtUpInABurst() {
		TaskEngine engine = recordingEngine();
		String first = engine.enqueue("record", null,
				TaskOptions.builder().every(Duration.ofMinutes(10)).limit(4).build());
		awaitStatus(engine, first, TaskStatus.COMPLETED);
		Task two = awaitOnly(engine, "record", TaskStatus.DELAYED);

		advance(Duration.ofMinutes(35), engine);

		awaitStatus(engine, two.id(), TaskStatus.COMPLETED);
		await().until(() -> this.ran.size() == 3);
		Task four = awaitOnly(engine, "record", TaskStatus.DELAYED);
		List<Task> all = tasksOfType(engine, "record");
		assertThat(all.get(2).scheduledAt()).as("third runs at once, not at its missed time")
			.isEqualTo(START.plus(Duration.ofMinutes(35)));
		assertThat(four.occurrence()).isEqualTo(4);
		assertThat(four.scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(45)));
	}

	@Test
	void cancellingADelayedOccurrenceEndsTheSeries() {
		TaskEngine engine = recordingEngine();
		String first = engine.enqueue("record", null, TaskOptions.builder().every(Duration.ofMinutes(10)).build());
		awaitStatus(engine, first, TaskStatus.COMPLETED);
		Task two = awaitOnly(engine, "record", TaskStatus.DELAYED);

		assertThat(engine.cancel(two.id()).status()).isEqualTo(TaskStatus.CANCELLED);
		advance(Duration.ofHours(1), engine);

		assertStaysTrue("no further occurrence", () -> tasksOfType(engine, "record").size() == 2);
		assertThat(statusOf(engine, two.id())).isEqualTo(TaskStatus.CANCELLED);
		assertThat(this.ran).containsExactly(first);
	}

	@Test
	void cancellingARunningOccurrenceEndsTheSeries() {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(handler("slow", (payload, ctx) -> {
			gate.pass();
			return null;
		}));
		String first = engine.enqueue("slow", null, TaskOptions.builder().every(Duration.ofMinutes(1)).build());
		await().until(() -> gate.waiting() == 1);

		engine.cancel(first);

		await().until(() -> gate.interrupted() == 1);
		advance(Duration.ofMinutes(5), engine);
		assertStaysTrue("no further occurrence", () -> tasksOfType(engine, "slow").size() == 1);
		assertThat(statusOf(engine, first)).isEqualTo(TaskStatus.CANCELLED);
	}

	@Test
	void idempotencyKeyFollowsTheSeriesSoItIsNeverStartedTwice() {
		TaskEngine engine = recordingEngine();
		TaskOptions daily = TaskOptions.builder()
			.every(Duration.ofMinutes(10))
			.limit(5)
			.idempotencyKey("report")
			.build();
		String first = engine.enqueue("record", null, daily);
		awaitStatus(engine, first, TaskStatus.COMPLETED);
		Task two = awaitOnly(engine, "record", TaskStatus.DELAYED);
		assertThat(two.idempotencyKey()).isEqualTo("report");

		assertThat(engine.enqueue("record", null, daily)).as("the key names the current occurrence")
			.isEqualTo(two.id());
		engine.retry(first);

		awaitStatus(engine, first, TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly(first, first);
		assertStaysTrue("re-running an old occurrence does not fork the series",
				() -> tasksOfType(engine, "record").size() == 2);
		advance(Duration.ofMinutes(10), engine);
		awaitStatus(engine, two.id(), TaskStatus.COMPLETED);
		Task three = awaitOnly(engine, "record", TaskStatus.DELAYED);
		assertThat(three.occurrence()).isEqualTo(3);
		assertThat(engine.enqueue("record", null, daily)).isEqualTo(three.id());
	}

	@Test
	void failedOccurrenceStillSchedulesTheNext() {
		TaskEngine engine = startEngine(handler("flaky", (payload, ctx) -> {
			throw new IllegalStateException("always");
		}));

		String first = engine.enqueue("flaky", null,
				TaskOptions.builder().every(Duration.ofMinutes(5)).limit(2).maxAttempts(1).build());

		awaitStatus(engine, first, TaskStatus.FAILED);
		Task next = awaitOnly(engine, "flaky", TaskStatus.DELAYED);
		assertThat(next.occurrence()).isEqualTo(2);
		assertThat(next.attempts()).isZero();
		assertThat(next.error()).isNull();
		advance(Duration.ofMinutes(5), engine);
		awaitStatus(engine, next.id(), TaskStatus.FAILED);
		assertStaysTrue("the limit ends the series", () -> tasksOfType(engine, "flaky").size() == 2);
	}

	@Test
	void cronRepeatRunsOnItsSchedule() {
		TaskEngine engine = recordingEngine();

		String first = engine.enqueue("record", null, TaskOptions.builder().cron("0 * * * *").limit(2).build());

		Task one = task(engine, first);
		assertThat(one.status()).isEqualTo(TaskStatus.DELAYED);
		assertThat(one.scheduledAt()).isEqualTo(START.plus(Duration.ofHours(1)));
		advance(Duration.ofMinutes(59), engine);
		assertStays(engine, first, TaskStatus.DELAYED);
		advance(Duration.ofMinutes(1), engine);
		awaitStatus(engine, first, TaskStatus.COMPLETED);
		Task two = awaitOnly(engine, "record", TaskStatus.DELAYED);
		assertThat(two.scheduledAt()).isEqualTo(START.plus(Duration.ofHours(2)));
		assertThat(two.repeat().cron()).isEqualTo("0 * * * *");

		advance(Duration.ofHours(1), engine);
		awaitStatus(engine, two.id(), TaskStatus.COMPLETED);
		advance(Duration.ofHours(1), engine);
		assertStaysTrue("the limit ends the series", () -> tasksOfType(engine, "record").size() == 2);
	}

}
