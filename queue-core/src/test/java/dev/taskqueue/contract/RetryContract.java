package dev.taskqueue.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskqueue.Backoff;
import dev.taskqueue.NonRetryableTaskException;
import dev.taskqueue.Task;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.TaskTimeoutException;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Retries with backoff, the dead letter, manual retry, and timeouts.
 */
public abstract class RetryContract extends ContractTestSupport {

	private final AtomicInteger calls = new AtomicInteger();

	protected RetryContract(TaskQueueContractTests suite) {
		super(suite);
	}

	/** An engine whose handler fails until attempt {@code succeedOn} (never if 0). */
	private TaskEngine flakyEngine(int succeedOn) {
		return startEngine(handler("flaky", (payload, ctx) -> {
			this.calls.incrementAndGet();
			if (succeedOn == 0 || ctx.attempt() < succeedOn) {
				throw new IllegalStateException("attempt " + ctx.attempt() + " failed");
			}
			return "ok on " + ctx.attempt();
		}));
	}

	@Test
	void nonRetryableFailureFailsAtOnceWhateverAttemptsAreLeft() {
		TaskEngine engine = startEngine(handler("rejected", (payload, ctx) -> {
			this.calls.incrementAndGet();
			throw new NonRetryableTaskException("rejected for good");
		}));

		String id = engine.enqueue("rejected", null, TaskOptions.builder().maxAttempts(5).build());

		Task failed = awaitStatus(engine, id, TaskStatus.FAILED);
		assertThat(failed.attempts()).isEqualTo(1);
		assertThat(failed.error().message()).isEqualTo("rejected for good");
		assertThat(failed.error().type()).isEqualTo(NonRetryableTaskException.class.getName());
		assertThat(this.events.count(id, TaskEventType.RETRYING)).isZero();
		assertThat(this.calls).hasValue(1);
	}

	@Test
	void fixedBackoffRetriesAfterTheDelay() {
		TaskEngine engine = flakyEngine(3);

		String id = engine.enqueue("flaky", null,
				TaskOptions.builder().maxAttempts(3).backoff(Backoff.fixed(Duration.ofMinutes(10))).build());

		Task retrying = awaitStatus(engine, id, TaskStatus.RETRYING);
		assertThat(retrying.attempts()).isEqualTo(1);
		assertThat(retrying.error().message()).isEqualTo("attempt 1 failed");
		assertThat(retrying.error().type()).isEqualTo(IllegalStateException.class.getName());
		assertThat(retrying.scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(10)));
		assertThat(retrying.finishedAt()).isNull();

		advance(Duration.ofMinutes(9), engine);
		assertStays(engine, id, TaskStatus.RETRYING);
		assertThat(this.calls).hasValue(1);

		advance(Duration.ofMinutes(1), engine);
		await().untilAsserted(() -> assertThat(task(engine, id).attempts()).isEqualTo(2));
		Task second = awaitStatus(engine, id, TaskStatus.RETRYING);
		assertThat(second.error().message()).isEqualTo("attempt 2 failed");
		assertThat(second.scheduledAt()).isEqualTo(START.plus(Duration.ofMinutes(20)));

