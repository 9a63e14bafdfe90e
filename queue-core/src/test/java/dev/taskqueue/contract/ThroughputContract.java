package dev.taskqueue.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import dev.taskqueue.Backoff;
import dev.taskqueue.QueueThroughput;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The throughput history: tasks completed and failed for good per minute of the backend's
 * clock, for the last 24 hours, shared by every instance. Most tests claim and finish
 * through the SPI, as a worker would, so that each outcome lands in a minute the test
 * chose.
 */
public abstract class ThroughputContract extends ContractTestSupport {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final TaskError BOOM = new TaskError("boom", "java.lang.IllegalStateException", null);

	protected ThroughputContract(TaskQueueContractTests suite) {
		super(suite);
	}

	/** An engine, not started, that can enqueue "work" tasks. */
	private TaskEngine idleEngine() {
		return newEngine(settings(), handler("work", (payload, ctx) -> null));
	}

	private ClaimedTask claimOne(TaskBackend on) {
		List<ClaimedTask> claims = on.claim(QUEUE, 1, LEASE);
		assertThat(claims).hasSize(1);
		return claims.get(0);
	}

	/** Enqueues and completes tasks through a backend, as its worker would. */
	private void complete(TaskEngine engine, TaskBackend on, int count) {
		for (int i = 0; i < count; i++) {
			engine.enqueue("work", null);
			ClaimedTask claim = claimOne(on);
			assertThat(on.finish(new TaskOutcome.Completed(claim, null, this.clock.instant()), false, LEASE).accepted())
				.isTrue();
		}
	}

	/** Enqueues a task and fails its attempt, for good or with a retry to come. */
	private void fail(TaskEngine engine, TaskBackend on, boolean retry) {
		engine.enqueue("work", null);
		ClaimedTask claim = claimOne(on);
		Instant retryAt = retry ? this.clock.instant().plus(Duration.ofHours(1)) : null;
		assertThat(
				on.finish(new TaskOutcome.Failed(claim, BOOM, this.clock.instant(), retryAt), false, LEASE).accepted())
			.isTrue();
	}

	private static List<Long> zeros(int count) {
		return Collections.nCopies(count, 0L);
	}

	@Test
	void countsCompletedAndFinallyFailedTasksInTheMinuteTheyFinish() {
		TaskEngine engine = idleEngine();
		this.clock.set(START.minusSeconds(30));
		complete(engine, backend(), 1);
		this.clock.set(START.plusSeconds(59));
		complete(engine, backend(), 2);
		fail(engine, backend(), false);
		this.clock.set(START.plusSeconds(60));
		complete(engine, backend(), 1);
		fail(engine, backend(), true);
		fail(engine, backend(), false);
		fail(engine, backend(), false);
		engine.cancel(engine.enqueue("work", null));
		this.clock.advance(Duration.ofMinutes(1).plusMillis(999));

		QueueThroughput history = engine.throughput(QUEUE, 4);

		assertThat(history.queue()).isEqualTo(QUEUE);
		assertThat(history.interval()).isEqualTo(Duration.ofMinutes(1));
		assertThat(history.from()).as("start of the oldest bucket").isEqualTo(START.minus(Duration.ofMinutes(1)));
		assertThat(history.completed()).as("a retried attempt and a cancellation count nowhere")
			.containsExactly(1L, 2L, 1L, 0L);
		assertThat(history.failed()).containsExactly(0L, 1L, 2L, 0L);
		assertThat(engine.throughput(QUEUE, 1).completed()).as("the current minute only").containsExactly(0L);
		assertThat(engine.throughput(QUEUE, 1).from()).isEqualTo(START.plus(Duration.ofMinutes(2)));
	}

	@Test
	void tasksFinishedByARunningEngineAreCounted() {
		TaskEngine engine = startEngine(settings().withRetries(2, Backoff.fixed(Duration.ZERO)),
				handler("work", (payload, ctx) -> {
					if (payload.asString().equals("fail")) {
						throw new IllegalStateException("fails every attempt");
					}
					return null;
				}));
		String done = engine.enqueue("work", "ok");
		String failed = engine.enqueue("work", "fail");
		String once = engine.enqueue("work", "fail", TaskOptions.builder().maxAttempts(1).build());
		awaitStatus(engine, done, TaskStatus.COMPLETED);
		awaitStatus(engine, failed, TaskStatus.FAILED);
		awaitStatus(engine, once, TaskStatus.FAILED);

		QueueThroughput history = engine.throughput(QUEUE, 60);

		assertThat(history.completed()).hasSize(60).endsWith(1L);
		assertThat(history.failed()).as("two attempts of one task count once").hasSize(60).endsWith(2L);
		assertThat(history.completed().subList(0, 59)).containsOnly(0L);
		assertThat(history.from()).isEqualTo(START.minus(Duration.ofMinutes(59)));
	}

