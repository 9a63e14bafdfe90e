package dev.taskqueue.contract;

import java.time.Duration;

import dev.taskqueue.Task;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress reported by handlers: visible while running, throttled, never lost at the end.
 */
public abstract class ProgressContract extends ContractTestSupport {

	protected ProgressContract(TaskQueueContractTests suite) {
		super(suite);
	}

	@Test
	void progressIsVisibleWhileTheTaskRuns() {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(handler("report", (payload, ctx) -> {
			ctx.progress(40, 4, 10, "four of ten");
			gate.pass();
			return null;
		}));

		String id = engine.enqueue("report", null);

		TaskProgress expected = new TaskProgress(40, 4L, 10L, "four of ten");
		await().untilAsserted(() -> assertThat(task(engine, id).progress()).isEqualTo(expected));
		assertThat(statusOf(engine, id)).isEqualTo(TaskStatus.ACTIVE);
		awaitEvent(id, TaskEventType.PROGRESS);
		TaskEvent event = this.events.of(id)
			.stream()
			.filter((e) -> e.type() == TaskEventType.PROGRESS)
			.findFirst()
			.orElseThrow();
		assertThat(event.task().progress()).isEqualTo(expected);
		assertThat(event.task().status()).isEqualTo(TaskStatus.ACTIVE);
		gate.open();
		assertThat(awaitStatus(engine, id, TaskStatus.COMPLETED).progress()).isEqualTo(expected);
	}

	@Test
	void progressWithoutCountsKeepsThemEmpty() {
		TaskEngine engine = startEngine(handler("report", (payload, ctx) -> {
			ctx.progress(100, "all done");
			return null;
		}));

		String id = engine.enqueue("report", null);

		Task task = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(task.progress()).isEqualTo(new TaskProgress(100, null, null, "all done"));
	}

	@Test
	void chattyHandlerCausesFewWritesAndItsLastReportIsKept() {
		TaskEngine engine = startEngine(settings().withLimits(Duration.ofSeconds(10), 64 * 1024),
				handler("chatty", (payload, ctx) -> {
					for (int i = 0; i < 1000; i++) {
						ctx.progress(i / 10, i, 1000, "step " + i);
					}
					return null;
				}));

		String id = engine.enqueue("chatty", null);

		Task task = awaitStatus(engine, id, TaskStatus.COMPLETED);
		awaitEvent(id, TaskEventType.COMPLETED);
		assertThat(this.events.count(id, TaskEventType.PROGRESS)).isBetween(1L, 3L);
		assertThat(task.progress()).isEqualTo(new TaskProgress(99, 999L, 1000L, "step 999"));
	}

	@Test
	void progressIsWrittenAgainOnceTheIntervalPassed() {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(settings().withLimits(Duration.ofMillis(100), 64 * 1024),
				handler("two-steps", (payload, ctx) -> {
					ctx.progress(10, "first");
					ctx.progress(20, "second");
					gate.pass();
					return null;
				}));

		String id = engine.enqueue("two-steps", null);

		// progress is null until the first write: assert on it rather than dereference it
		await().untilAsserted(() -> assertThat(task(engine, id).progress()).isNotNull()
			.extracting(TaskProgress::message)
			.isEqualTo("second"));
		assertThat(gate.waiting()).as("flushed while the handler still runs").isEqualTo(1);
		gate.open();
		awaitEvent(id, TaskEventType.COMPLETED);
		assertThat(this.events.count(id, TaskEventType.PROGRESS)).isEqualTo(2);
	}

}
