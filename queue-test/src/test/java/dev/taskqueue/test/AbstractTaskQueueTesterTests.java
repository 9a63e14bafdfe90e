package dev.taskqueue.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.Task;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the tester does with workers off, run on each backend by a subclass: the same test
 * on memory and on Redis proves that the manual run takes the engine's own path. The
 * tester is reset before each test by its listener, so every test starts with no tasks
 * although they share one application.
 */
abstract class AbstractTaskQueueTesterTests {

	@Autowired
	TaskQueueTester tester;

	@Autowired
	TaskQueue taskQueue;

	@Autowired
	TesterTestApplication.Handlers handlers;

	@Test
	void runDueRunsReadyTasksOnTheTestThreadInOrder() {
		this.handlers.runs.clear();
		String first = this.taskQueue.enqueue("record", "one");
		this.taskQueue.enqueue("record", "two");
		assertThat(this.tester.enqueued("record")).extracting(Task::status).containsOnly(TaskStatus.WAITING);

		List<Task> ran = this.tester.runDue();

		String thread = Thread.currentThread().getName();
		assertThat(this.handlers.runs).containsExactly("record:one@" + thread, "record:two@" + thread);
		assertThat(ran).extracting(Task::id).startsWith(first).hasSize(2);
		assertThat(ran).extracting(Task::status).containsOnly(TaskStatus.COMPLETED);
		assertThat(ran.get(0).result().asString()).isEqualTo("recorded one");
		assertThat(this.tester.runDue()).isEmpty();
	}

	@Test
	void advanceClockMakesRetriesAndDelayedTasksDueWithoutSleeping() {
		this.handlers.failures.put("retry-me", new AtomicInteger(1));
		String id = this.taskQueue.enqueue("flaky", "retry-me");

		assertThat(this.tester.runDue()).singleElement().satisfies((task) -> {
			assertThat(task.status()).isEqualTo(TaskStatus.RETRYING);
			assertThat(task.error().message()).contains("failing on purpose");
		});
		Instant retryAt = this.taskQueue.get(id).orElseThrow().scheduledAt();
		assertThat(retryAt).isAfter(this.tester.now().plusSeconds(50));
		assertThat(this.tester.runDue()).as("not due yet").isEmpty();

		this.tester.advanceClock(Duration.ofMinutes(1));

		assertThat(this.tester.runDue()).singleElement().satisfies((task) -> {
			assertThat(task.id()).isEqualTo(id);
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(task.attempts()).isEqualTo(2);
		});
		this.tester.assertThat().noFailedTasks().allCompleted();
	}

	@Test
	void tasksEnqueuedByAHandlerRunInTheSameCallUnlessDelayed() {
		this.handlers.runs.clear();
		this.taskQueue.enqueue("fan-out", 2);

		assertThat(this.tester.runDue()).extracting(Task::type).containsExactly("fan-out", "record", "record");
		this.tester.assertThat().hasEnqueued("record").withPayload("later").withStatus(TaskStatus.DELAYED).single();

		this.tester.advanceClock(Duration.ofMinutes(10));
		assertThat(this.tester.runDue()).extracting(Task::payload)
			.extracting((json) -> json.asString())
			.containsExactly("later");
	}

	@Test
	void advanceClockFiresDueSchedules() {
		this.taskQueue.upsertSchedule(
				ScheduleRequest.builder("hourly-record", "record").payload("tick").every(Duration.ofHours(1)).build());
		try {
			this.tester.runDue(); // a first occurrence, if the schedule starts at once
			int before = this.tester.enqueued("record").size();

			this.tester.advanceClock(Duration.ofHours(1));

			assertThat(this.tester.runDue()).extracting(Task::scheduleId).containsExactly("hourly-record");
			assertThat(this.tester.enqueued("record")).hasSize(before + 1);
		}
		finally {
			this.taskQueue.removeSchedule("hourly-record");
		}
	}

	@Test
	void inlineModeRunsTheHandlerBeforeEnqueueReturns() {
		this.handlers.runs.clear();
		this.tester.setInline(true);

		String id = this.taskQueue.enqueue("fan-out", 1);

		assertThat(this.taskQueue.get(id).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
		String thread = Thread.currentThread().getName();
		assertThat(this.handlers.runs).containsExactly("fan-out:1", "record:child-0@" + thread);
		String delayed = this.taskQueue.enqueue("record", "delayed",
				TaskOptions.builder().delay(Duration.ofSeconds(30)).build());
		assertThat(this.taskQueue.get(delayed).orElseThrow().status()).isEqualTo(TaskStatus.DELAYED);
	}

	@Test
	void assertionsPassOnWhatWasEnqueuedAndFailWithTheTasksTheySaw() {
		this.taskQueue.enqueue("record", "hello", TaskOptions.builder().queue("alpha").priority(7).build());
		this.taskQueue.enqueue("flaky", "x");

		Task task = this.tester.assertThat()
			.hasEnqueued("record")
			.withPayload("hello")
			.inQueue("alpha")
			.withPriority(7)
			.single();
		assertThat(this.tester.payload(task, String.class)).isEqualTo("hello");
		this.tester.assertThat().hasNotEnqueued("fan-out").hasEnqueued("flaky").times(1);

		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.tester.assertThat().hasEnqueued("record").withPayload("bye"))
			.withMessageContaining("Expected a task of type 'record' with payload \"bye\"")
			.withMessageContaining("payload \"hello\"");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.tester.assertThat().hasEnqueued("send-email"))
			.withMessageContaining("Expected a task of type 'send-email'")
			.withMessageContaining("flaky (queue beta) waiting");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(
					() -> this.tester.assertThat().hasEnqueued("record").withPayloadMatching(Map.class, (map) -> true))
			.withMessageContaining("does not bind to java.util.Map");
	}

	@Test
	void noFailedTasksNamesTheFailedTaskAndItsError() {
		this.handlers.failures.put("always", new AtomicInteger(100));
		this.taskQueue.enqueue("flaky", "always");
		for (int attempt = 0; attempt < 3; attempt++) {
			this.tester.runDue();
			this.tester.advanceClock(Duration.ofMinutes(1));
		}

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.tester.assertThat().noFailedTasks())
			.withMessageContaining("1 failed")
			.withMessageContaining("flaky (queue beta) failed, attempt 3/3, error: failing on purpose, attempt 3");
	}

	@Test
	void awaitIdleFailsListingWhatIsLeftWhenWorkersAreOff() {
		this.taskQueue.enqueue("record", "stuck");
		this.taskQueue.enqueue("record", "not due", TaskOptions.builder().delay(Duration.ofHours(1)).build());

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> this.tester.awaitIdle(Duration.ofMillis(50)))
			.withMessageContaining("1 task(s) left")
			.withMessageContaining("call runDue()")
			.withMessageContaining("record (queue alpha) waiting")
			.withMessageNotContaining("not due");

		this.tester.runDue();
		this.tester.awaitIdle(Duration.ofMillis(50));
	}

	@Test
	void resetRemovesEveryTaskAndTurnsInlineOff() {
		this.taskQueue.enqueue("record", "a");
		this.taskQueue.enqueue("flaky", "b", TaskOptions.builder().delay(Duration.ofMinutes(1)).build());
		this.tester.setInline(true);
		assertThat(this.tester.enqueued()).hasSize(1 + 1);

		this.tester.reset();

		assertThat(this.tester.enqueued()).isEmpty();
		assertThat(this.tester.isInline()).isFalse();
	}

}
