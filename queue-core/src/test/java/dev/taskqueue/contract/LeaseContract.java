package dev.taskqueue.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskqueue.Priority;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases: stalled recovery, renewal and fencing, partly through the SPI itself (a claim
 * made there stands for a worker that crashed or lost its connection).
 */
public abstract class LeaseContract extends ContractTestSupport {

	private static final Duration SHORT_LEASE = Duration.ofSeconds(1);

	private final List<Integer> attemptsSeen = new CopyOnWriteArrayList<>();

	protected LeaseContract(TaskQueueContractTests suite) {
		super(suite);
	}

	/** An engine, not started, that can enqueue (and later run) "work" tasks. */
	private TaskEngine idleEngine() {
		return newEngine(settings().withLease(Duration.ofMillis(200), 2), handler("work", (payload, ctx) -> {
			this.attemptsSeen.add(ctx.attempt());
			return "attempt " + ctx.attempt();
		}));
	}

	private ClaimedTask claimOne(TaskBackend backend, Duration lease) {
		List<ClaimedTask> claims = backend.claim(QUEUE, 1, lease);
		assertThat(claims).hasSize(1);
		return claims.get(0);
	}

	/** Enqueues "work" tasks of normal priority, in order. */
	private static List<String> backlog(TaskEngine engine, int count) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			ids.add(engine.enqueue("work", "backlog-" + i));
		}
		return ids;
	}

	/** The ids of up to {@code max} tasks claimed now, in claim order. */
	private List<String> claimIds(int max) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < max; i++) {
			List<ClaimedTask> claim = backend().claim(QUEUE, 1, Duration.ofSeconds(30));
			if (claim.isEmpty()) {
				break;
			}
			ids.add(claim.get(0).id());
		}
		return ids;
	}

	private TaskOutcome.Completed completed(ClaimedTask claim) {
		return new TaskOutcome.Completed(claim, null, this.clock.instant());
	}

	@Test
	void claimMakesTheTaskActiveWithALease() {
		TaskEngine engine = idleEngine();
		String id = engine.enqueue("work", null);

		ClaimedTask claim = claimOne(backend(), SHORT_LEASE);

		assertThat(claim.id()).isEqualTo(id);
		assertThat(claim.task().status()).isEqualTo(TaskStatus.ACTIVE);
		assertThat(claim.task().attempts()).isEqualTo(1);
		assertThat(claim.task().startedAt()).isEqualTo(START);
		assertThat(claim.leaseToken()).isNotBlank();
		assertThat(claim.leaseExpiresAt()).isEqualTo(START.plus(SHORT_LEASE));
		assertThat(task(engine, id).status()).isEqualTo(TaskStatus.ACTIVE);
		assertThat(backend().claim(QUEUE, 5, SHORT_LEASE)).as("an active task is not claimed twice").isEmpty();
	}

	@Test
	void expiredLeaseSendsTheTaskBackAsANewAttemptWithAStalledEvent() {
		TaskEngine engine = idleEngine();
		String id = engine.enqueue("work", null);
		claimOne(backend(), SHORT_LEASE);
		engine.start();
		assertStays(engine, id, TaskStatus.ACTIVE);

		advance(SHORT_LEASE.plusMillis(1), engine);

		Task done = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(done.attempts()).isEqualTo(2);
		assertThat(this.attemptsSeen).containsExactly(2);
		awaitEvent(id, TaskEventType.COMPLETED);
		assertThat(this.events.typesOf(id)).containsSubsequence(TaskEventType.ACTIVE, TaskEventType.STALLED,
				TaskEventType.ACTIVE, TaskEventType.COMPLETED);
	}

	@Test
	void stalledTaskKeepsItsPlaceAheadOfTheTasksThatBecameReadyAfterIt() {
		TaskEngine engine = idleEngine();
		List<String> ids = backlog(engine, 20);
		claimOne(backend(), SHORT_LEASE);
		claimOne(backend(), SHORT_LEASE);
		String later = engine.enqueue("work", "later");
		this.clock.advance(SHORT_LEASE.plusMillis(1));

		assertThat(backend().recoverStalled(2)).isEqualTo(2);

		List<String> expected = new ArrayList<>(ids);
		expected.add(later);
		assertThat(claimIds(30)).as("claim order after the two first tasks stalled")
			.containsExactlyElementsOf(expected);
	}

	@Test
	void releasedTaskKeepsItsPlaceAheadOfTheTasksThatBecameReadyAfterIt() {
		TaskEngine engine = idleEngine();
		List<String> ids = backlog(engine, 20);
		ClaimedTask first = claimOne(backend(), SHORT_LEASE);
		ClaimedTask second = claimOne(backend(), SHORT_LEASE);
		String later = engine.enqueue("work", "later");

		assertThat(backend().release(second)).isTrue();
		assertThat(backend().release(first)).isTrue();

		List<String> expected = new ArrayList<>(ids);
		expected.add(later);
		assertThat(claimIds(30)).as("claim order after the two first tasks were handed back")
			.containsExactlyElementsOf(expected);
	}

	@Test
	void higherPriorityStillGoesBeforeAStalledOrReleasedTasksKeptPlace() {
		TaskEngine engine = idleEngine();
		List<String> ids = backlog(engine, 3);
		ClaimedTask stalled = claimOne(backend(), SHORT_LEASE);
		ClaimedTask released = claimOne(backend(), Duration.ofSeconds(30));
		String urgent = engine.enqueue("work", "urgent", TaskOptions.builder().priority(Priority.HIGH).build());
		String low = engine.enqueue("work", "low", TaskOptions.builder().priority(Priority.LOW).build());
		this.clock.advance(SHORT_LEASE.plusMillis(1));

		assertThat(backend().recoverStalled(2)).isEqualTo(1);
		assertThat(backend().release(released)).isTrue();

		assertThat(stalled.id()).isEqualTo(ids.get(0));
		assertThat(claimIds(10)).containsExactly(urgent, ids.get(0), ids.get(1), ids.get(2), low);
	}

	@Test
	void recoverStalledLeavesLiveLeasesAloneAndRenewalKeepsThemAlive() {
		TaskEngine engine = idleEngine();
		String id = engine.enqueue("work", null);
		ClaimedTask claim = claimOne(backend(), Duration.ofSeconds(10));

		this.clock.advance(Duration.ofSeconds(9));
		assertThat(backend().recoverStalled(2)).isZero();
		assertThat(backend().renewLeases(List.of(claim), Duration.ofSeconds(10))).isEmpty();
		this.clock.advance(Duration.ofSeconds(9));
		assertThat(backend().recoverStalled(2)).isZero();
		assertThat(task(engine, id).status()).isEqualTo(TaskStatus.ACTIVE);

		this.clock.advance(Duration.ofSeconds(2));
		assertThat(backend().recoverStalled(2)).isEqualTo(1);
		Task recovered = task(engine, id);
		assertThat(recovered.status()).isEqualTo(TaskStatus.WAITING);
		assertThat(recovered.attempts()).isEqualTo(1);
	}

	@Test
	void taskThatStallsTooOftenFails() {
		TaskEngine engine = idleEngine();
		String id = engine.enqueue("work", null, TaskOptions.builder().maxAttempts(5).build());

		for (int stall = 0; stall < 2; stall++) {
			claimOne(backend(), SHORT_LEASE);
			this.clock.advance(SHORT_LEASE.plusMillis(1));
			assertThat(backend().recoverStalled(1)).isEqualTo(1);
		}

		Task failed = task(engine, id);
		assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
		assertThat(failed.error().message()).containsIgnoringCase("stall");
		assertThat(failed.finishedAt()).isEqualTo(this.clock.instant());
		awaitEvent(id, TaskEventType.FAILED);
		assertThat(this.events.count(id, TaskEventType.STALLED)).isEqualTo(1);
	}

	@Test
	void stalledTaskWithoutAttemptsLeftFails() {
		TaskEngine engine = idleEngine();
		String id = engine.enqueue("work", null, TaskOptions.builder().maxAttempts(1).build());
		claimOne(backend(), SHORT_LEASE);

		this.clock.advance(SHORT_LEASE.plusMillis(1));

		assertThat(backend().recoverStalled(5)).isEqualTo(1);
		Task failed = task(engine, id);
		assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
		assertThat(failed.error().message()).containsIgnoringCase("stall");
	}

	@Test
	void claimWhoseLeaseWasLostCanNoLongerWriteTheTask() {
		TaskEngine engine = idleEngine();
		String id = engine.enqueue("work", null);
		ClaimedTask lost = claimOne(backend(), SHORT_LEASE);
		this.clock.advance(SHORT_LEASE.plusMillis(1));
		assertThat(backend().recoverStalled(5)).isEqualTo(1);
		ClaimedTask current = claimOne(backend(), Duration.ofSeconds(30));
		assertThat(current.leaseToken()).isNotEqualTo(lost.leaseToken());
		assertThat(current.task().attempts()).isEqualTo(2);

		FinishResult refused = backend().finish(completed(lost), false, SHORT_LEASE);
		assertThat(refused.accepted()).isFalse();
		assertThat(backend().progress(lost, new TaskProgress(50, null, null, "stale"))).isFalse();
		assertThat(backend().renewLeases(List.of(lost), SHORT_LEASE)).containsExactly(id);
		assertThat(backend().release(lost)).isFalse();
		assertThat(backend()
			.finish(new TaskOutcome.Failed(lost, new TaskError("stale", "x", null), this.clock.instant(), null), false,
					SHORT_LEASE)
			.accepted()).isFalse();
		Task stillActive = task(engine, id);
		assertThat(stillActive.status()).isEqualTo(TaskStatus.ACTIVE);
		assertThat(stillActive.progress()).isNull();

		FinishResult accepted = backend().finish(completed(current), false, SHORT_LEASE);
		assertThat(accepted.accepted()).isTrue();
		assertThat(task(engine, id).status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(task(engine, id).attempts()).isEqualTo(2);
	}

	@Test
	void cancelledOrRemovedTaskCannotBeFinished() {
		TaskEngine engine = idleEngine();
		String cancelled = engine.enqueue("work", null);
		ClaimedTask first = claimOne(backend(), SHORT_LEASE);
		engine.cancel(cancelled);
		String removed = engine.enqueue("work", null);
		ClaimedTask second = claimOne(backend(), SHORT_LEASE);
		engine.remove(removed);

		assertThat(backend().finish(completed(first), false, SHORT_LEASE).accepted()).isFalse();
		assertThat(backend().finish(completed(second), false, SHORT_LEASE).accepted()).isFalse();
		assertThat(backend().renewLeases(List.of(first, second), SHORT_LEASE)).containsExactlyInAnyOrder(cancelled,
				removed);
		assertThat(statusOf(engine, cancelled)).isEqualTo(TaskStatus.CANCELLED);
		assertThat(engine.get(removed)).isEmpty();
	}

	@Test
	void releasedTaskIsWaitingAtOnceWithoutCountingTheAttempt() {
		TaskEngine engine = idleEngine();
		String id = engine.enqueue("work", null);
		ClaimedTask claim = claimOne(backend(), SHORT_LEASE);

		assertThat(backend().release(claim)).isTrue();

		Task released = task(engine, id);
		assertThat(released.status()).isEqualTo(TaskStatus.WAITING);
		assertThat(released.attempts()).isZero();
		assertThat(backend().finish(completed(claim), false, SHORT_LEASE).accepted()).isFalse();
		ClaimedTask again = claimOne(backend(), SHORT_LEASE);
		assertThat(again.task().attempts()).isEqualTo(1);
	}

	@Test
	void finishCanClaimTheNextTaskInTheSameStep() {
		TaskEngine engine = idleEngine();
		String first = engine.enqueue("work", "first");
		String second = engine.enqueue("work", "second");
		ClaimedTask claim = claimOne(backend(), SHORT_LEASE);
		assertThat(claim.id()).isEqualTo(first);

		FinishResult result = backend().finish(completed(claim), true, Duration.ofSeconds(5));

		assertThat(result.accepted()).isTrue();
		assertThat(backend().find(first).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(result.next()).isNotNull();
		assertThat(result.next().id()).isEqualTo(second);
		assertThat(result.next().task().status()).isEqualTo(TaskStatus.ACTIVE);
		assertThat(result.next().leaseExpiresAt()).isEqualTo(START.plusSeconds(5));
		assertThat(backend().finish(completed(result.next()), true, SHORT_LEASE).next()).isNull();
	}

	@Test
	void pausedQueueIsNotClaimedFrom() {
		TaskEngine engine = idleEngine();
		engine.enqueue("work", null);
		engine.pause(QUEUE);

		assertThat(backend().claim(QUEUE, 1, SHORT_LEASE)).isEmpty();
		engine.resume(QUEUE);
		assertThat(backend().claim(QUEUE, 1, SHORT_LEASE)).hasSize(1);
	}

	@Test
	void recoveryTellsWhichTasksItRecoveredOrFailed() {
		TaskEngine engine = idleEngine();
		String back = engine.enqueue("work", "back");
		String doomed = engine.enqueue("work", "doomed", TaskOptions.builder().maxAttempts(1).build());
		claimOne(backend(), SHORT_LEASE);
		claimOne(backend(), SHORT_LEASE);
		this.clock.advance(SHORT_LEASE.plusMillis(1));
		List<Task> told = new CopyOnWriteArrayList<>();

		assertThat(backend().recoverStalled(5, told::add)).isEqualTo(2);

		assertThat(told).extracting(Task::id).containsExactlyInAnyOrder(back, doomed);
		assertThat(told).allSatisfy((task) -> {
			assertThat(task.queue()).isEqualTo(QUEUE);
			assertThat(task.type()).isEqualTo("work");
		});
		assertThat(told).filteredOn((task) -> task.id().equals(back))
			.singleElement()
			.satisfies((task) -> assertThat(task.status()).isEqualTo(TaskStatus.WAITING));
		assertThat(told).filteredOn((task) -> task.id().equals(doomed))
			.singleElement()
			.satisfies((task) -> assertThat(task.status()).isEqualTo(TaskStatus.FAILED));
		told.clear();
		assertThat(backend().recoverStalled(5, told::add)).isZero();
		assertThat(told).as("nothing left to recover").isEmpty();
	}

	@Test
	void aStallIsToldToTheOneEngineWhoseHousekeepingRecoveredIt() {
		TaskEngine first = idleEngine();
		TaskEngine second = newEngine(peerBackend(), settings().withLease(Duration.ofMillis(200), 2),
				handler("work", (payload, ctx) -> "elsewhere"));
		RecordingListener firstStalls = new RecordingListener();
		RecordingListener secondStalls = new RecordingListener();
		first.addLocalListener(firstStalls, EnumSet.of(TaskEventType.STALLED));
		second.addLocalListener(secondStalls, EnumSet.of(TaskEventType.STALLED));
		String id = first.enqueue("work", null);
		claimOne(backend(), SHORT_LEASE);
		first.start();
		second.start();

		advance(SHORT_LEASE.plusMillis(1), first, second);

		awaitStatus(first, id, TaskStatus.COMPLETED);
		awaitEvent(id, TaskEventType.STALLED);
		first.wakeUp();
		second.wakeUp();
		assertStaysTrue("one engine was told of the stall, once", () -> firstStalls.count(id, TaskEventType.STALLED)
				+ secondStalls.count(id, TaskEventType.STALLED) == 1);
		assertThat(this.events.count(id, TaskEventType.STALLED)).as("the event every instance reads").isEqualTo(1);
	}

}