	@Test
	void keepsTheLastDayAndForgetsOlderMinutes() {
		TaskEngine engine = idleEngine();
		complete(engine, backend(), 3);
		fail(engine, backend(), false);

		this.clock.advance(Duration.ofMinutes(1439));
		QueueThroughput lastDay = engine.throughput(QUEUE, QueueThroughput.MAX_MINUTES);
		assertThat(lastDay.completed()).hasSize(1440).startsWith(3L);
		assertThat(lastDay.failed()).hasSize(1440).startsWith(1L);
		assertThat(lastDay.from()).isEqualTo(START);
		assertThat(lastDay.completed().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);

		this.clock.advance(Duration.ofMinutes(1));
		complete(engine, backend(), 1);
		QueueThroughput dayAfter = engine.throughput(QUEUE, QueueThroughput.MAX_MINUTES);
		assertThat(dayAfter.from()).isEqualTo(START.plus(Duration.ofMinutes(1)));
		assertThat(dayAfter.completed()).as("the minute a day ago is gone; the same slot counts the new one")
			.hasSize(1440)
			.endsWith(1L);
		assertThat(dayAfter.completed().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
		assertThat(dayAfter.failed()).isEqualTo(zeros(1440));

		this.clock.advance(Duration.ofHours(25));
		assertThat(engine.throughput(QUEUE, QueueThroughput.MAX_MINUTES).completed()).isEqualTo(zeros(1440));
	}

	@Test
	void failuresOfStalledAndHandedBackTasksCount() {
		TaskEngine engine = idleEngine();
		engine.enqueue("work", "stalls");
		claimOne(backend());
		this.clock.advance(LEASE.plusMillis(1));
		assertThat(backend().recoverStalled(0)).isEqualTo(1);
		engine.enqueue("work", "handed back");
		assertThat(backend().handBack(claimOne(backend()), this.clock.instant(), 0, BOOM)).isEqualTo(TaskStatus.FAILED);
		engine.enqueue("work", "handed back once");
		assertThat(backend().handBack(claimOne(backend()), this.clock.instant().plusSeconds(5), 3, BOOM))
			.as("a hand-back within the limit is no failure")
			.isEqualTo(TaskStatus.DELAYED);

		QueueThroughput history = engine.throughput(QUEUE, 2);

		assertThat(history.failed()).containsExactly(0L, 2L);
		assertThat(history.completed()).containsExactly(0L, 0L);
	}

	@Test
	void countsOfInstancesSharingTheBackendAddUp() {
		TaskEngine engine = idleEngine();
		TaskBackend other = peerBackend();
		TaskEngine peer = newEngine(other, settings(), handler("work", (payload, ctx) -> null));
		complete(engine, backend(), 2);
		complete(peer, other, 3);
		fail(peer, other, false);
		this.clock.advance(Duration.ofMinutes(1));
		complete(engine, backend(), 1);
		fail(engine, backend(), false);
		complete(peer, other, 1);

		for (TaskEngine reader : List.of(engine, peer)) {
			QueueThroughput history = reader.throughput(QUEUE, 3);
			assertThat(history.completed()).containsExactly(0L, 5L, 2L);
			assertThat(history.failed()).containsExactly(0L, 1L, 1L);
		}
	}

	@Test
	void queuesKeepSeparateHistories() {
		TaskEngine engine = newEngine(settings(), handler("work", (payload, ctx) -> null),
				handler("elsewhere", "other-queue", 1, (payload, ctx) -> null));
		complete(engine, backend(), 2);
		engine.enqueue("elsewhere", null);
		ClaimedTask other = backend().claim("other-queue", 1, LEASE).get(0);
		backend().finish(new TaskOutcome.Completed(other, null, this.clock.instant()), false, LEASE);

		assertThat(engine.throughput(QUEUE, 1).completed()).containsExactly(2L);
		assertThat(engine.throughput("other-queue", 1).completed()).containsExactly(1L);
	}

	@Test
	void unknownQueueHasZeros() {
		TaskEngine engine = idleEngine();
		this.clock.advance(Duration.ofSeconds(90));

		QueueThroughput history = engine.throughput("never-used", 5);

		assertThat(history.queue()).isEqualTo("never-used");
		assertThat(history.from()).isEqualTo(START.minus(Duration.ofMinutes(3)));
		assertThat(history.completed()).isEqualTo(zeros(5));
		assertThat(history.failed()).isEqualTo(zeros(5));
	}

	@Test
	void obliterateForgetsTheHistory() {
		TaskEngine engine = idleEngine();
		complete(engine, backend(), 2);

		engine.obliterate(QUEUE);

		assertThat(engine.throughput(QUEUE, 1440).completed()).isEqualTo(zeros(1440));
	}

	@Test
	void minutesOutsideOneToADayAndBadQueueNamesAreRefused() {
		TaskEngine engine = idleEngine();

		for (int minutes : new int[] { 0, -1, 1441, Integer.MIN_VALUE, Integer.MAX_VALUE }) {
			assertThatIllegalArgumentException().isThrownBy(() -> engine.throughput(QUEUE, minutes))
				.withMessage("minutes must be between 1 and 1440 (24 hours), was " + minutes);
			assertThatIllegalArgumentException().isThrownBy(() -> backend().throughput(QUEUE, minutes))
				.withMessageContaining("minutes must be between 1 and 1440");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> engine.throughput("no spaces", 5))
			.withMessageContaining("queue name 'no spaces' is not valid");
		assertThat(engine.throughput(QUEUE, 1440).completed()).hasSize(1440);
	}

}
