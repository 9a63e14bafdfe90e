package dev.taskqueue.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskqueue.Task;
import dev.taskqueue.TaskProcessor;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrency limits, several engines on one backend, and graceful shutdown.
 */
public abstract class ConcurrencyContract extends ContractTestSupport {

	private final AtomicInteger current = new AtomicInteger();

	private final AtomicInteger peak = new AtomicInteger();

	protected ConcurrencyContract(TaskQueueContractTests suite) {
		super(suite);
	}

	/**
	 * A handler that counts how many run at once and meets the others at a barrier, so a
	 * test only passes when that many really run together.
	 */
	private TaskProcessor meetingAt(CyclicBarrier barrier) {
		return (payload, ctx) -> {
			int now = this.current.incrementAndGet();
			this.peak.accumulateAndGet(now, Math::max);
			try {
				barrier.await(5, TimeUnit.SECONDS);
			}
			finally {
				this.current.decrementAndGet();
			}
			return null;
		};
	}

	@Test
	void queueConcurrencyIsReachedAndNeverExceeded() {
		TaskEngine engine = startEngine(handler("meet", QUEUE, 3, meetingAt(new CyclicBarrier(3))));
		List<String> ids = new ArrayList<>();

		for (int i = 0; i < 18; i++) {
			ids.add(engine.enqueue("meet", i));
		}

		ids.forEach((id) -> awaitStatus(engine, id, TaskStatus.COMPLETED));
		assertThat(this.peak).hasValue(3);
		assertThat(engine.stats(QUEUE).metrics().peakConcurrency()).isEqualTo(3);
		assertThat(engine.stats(QUEUE).metrics().currentConcurrency()).isZero();
	}

	@Test
	void configuredQueueConcurrencyWinsOverTheHandlers() {
		TaskEngine engine = startEngine(settings().withConcurrency(5, Map.of(QUEUE, 2)),
				handler("meet", QUEUE, 4, meetingAt(new CyclicBarrier(2))));
		List<String> ids = new ArrayList<>();

		for (int i = 0; i < 10; i++) {
			ids.add(engine.enqueue("meet", i));
		}

		ids.forEach((id) -> awaitStatus(engine, id, TaskStatus.COMPLETED));
		assertThat(this.peak).hasValue(2);
		assertThat(engine.workerStates()).singleElement().satisfies((state) -> {
			assertThat(state.queue()).isEqualTo(QUEUE);
			assertThat(state.concurrency()).isEqualTo(2);
			assertThat(state.alive()).isTrue();
		});
	}

	@Test
	void aBusyQueueDoesNotHoldUpAnother() {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(handler("busy", "busy-queue", 1, (payload, ctx) -> {
			gate.pass();
			return null;
		}), handler("quick", "quick-queue", 1, (payload, ctx) -> "quick"));
		String blocked = engine.enqueue("busy", null);
		String waiting = engine.enqueue("busy", null);
		await().until(() -> gate.waiting() == 1);

		String quick = engine.enqueue("quick", null);

		awaitStatus(engine, quick, TaskStatus.COMPLETED);
		assertThat(statusOf(engine, blocked)).isEqualTo(TaskStatus.ACTIVE);
		assertThat(statusOf(engine, waiting)).isEqualTo(TaskStatus.WAITING);
		gate.open();
		awaitStatus(engine, waiting, TaskStatus.COMPLETED);
	}

	@Test
	void twoEnginesShareTheWorkWithoutRunningATaskTwice() {
		CyclicBarrier barrier = new CyclicBarrier(4);
		Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
		Map<String, Set<String>> byEngine = new ConcurrentHashMap<>();
		TaskEngine first = startEngine(handler("shared", QUEUE, 2, counting("first", runs, byEngine, barrier)));
		TaskEngine second = newEngine(peerBackend(), settings(),
				handler("shared", QUEUE, 2, counting("second", runs, byEngine, barrier)));
		second.start();
		List<String> ids = new ArrayList<>();

		for (int i = 0; i < 40; i++) {
			ids.add(((i % 2 == 0) ? first : second).enqueue("shared", i));
		}

		ids.forEach((id) -> awaitStatus(first, id, TaskStatus.COMPLETED));
		assertThat(runs).hasSize(40).allSatisfy((id, count) -> assertThat(count).hasValue(1));
		assertThat(byEngine.get("first")).hasSizeGreaterThanOrEqualTo(2);
		assertThat(byEngine.get("second")).hasSizeGreaterThanOrEqualTo(2);
		assertThat(this.peak).hasValue(4);
		assertThat(ids).allSatisfy((id) -> assertThat(task(second, id).attempts()).isEqualTo(1));
	}

	private TaskProcessor counting(String engine, Map<String, AtomicInteger> runs, Map<String, Set<String>> byEngine,
			CyclicBarrier barrier) {
		TaskProcessor meeting = meetingAt(barrier);
		return (payload, ctx) -> {
			runs.computeIfAbsent(ctx.taskId(), (id) -> new AtomicInteger()).incrementAndGet();
			byEngine.computeIfAbsent(engine, (name) -> ConcurrentHashMap.newKeySet()).add(ctx.taskId());
			return meeting.process(payload, ctx);
		};
	}

	@Test
	void stopWaitsForRunningTasksToFinish() throws Exception {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(settings().withShutdownTimeout(Duration.ofSeconds(20)),
				handler("slow", (payload, ctx) -> {
					gate.pass();
					return "finished during shutdown";
				}));
		String id = engine.enqueue("slow", null);
		await().until(() -> gate.waiting() == 1);

		Thread stopper = new Thread(engine::stop, "stopper");
		stopper.start();
		assertStaysTrue("stop waits for the running task", stopper::isAlive);
		gate.open();
		stopper.join(TimeUnit.SECONDS.toMillis(10));

		assertThat(stopper.isAlive()).isFalse();
		assertThat(engine.isRunning()).isFalse();
		Task task = task(engine, id);
		assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(task.result().asString()).isEqualTo("finished during shutdown");
	}

	@Test
	void stoppedEngineStartsNoNewTasks() {
		TaskEngine engine = startEngine(handler("noop", (payload, ctx) -> null));
		engine.stop();

		String id = engine.enqueue("noop", null);

		assertStays(engine, id, TaskStatus.WAITING);
		assertThat(engine.workerStates()).isEmpty();
	}

	@Test
	void taskStillRunningAtTheShutdownTimeoutIsHandedBackToAnotherEngine() {
		Gate gate = new Gate();
		TaskEngine leaving = startEngine(settings().withShutdownTimeout(Duration.ofMillis(200)),
				handler("long", (payload, ctx) -> {
					gate.pass();
					return "first engine";
				}));
		String id = leaving.enqueue("long", null);
		await().until(() -> gate.waiting() == 1);

		leaving.stop();

		await().until(() -> gate.interrupted() == 1);
		Task handedBack = task(leaving, id);
		assertThat(handedBack.status()).isEqualTo(TaskStatus.WAITING);
		assertThat(handedBack.attempts()).as("a handed back attempt does not count").isZero();
		TaskEngine taking = newEngine(peerBackend(), settings(), handler("long", (payload, ctx) -> "second engine"));
		taking.start();
		Task done = awaitStatus(taking, id, TaskStatus.COMPLETED);
		assertThat(done.result().asString()).isEqualTo("second engine");
		assertThat(done.attempts()).isEqualTo(1);
	}

}
