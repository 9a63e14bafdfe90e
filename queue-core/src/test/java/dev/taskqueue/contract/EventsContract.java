package dev.taskqueue.contract;

import java.time.Duration;
import java.util.List;

import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events reach listeners in the order things happened, with the task as it was then.
 */
public abstract class EventsContract extends ContractTestSupport {

	protected EventsContract(TaskQueueContractTests suite) {
		super(suite);
	}

	@Test
	void successfulTaskEmitsAddedActiveProgressCompleted() {
		TaskEngine engine = startEngine(handler("report", (payload, ctx) -> {
			ctx.progress(50, "half way");
			return "done";
		}));

		String id = engine.enqueue("report", null);

		awaitEvent(id, TaskEventType.COMPLETED);
		assertThat(this.events.typesOf(id)).containsExactly(TaskEventType.ADDED, TaskEventType.ACTIVE,
				TaskEventType.PROGRESS, TaskEventType.COMPLETED);
		List<TaskEvent> taskEvents = this.events.of(id);
		assertThat(taskEvents).allSatisfy((event) -> {
			assertThat(event.queue()).isEqualTo(QUEUE);
			assertThat(event.task().id()).isEqualTo(id);
			assertThat(event.at()).isEqualTo(START);
		});
		assertThat(taskEvents.get(0).task().status()).isEqualTo(TaskStatus.WAITING);
		assertThat(taskEvents.get(1).task().status()).isEqualTo(TaskStatus.ACTIVE);
		assertThat(taskEvents.get(1).task().attempts()).isEqualTo(1);
		assertThat(taskEvents.get(2).task().progress().percentage()).isEqualTo(50);
		assertThat(taskEvents.get(3).task().status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(taskEvents.get(3).task().result().asString()).isEqualTo("done");
	}

	@Test
	void failingTaskEmitsRetryingWaitingAndFailed() {
		TaskEngine engine = startEngine(handler("doomed", (payload, ctx) -> {
			throw new IllegalStateException("attempt " + ctx.attempt());
		}));

		String id = engine.enqueue("doomed", null, TaskOptions.builder().maxAttempts(2).build());

		awaitEvent(id, TaskEventType.FAILED);
		assertThat(this.events.typesOf(id)).containsExactly(TaskEventType.ADDED, TaskEventType.ACTIVE,
				TaskEventType.RETRYING, TaskEventType.WAITING, TaskEventType.ACTIVE, TaskEventType.FAILED);
		List<TaskEvent> taskEvents = this.events.of(id);
		assertThat(taskEvents.get(2).task().status()).isEqualTo(TaskStatus.RETRYING);
		assertThat(taskEvents.get(2).task().error().message()).isEqualTo("attempt 1");
		assertThat(taskEvents.get(5).task().status()).isEqualTo(TaskStatus.FAILED);
		assertThat(taskEvents.get(5).task().error().message()).isEqualTo("attempt 2");
	}

	@Test
	void delayedTaskEmitsAddedThenWaitingWhenDue() {
		TaskEngine engine = startEngine(handler("later", (payload, ctx) -> null));

		String id = engine.enqueue("later", null, TaskOptions.builder().delay(Duration.ofMinutes(5)).build());
		awaitEvent(id, TaskEventType.ADDED);
		assertThat(this.events.of(id).get(0).task().status()).isEqualTo(TaskStatus.DELAYED);

		advance(Duration.ofMinutes(5), engine);

		awaitEvent(id, TaskEventType.COMPLETED);
		assertThat(this.events.typesOf(id)).containsExactly(TaskEventType.ADDED, TaskEventType.WAITING,
				TaskEventType.ACTIVE, TaskEventType.COMPLETED);
	}

	@Test
	void failingListenerDoesNotStopOtherListenersOrLaterEvents() {
		TaskEngine engine = startEngine(handler("noop", (payload, ctx) -> null));
		TaskEventListener failing = (event) -> {
			throw new IllegalStateException("listener bug");
		};
		engine.addListener(failing);
		RecordingListener later = new RecordingListener();
		engine.addListener(later);

		String first = engine.enqueue("noop", null);
		String second = engine.enqueue("noop", null);

		// the two tasks may run in parallel and finish in either order
		await().untilAsserted(() -> {
			assertThat(later.typesOf(first)).contains(TaskEventType.ADDED, TaskEventType.COMPLETED);
			assertThat(later.typesOf(second)).contains(TaskEventType.ADDED, TaskEventType.COMPLETED);
		});
	}

	@Test
	void removedListenerGetsNoMoreEvents() {
		TaskEngine engine = startEngine(handler("noop", (payload, ctx) -> null));
		RecordingListener removed = new RecordingListener();
		engine.addListener(removed);
		String before = engine.enqueue("noop", null);
		await().untilAsserted(() -> assertThat(removed.typesOf(before)).contains(TaskEventType.COMPLETED));

		engine.removeListener(removed);
		String after = engine.enqueue("noop", null);

		awaitEvent(after, TaskEventType.COMPLETED);
		assertThat(removed.typesOf(after)).isEmpty();
	}

	@Test
	void queueEventsHaveNoTask() {
		TaskEngine engine = startEngine(handler("noop", (payload, ctx) -> null));

		engine.pause(QUEUE);
		engine.resume(QUEUE);

		await().untilAsserted(() -> assertThat(this.events.queueEvents(QUEUE)).containsExactly(TaskEventType.PAUSED,
				TaskEventType.RESUMED));
		assertThat(this.events.all()).filteredOn((event) -> event.taskId() == null)
			.allSatisfy((event) -> assertThat(event.task()).isNull());
	}

	@Test
	void workersOfAQueueThatNeverHeldATaskAreNotAnnounced() {
		TaskEngine engine = startEngine(handler("noop", (payload, ctx) -> null));
		String instanceId = engine.instanceId().orElseThrow();
		engine.stop(); // waits for its announcements

		String id = newEngine(backend(), settings(), handler("noop", (payload, ctx) -> null)).enqueue("noop", null);
		// events of a queue arrive in order: the worker's would have come first
		awaitEvent(id, TaskEventType.ADDED);
		assertThat(this.events.workerEvents(QUEUE, instanceId)).isEmpty();
	}

	@Test
	void workersAnnounceTheirStartAndStopToEveryInstance() {
		// the queue exists (it held a task): workers of unknown queues are not announced
		newEngine(backend(), settings(), handler("noop", (payload, ctx) -> null)).enqueue("noop", null);
		TaskEngine first = startEngine(handler("noop", (payload, ctx) -> null));
		String firstId = first.instanceId().orElseThrow();
		TaskEngine second = newEngine(peerBackend(), settings(), handler("noop", (payload, ctx) -> null));
		second.start();
		String secondId = second.instanceId().orElseThrow();

		await().untilAsserted(() -> {
			assertThat(this.events.workerEvents(QUEUE, firstId)).containsExactly(TaskEventType.WORKER_STARTED);
			assertThat(this.events.workerEvents(QUEUE, secondId)).as("another instance's worker")
				.containsExactly(TaskEventType.WORKER_STARTED);
		});
		second.stop();

		await().untilAsserted(() -> assertThat(this.events.workerEvents(QUEUE, secondId))
			.containsExactly(TaskEventType.WORKER_STARTED, TaskEventType.WORKER_STOPPED));
		assertThat(this.events.workerEvents(QUEUE, firstId)).containsExactly(TaskEventType.WORKER_STARTED);
		assertThat(this.events.all()).filteredOn((event) -> event.type().isWorkerEvent()).allSatisfy((event) -> {
			assertThat(event.type().value()).isIn("worker-started", "worker-stopped");
			assertThat(event.taskId()).isNull();
			assertThat(event.task()).isNull();
			assertThat(event.scheduleId()).isNull();
			assertThat(event.at()).isEqualTo(START);
		});
		assertThat(this.events.queueEvents(QUEUE)).as("worker events are not queue events").isEmpty();
	}

	@Test
	void anEngineWithoutWorkersAnnouncesNone() {
		TaskEngine producer = startEngine(settings().withWorkerEnabled(false), handler("noop", (payload, ctx) -> null));
		String id = producer.instanceId().orElseThrow();
		producer.pause(QUEUE);
		await().untilAsserted(() -> assertThat(this.events.queueEvents(QUEUE)).containsExactly(TaskEventType.PAUSED));
		producer.stop();
		producer.resume(QUEUE);

		await().untilAsserted(() -> assertThat(this.events.queueEvents(QUEUE)).contains(TaskEventType.RESUMED));
		assertThat(this.events.workerEvents(QUEUE, id)).isEmpty();
	}

}