		advance(Duration.ofMinutes(10), engine);
		Task done = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(done.attempts()).isEqualTo(3);
		assertThat(done.result().asString()).isEqualTo("ok on 3");
		assertThat(this.events.count(id, TaskEventType.RETRYING)).isEqualTo(2);
	}

	@Test
	void exponentialBackoffDoublesTheDelayUpToItsCap() {
		TaskEngine engine = flakyEngine(0);
		String id = engine.enqueue("flaky", null,
				TaskOptions.builder()
					.maxAttempts(4)
					.backoff(Backoff.exponential(Duration.ofMinutes(1), Duration.ofMinutes(3)))
					.build());

		Duration[] expected = { Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3) };
		for (int attempt = 1; attempt <= expected.length; attempt++) {
			int current = attempt;
			await().untilAsserted(() -> {
				Task task = task(engine, id);
				assertThat(task.status()).isEqualTo(TaskStatus.RETRYING);
				assertThat(task.attempts()).isEqualTo(current);
			});
			Duration delay = expected[attempt - 1];
			assertThat(task(engine, id).scheduledAt()).isEqualTo(this.clock.instant().plus(delay));
			advance(delay.minusSeconds(1), engine);
			assertStays(engine, id, TaskStatus.RETRYING);
			advance(Duration.ofSeconds(1), engine);
		}

		Task failed = awaitStatus(engine, id, TaskStatus.FAILED);
		assertThat(failed.attempts()).isEqualTo(4);
		assertThat(this.calls).hasValue(4);
	}

	@Test
	void jitterSpreadsRetriesWithinTheDelay() {
		TaskEngine engine = flakyEngine(0);
		Backoff jittered = Backoff.fixed(Duration.ofMinutes(10)).withJitter(0.5);
		List<String> ids = new ArrayList<>();

		for (int i = 0; i < 20; i++) {
			ids.add(engine.enqueue("flaky", i, TaskOptions.builder().backoff(jittered).build()));
		}

		Set<Instant> retryTimes = new HashSet<>();
		for (String id : ids) {
			Instant retryAt = awaitStatus(engine, id, TaskStatus.RETRYING).scheduledAt();
			assertThat(retryAt).isBetween(START.plus(Duration.ofMinutes(5)), START.plus(Duration.ofMinutes(10)));
			retryTimes.add(retryAt);
		}
		assertThat(retryTimes).as("retries are spread").hasSizeGreaterThan(1);
	}

	@Test
	void lastFailedAttemptFailsTheTaskForGoodAndKeepsIt() {
		TaskEngine engine = flakyEngine(0);

		String id = engine.enqueue("flaky", Set.of("data"), TaskOptions.builder().maxAttempts(2).build());

		Task failed = awaitStatus(engine, id, TaskStatus.FAILED);
		assertThat(failed.attempts()).isEqualTo(2);
		assertThat(failed.maxAttempts()).isEqualTo(2);
		assertThat(failed.error().message()).isEqualTo("attempt 2 failed");
		assertThat(failed.error().stackTrace()).contains("at ");
		assertThat(failed.finishedAt()).isEqualTo(START);
		assertThat(failed.payload().get(0).asString()).isEqualTo("data");
		assertStays(engine, id, TaskStatus.FAILED);
		assertThat(this.calls).hasValue(2);
		assertThat(engine.list(new TaskQuery(QUEUE, null, Set.of(TaskStatus.FAILED), 10, null)).items())
			.extracting(Task::id)
			.containsExactly(id);
		awaitEvent(id, TaskEventType.FAILED);
		TaskEvent event = this.events.of(id).get(this.events.of(id).size() - 1);
		assertThat(event.type()).isEqualTo(TaskEventType.FAILED);
		assertThat(event.task().error().message()).isEqualTo("attempt 2 failed");
	}

	@Test
	void retryRunsAFailedTaskAgainFromItsFirstAttempt() {
		AtomicBoolean healthy = new AtomicBoolean();
		TaskEngine engine = startEngine(handler("recovering", (payload, ctx) -> {
			this.calls.incrementAndGet();
			if (!healthy.get()) {
				throw new IllegalStateException("down");
			}
			return "attempt " + ctx.attempt();
		}));
		String id = engine.enqueue("recovering", null, TaskOptions.builder().maxAttempts(2).build());
		awaitStatus(engine, id, TaskStatus.FAILED);
		healthy.set(true);

		Task requeued = engine.retry(id);

		assertThat(requeued.id()).isEqualTo(id);
		assertThat(requeued.status()).isEqualTo(TaskStatus.WAITING);
		assertThat(requeued.attempts()).isZero();
		assertThat(requeued.finishedAt()).isNull();
		Task done = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(done.attempts()).isEqualTo(1);
		assertThat(done.result().asString()).isEqualTo("attempt 1");
		assertThat(this.calls).hasValue(3);
		awaitEvent(id, TaskEventType.COMPLETED);
		assertThat(this.events.typesOf(id)).containsSubsequence(TaskEventType.FAILED, TaskEventType.WAITING,
				TaskEventType.ACTIVE, TaskEventType.COMPLETED);
	}

	@Test
	void retryRunsCompletedAndCancelledTasksAgain() {
		TaskEngine engine = flakyEngine(1);
		String completed = engine.enqueue("flaky", null);
		awaitStatus(engine, completed, TaskStatus.COMPLETED);
		engine.pause(QUEUE);
		String cancelled = engine.enqueue("flaky", null);
		engine.cancel(cancelled);
		engine.resume(QUEUE);

		engine.retry(completed);
		engine.retry(cancelled);

		await().untilAsserted(() -> assertThat(this.calls).hasValue(3));
		awaitStatus(engine, completed, TaskStatus.COMPLETED);
		awaitStatus(engine, cancelled, TaskStatus.COMPLETED);
	}

	@Test
	void retryRefusesTasksThatAreNotFinalAndUnknownIds() {
		TaskEngine engine = flakyEngine(1);
		engine.pause(QUEUE);
		String waiting = engine.enqueue("flaky", null);

		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> engine.retry(waiting))
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.WAITING));
		assertThatExceptionOfType(TaskNotFoundException.class).isThrownBy(() -> engine.retry("no-such-id"))
			.withMessageContaining("no-such-id");
		assertThat(statusOf(engine, waiting)).isEqualTo(TaskStatus.WAITING);
	}

	@Test
	void handlerMaxAttemptsApplyUnlessTheTaskSaysOtherwise() {
		TaskEngine engine = startEngine(new HandlerDefinition("once", QUEUE, 0, 1, null, (payload, ctx) -> {
			this.calls.incrementAndGet();
			throw new IllegalStateException("no");
		}, "once"));

		String byHandler = engine.enqueue("once", null);
		String byTask = engine.enqueue("once", null, TaskOptions.builder().maxAttempts(2).build());

		assertThat(awaitStatus(engine, byHandler, TaskStatus.FAILED).attempts()).isEqualTo(1);
		assertThat(awaitStatus(engine, byTask, TaskStatus.FAILED).attempts()).isEqualTo(2);
		assertThat(this.calls).hasValue(3);
	}

	@Test
	void timedOutAttemptIsInterruptedAndFailsWithATimeoutError() {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(handler("stuck", (payload, ctx) -> {
			gate.pass();
			return "never";
		}));

		String id = engine.enqueue("stuck", null,
				TaskOptions.builder().timeout(Duration.ofMillis(200)).maxAttempts(1).build());

		Task failed = awaitStatus(engine, id, TaskStatus.FAILED);
		assertThat(gate.interrupted()).isEqualTo(1);
		assertThat(failed.error().type()).isEqualTo(TaskTimeoutException.class.getName());
		assertThat(failed.error().message()).contains("timed out");
		assertThat(failed.result()).isNull();
	}

	@Test
	void timedOutAttemptFollowsTheRetryPolicy() {
		Gate gate = new Gate();
		TaskEngine engine = startEngine(handler("slow-start", (payload, ctx) -> {
			if (ctx.attempt() == 1) {
				gate.pass();
			}
			return "attempt " + ctx.attempt();
		}));

		String id = engine.enqueue("slow-start", null,
				TaskOptions.builder().timeout(Duration.ofMillis(200)).maxAttempts(2).build());

		Task done = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(done.attempts()).isEqualTo(2);
		assertThat(done.result().asString()).isEqualTo("attempt 2");
		TaskEvent retrying = this.events.of(id)
			.stream()
			.filter((event) -> event.type() == TaskEventType.RETRYING)
			.findFirst()
			.orElseThrow();
		assertThat(retrying.task().error().type()).isEqualTo(TaskTimeoutException.class.getName());
	}

	@Test
	void handlerThatIgnoresInterruptionStillTimesOut() {
		TaskEngine engine = startEngine(handler("busy", (payload, ctx) -> {
			long until = System.nanoTime() + Duration.ofMillis(400).toNanos();
			while (System.nanoTime() < until) {
				Thread.onSpinWait();
			}
			return "finished late";
		}));

		String id = engine.enqueue("busy", null,
				TaskOptions.builder().timeout(Duration.ofMillis(100)).maxAttempts(1).build());

		Task failed = awaitStatus(engine, id, TaskStatus.FAILED);
		assertThat(failed.error().type()).isEqualTo(TaskTimeoutException.class.getName());
		assertThat(failed.result()).isNull();
	}

}
