package dev.taskqueue.contract;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskqueue.Schedule;
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

	/**
	 * Waits until the handler ran this often and every run's outcome is written: a test
	 * that then moves the clock past the lease must not find a run still finishing (its
	 * lease would have expired, and the task would run again).
	 */
	private void awaitRan(TaskEngine engine, int runs) {
		await().until(() -> this.ran.size() == runs
				&& tasksOfType(engine, "record").stream().allMatch((task) -> task.status() != TaskStatus.ACTIVE));
	}

	/** Every task of a type, oldest first. */
	protected static List<Task> tasksOfType(TaskQueue queue, String type) {
		return queue.list(new TaskQuery(null, type, Set.of(), TaskQuery.MAX_LIMIT, null))
			.items()
			.stream()
			.sorted(Comparator.comparing(Task::id))
			.toList();
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

		awaitRan(engine, 3);
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
		assertThat(one.scheduleId()).startsWith("repeat:" + QUEUE + ":");
		Schedule series = engine.getSchedule(one.scheduleId()).orElseThrow();
		assertThat(series.nextDueAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
		assertThat(series.limit()).isEqualTo(3);

		advance(Duration.ofMinutes(9), engine);
		assertStaysTrue("no second occurrence before its time", () -> tasksOfType(engine, "record").size() == 1);
		advance(Duration.ofMinutes(1), engine);
		awaitRan(engine, 2);
		advance(Duration.ofMinutes(10), engine);
		awaitRan(engine, 3);
		advance(Duration.ofHours(1), engine);
		assertStaysTrue("no fourth occurrence", () -> tasksOfType(engine, "record").size() == 3);
		List<Task> all = tasksOfType(engine, "record");
		assertThat(all).extracting(Task::occurrence).containsExactly(1, 2, 3);
		assertThat(all).extracting(Task::scheduledAt)
			.containsExactly(START, START.plus(Duration.ofMinutes(10)), START.plus(Duration.ofMinutes(20)));
		assertThat(all).extracting(Task::repeat).containsOnly(one.repeat());
		assertThat(this.ran).containsExactly(first, all.get(1).id(), all.get(2).id());
		assertThat(engine.getSchedule(one.scheduleId()).orElseThrow().isEnded()).isTrue();
	}

	@Test
	void anOccurrenceIsMadeAtItsTimeWhileThePreviousOneStillRuns() {
		Gate gate = new Gate();
		// a lease longer than the clock's move: the first run stays the first task's only
		// one
		TaskEngine engine = startEngine(settings().withLease(Duration.ofMinutes(5), 2),
				handler("slow", QUEUE, 2, (payload, ctx) -> {
					gate.pass();
					return null;
				}));

		String first = engine.enqueue("slow", null, TaskOptions.builder().every(Duration.ofMinutes(1)).build());
		await().until(() -> gate.waiting() == 1);
		advance(Duration.ofMinutes(1), engine);

		// the next occurrence is made and runs while the first still runs
		await().until(() -> gate.waiting() == 2);
		assertThat(tasksOfType(engine, "slow")).hasSize(2);
		gate.open();
		awaitStatus(engine, first, TaskStatus.COMPLETED);
		assertThat(tasksOfType(engine, "slow")).extracting(Task::scheduledAt)
			.containsExactly(START, START.plus(Duration.ofMinutes(1)));
	}

	@Test
	void missedOccurrencesAreNotCaughtUpInABurst() {
		TaskEngine engine = recordingEngine();
		String first = engine.enqueue("record", null,
				TaskOptions.builder().every(Duration.ofMinutes(10)).limit(4).build());
		awaitStatus(engine, first, TaskStatus.COMPLETED);

		advance(Duration.ofMinutes(35), engine);

		awaitRan(engine, 2);
		assertStaysTrue("one task for the missed occurrences", () -> tasksOfType(engine, "record").size() == 2);
		String scheduleId = task(engine, first).scheduleId();
		assertThat(engine.getSchedule(scheduleId).orElseThrow().nextDueAt())
			.isEqualTo(START.plus(Duration.ofMinutes(40)));
		advance(Duration.ofMinutes(5), engine);
		awaitRan(engine, 3);
		assertThat(tasksOfType(engine, "record")).extracting(Task::occurrence).containsExactly(1, 2, 3);
	}

	@Test
	void cancellingADelayedOccurrenceEndsTheSeries() {
		TaskEngine engine = recordingEngine();
		String first = engine.enqueue("record", null,
				TaskOptions.builder().every(Duration.ofMinutes(10)).delay(Duration.ofMinutes(5)).build());
		assertThat(statusOf(engine, first)).isEqualTo(TaskStatus.DELAYED);
		String scheduleId = task(engine, first).scheduleId();

		assertThat(engine.cancel(first).status()).isEqualTo(TaskStatus.CANCELLED);
		advance(Duration.ofHours(1), engine);

		assertStaysTrue("no further occurrence", () -> tasksOfType(engine, "record").size() == 1);
		assertThat(engine.getSchedule(scheduleId)).isEmpty();
		assertThat(this.ran).isEmpty();
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
	void removingAnOccurrenceEndsTheSeries() {
		TaskEngine engine = recordingEngine();
		String first = engine.enqueue("record", null, TaskOptions.builder().cron("0 0 * * * *").build());
		String scheduleId = task(engine, first).scheduleId();

		assertThat(engine.remove(first)).isTrue();
		advance(Duration.ofHours(3), engine);

		assertThat(engine.getSchedule(scheduleId)).isEmpty();
		assertStaysTrue("no further occurrence", () -> tasksOfType(engine, "record").isEmpty());
	}

	@Test
	void idempotencyKeyNamesTheSeriesSoItIsNeverStartedTwice() {
		TaskEngine engine = recordingEngine();
		TaskOptions daily = TaskOptions.builder()
			.every(Duration.ofMinutes(10))
			.limit(5)
			.idempotencyKey("report")
			.build();
		String first = engine.enqueue("record", null, daily);
		awaitStatus(engine, first, TaskStatus.COMPLETED);

		assertThat(engine.enqueue("record", null, daily)).as("the key names the current occurrence").isEqualTo(first);
		engine.retry(first);
		awaitStatus(engine, first, TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly(first, first);
		assertStaysTrue("re-running an old occurrence does not fork the series",
				() -> tasksOfType(engine, "record").size() == 1);
		advance(Duration.ofMinutes(10), engine);
		awaitRan(engine, 3);
		Task two = tasksOfType(engine, "record").get(1);
		assertThat(two.occurrence()).isEqualTo(2);
		assertThat(engine.enqueue("record", null, daily)).isEqualTo(two.id());
		assertThat(engine.schedules()).hasSize(1);
	}

	@Test
	void failedOccurrenceDoesNotEndTheSeries() {
		TaskEngine engine = startEngine(handler("flaky", (payload, ctx) -> {
			throw new IllegalStateException("always");
		}));

		String first = engine.enqueue("flaky", null,
				TaskOptions.builder().every(Duration.ofMinutes(5)).limit(2).maxAttempts(1).build());

		awaitStatus(engine, first, TaskStatus.FAILED);
		advance(Duration.ofMinutes(5), engine);
		await().until(() -> tasksOfType(engine, "flaky").size() == 2);
		Task next = tasksOfType(engine, "flaky").get(1);
		assertThat(next.occurrence()).isEqualTo(2);
		awaitStatus(engine, next.id(), TaskStatus.FAILED);
		advance(Duration.ofMinutes(5), engine);
		assertStaysTrue("the limit ends the series", () -> tasksOfType(engine, "flaky").size() == 2);
	}

	@Test
	void cronRepeatRunsOnItsSchedule() {
		TaskEngine engine = recordingEngine();

		String first = engine.enqueue("record", null, TaskOptions.builder().cron("0 * * * *").limit(2).build());

		Task one = task(engine, first);
		assertThat(one.status()).isEqualTo(TaskStatus.DELAYED);
		assertThat(one.scheduledAt()).isEqualTo(START.plus(Duration.ofHours(1)));
		assertThat(one.repeat().cron()).isEqualTo("0 * * * *");
		advance(Duration.ofMinutes(59), engine);
		assertStays(engine, first, TaskStatus.DELAYED);
		advance(Duration.ofMinutes(1), engine);
		awaitStatus(engine, first, TaskStatus.COMPLETED);
		advance(Duration.ofHours(1), engine);
		awaitRan(engine, 2);
		assertThat(tasksOfType(engine, "record").get(1).scheduledAt()).isEqualTo(START.plus(Duration.ofHours(2)));
		advance(Duration.ofHours(1), engine);
		assertStaysTrue("the limit ends the series", () -> tasksOfType(engine, "record").size() == 2);
	}

}
