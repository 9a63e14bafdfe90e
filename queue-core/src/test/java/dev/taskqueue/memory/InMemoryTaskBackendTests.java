package dev.taskqueue.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskqueue.Backoff;
import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskIds;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskOutcome;
import dev.taskqueue.testing.SettableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * SPI-level tests of {@link InMemoryTaskBackend}, driven by a settable clock.
 */
class InMemoryTaskBackendTests {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

	private final SettableClock clock = new SettableClock(START);

	private final TaskIds ids = new TaskIds(this.clock);

	private final List<InMemoryTaskBackend> backends = new ArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private InMemoryTaskBackend backend = backend(RetentionPolicy.defaults());

	private int payloadCounter;

	@AfterEach
	void closeBackends() {
		this.threads.forEach(Thread::interrupt);
		this.backends.forEach(InMemoryTaskBackend::close);
	}

	// --- order ---

	@Test
	void claimsHigherPriorityFirstThenInEnqueueOrder() {
		String lowFirst = enqueue(task("q").priority(0));
		String highFirst = enqueue(task("q").priority(10));
		String lowSecond = enqueue(task("q").priority(0));
		String highSecond = enqueue(task("q").priority(10));
		String negative = enqueue(task("q").priority(-5));
		assertThat(claimIds("q", 10)).containsExactly(highFirst, highSecond, lowFirst, lowSecond, negative);
	}

	@Test
	void priorityLevelsThatEmptyAndFillAgainKeepTheClaimOrder() {
		// one level at a time, emptied by each claim
		String normal = enqueue(task("q").priority(0));
		assertThat(claimIds("q", 10)).containsExactly(normal);
		String high = enqueue(task("q").priority(10));
		String low = enqueue(task("q").priority(-5));
		assertThat(claimIds("q", 1)).containsExactly(high);
		String normalAgain = enqueue(task("q").priority(0));
		String highAgain = enqueue(task("q").priority(10));
		assertThat(claimIds("q", 10)).containsExactly(highAgain, normalAgain, low);
		assertThat(claimIds("q", 10)).isEmpty();
		assertThat(this.backend.stats("q").oldestWaitingSince()).isNull();
	}

	@Test
	void enqueueOfAnIdAlreadyStoredIsRefusedAndKeepsTheStoredTask() {
		NewTask task = task("q").build();
		this.backend.enqueue(task);
		assertThatIllegalArgumentException().isThrownBy(() -> this.backend.enqueue(task))
			.withMessageContaining(task.id());
		assertThat(this.backend.stats("q").count(TaskStatus.WAITING)).isEqualTo(1);
		assertThat(claimIds("q", 10)).containsExactly(task.id());
	}

	@Test
	void claimTakesAtMostMaxAndCountsTheAttempt() {
		enqueue(task("q"));
		enqueue(task("q"));
		enqueue(task("q"));
		List<ClaimedTask> claims = this.backend.claim("q", 2, LEASE);
		assertThat(claims).hasSize(2);
		ClaimedTask claim = claims.get(0);
		assertThat(claim.task().status()).isEqualTo(TaskStatus.ACTIVE);
		assertThat(claim.task().attempts()).isEqualTo(1);
		assertThat(claim.task().startedAt()).isEqualTo(START);
		assertThat(claim.leaseExpiresAt()).isEqualTo(START.plus(LEASE));
		assertThat(claim.leaseToken()).isNotEqualTo(claims.get(1).leaseToken());
		assertThat(this.backend.claim("q", 5, LEASE)).hasSize(1);
		assertThat(this.backend.claim("q", 5, LEASE)).isEmpty();
		assertThat(this.backend.claim("other", 5, LEASE)).isEmpty();
	}

	@Test
	void delayedTaskIsPromotedWhenDueAndNextDueIsReported() {
		String later = enqueue(task("q").delay(Duration.ofSeconds(20)));
		String sooner = enqueue(task("q").delay(Duration.ofSeconds(10)));
		assertThat(this.backend.find(sooner)).map(Task::status).contains(TaskStatus.DELAYED);
		assertThat(this.backend.claim("q", 10, LEASE)).isEmpty();
		assertThat(this.backend.promoteDue()).contains(START.plusSeconds(10));

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.backend.promoteDue()).contains(START.plusSeconds(20));
		assertThat(this.backend.find(sooner)).map(Task::status).contains(TaskStatus.WAITING);
		assertThat(claimIds("q", 10)).containsExactly(sooner);

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.backend.promoteDue()).isEmpty();
		assertThat(claimIds("q", 10)).containsExactly(later);
	}

	@Test
	void promotedTaskQueuesBehindTasksThatWereReadyBefore() {
		String delayed = enqueue(task("q").delay(Duration.ofSeconds(5)));
		String waiting = enqueue(task("q"));
		this.clock.advance(Duration.ofSeconds(5));
		this.backend.promoteDue();
		assertThat(claimIds("q", 10)).containsExactly(waiting, delayed);
	}

	@Test
	void concurrentClaimsNeverHandOutATaskTwice() throws InterruptedException {
		int total = 2000;
		for (int i = 0; i < total; i++) {
			enqueue(task("q").priority(i % 4));
		}
		List<String> claimed = new CopyOnWriteArrayList<>();
		List<Thread> workers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			Thread worker = new Thread(() -> {
				List<ClaimedTask> claims;
				while (!(claims = this.backend.claim("q", 3, LEASE)).isEmpty()) {
					for (ClaimedTask claim : claims) {
						claimed.add(claim.id());
						complete(claim, false);
					}
				}
			});
			workers.add(worker);
			worker.start();
		}
		for (Thread worker : workers) {
			worker.join();
		}
		assertThat(claimed).hasSize(total).doesNotHaveDuplicates();
		assertThat(this.backend.stats("q").metrics().processed()).isEqualTo(total);
		assertThat(this.backend.stats("q").metrics().peakConcurrency()).isBetween(1L, 12L);
	}

	// --- idempotency ---

	@Test
	void enqueueWithAKnownIdempotencyKeyReturnsTheExistingTask() {
		EnqueueResult first = this.backend.enqueue(task("q").key("order-1").build());
		EnqueueResult second = this.backend.enqueue(task("q").key("order-1").build());
		assertThat(first.created()).isTrue();
		assertThat(second).isEqualTo(new EnqueueResult(first.id(), false));
		assertThat(this.backend.stats("q").count(TaskStatus.WAITING)).isEqualTo(1);
	}

	@Test
	void removingATaskFreesItsIdempotencyKey() {
		String first = enqueue(task("q").key("order-1"));
		assertThat(this.backend.remove(first)).isTrue();
		assertThat(this.backend.remove(first)).isFalse();
		EnqueueResult again = this.backend.enqueue(task("q").key("order-1").build());
		assertThat(again.created()).isTrue();
		assertThat(again.id()).isNotEqualTo(first);
	}

	@Test
	void retentionRemovalFreesTheIdempotencyKey() {
		this.backend = backend(
				new RetentionPolicy(new Retention(0, Duration.ofDays(1)), new Retention(10, Duration.ofDays(1))));
		String first = enqueue(task("q").key("k"));
		complete(claimOne("q"));
		assertThat(this.backend.find(first)).isEmpty();
		assertThat(this.backend.enqueue(task("q").key("k").build()).created()).isTrue();
	}

	@Test
	void enqueueAllReportsEachTaskInOrder() {
		NewTask a = task("q").key("a").build();
		NewTask b = task("q").key("a").build();
		NewTask c = task("q").build();
		List<EnqueueResult> results = this.backend.enqueueAll(List.of(a, b, c));
		assertThat(results).containsExactly(new EnqueueResult(a.id(), true), new EnqueueResult(a.id(), false),
				new EnqueueResult(c.id(), true));
	}

	// --- fencing and leases ---

	@Test
	void workerOfACancelledTaskCannotWriteIt() {
		enqueue(task("q"));
		ClaimedTask claim = claimOne("q");
		Task cancelled = this.backend.cancel(claim.id());
		assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(cancelled.finishedAt()).isEqualTo(START);

		assertThat(this.backend.progress(claim, new TaskProgress(50, null, null, "half"))).isFalse();
		assertThat(complete(claim)).isEqualTo(new FinishResult(false, null));
		assertThat(this.backend.release(claim)).isFalse();
		Task stored = this.backend.find(claim.id()).orElseThrow();
		assertThat(stored.status()).isEqualTo(TaskStatus.CANCELLED);
		assertThat(stored.progress()).isNull();
		assertThat(stored.result()).isNull();
	}

	@Test
	void workerOfAStalledTaskCannotWriteItAfterRecovery() {
		enqueue(task("q"));
		ClaimedTask stale = claimOne("q");
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(this.backend.recoverStalled(3)).isEqualTo(1);

		assertThat(complete(stale).accepted()).isFalse();
		assertThat(this.backend.progress(stale, new TaskProgress(10, null, null, null))).isFalse();
		ClaimedTask fresh = claimOne("q");
		assertThat(fresh.id()).isEqualTo(stale.id());
		assertThat(fresh.task().attempts()).isEqualTo(2);
		assertThat(complete(stale).accepted()).isFalse();
		assertThat(complete(fresh).accepted()).isTrue();
	}

	@Test
	void progressIsStoredWhileTheLeaseIsHeld() {
		enqueue(task("q"));
		ClaimedTask claim = claimOne("q");
		TaskProgress progress = new TaskProgress(40, 4L, 10L, "four of ten");
		assertThat(this.backend.progress(claim, progress)).isTrue();
		assertThat(this.backend.find(claim.id()).orElseThrow().progress()).isEqualTo(progress);
	}

	@Test
	void renewLeasesExtendsHeldLeasesAndReturnsLostOnes() {
		enqueue(task("q"));
		enqueue(task("q"));
		List<ClaimedTask> claims = this.backend.claim("q", 2, LEASE);
		this.backend.cancel(claims.get(1).id());

		this.clock.advance(Duration.ofSeconds(20));
		Set<String> lost = this.backend.renewLeases(claims, LEASE);
		assertThat(lost).containsExactly(claims.get(1).id());

		this.clock.advance(Duration.ofSeconds(20)); // past the first lease, within the
													// renewed
		assertThat(this.backend.recoverStalled(3)).isZero();
		assertThat(this.backend.find(claims.get(0).id()).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
		this.clock.advance(Duration.ofSeconds(11));
		assertThat(this.backend.recoverStalled(3)).isEqualTo(1);
	}

	@Test
	void removedTaskIsReportedLostOnRenewal() {
		enqueue(task("q"));
		ClaimedTask claim = claimOne("q");
		this.backend.remove(claim.id());
		assertThat(this.backend.renewLeases(List.of(claim), LEASE)).containsExactly(claim.id());
		assertThat(this.backend.stats("q").metrics().currentConcurrency()).isZero();
	}

	// --- stalled recovery ---

	@Test
	void stalledTaskGoesBackToWaitingThenFailsAfterMaxStalls() {
		String id = enqueue(task("q").maxAttempts(10));
		claimOne("q");
		this.clock.advance(LEASE.plusMillis(1));
		assertThat(this.backend.recoverStalled(1)).isEqualTo(1);
		Task requeued = this.backend.find(id).orElseThrow();
		assertThat(requeued.status()).isEqualTo(TaskStatus.WAITING);
		assertThat(requeued.attempts()).isEqualTo(1);

		claimOne("q");
		this.clock.advance(LEASE.plusMillis(1));
		assertThat(this.backend.recoverStalled(1)).isEqualTo(1);
		Task failed = this.backend.find(id).orElseThrow();
		assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
		assertThat(failed.finishedAt()).isEqualTo(this.clock.instant());
		assertThat(failed.error().type()).isEqualTo("dev.taskqueue.TaskStalledException");
		assertThat(failed.error().message()).contains("stalled 2 time(s)");
		assertThat(this.backend.stats("q").metrics().failed()).isEqualTo(1);
	}

	@Test
	void stalledTaskOnItsLastAttemptFails() {
		String id = enqueue(task("q").maxAttempts(1));
		claimOne("q");
		this.clock.advance(LEASE.plusMillis(1));
		assertThat(this.backend.recoverStalled(5)).isEqualTo(1);
		assertThat(this.backend.find(id).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
	}

	@Test
	void leaseThatHasNotExpiredIsNotRecovered() {
		enqueue(task("q"));
		claimOne("q");
		this.clock.advance(LEASE);
		assertThat(this.backend.recoverStalled(1)).isZero();
	}

	// --- release ---

	@Test
	void releasedTaskKeepsItsAttemptsAndItsPlace() {
		String first = enqueue(task("q"));
		String second = enqueue(task("q"));
		ClaimedTask claim = claimOne("q");
		assertThat(claim.id()).isEqualTo(first);
		assertThat(this.backend.release(claim)).isTrue();

		Task released = this.backend.find(first).orElseThrow();
		assertThat(released.status()).isEqualTo(TaskStatus.WAITING);
		assertThat(released.attempts()).isZero();
		assertThat(this.backend.release(claim)).isFalse();
		List<ClaimedTask> claims = this.backend.claim("q", 2, LEASE);
		assertThat(claims).extracting(ClaimedTask::id).containsExactly(first, second);
		assertThat(claims.get(0).task().attempts()).isEqualTo(1);
	}

	// --- finishing ---

	@Test
	void completedTaskKeepsResultAndProgressAndClearsTheLastError() {
		String id = enqueue(task("q"));
		ClaimedTask claim = claimOne("q");
		TaskError error = new TaskError("boom", "java.lang.IllegalStateException", null);
		fail(claim, START.plusSeconds(5));
		Task retrying = this.backend.find(id).orElseThrow();
		assertThat(retrying.status()).isEqualTo(TaskStatus.RETRYING);
		assertThat(retrying.scheduledAt()).isEqualTo(START.plusSeconds(5));
		assertThat(retrying.error()).isEqualTo(error);
		assertThat(this.backend.promoteDue()).contains(START.plusSeconds(5));

		this.clock.advance(Duration.ofSeconds(5));
		this.backend.promoteDue();
		ClaimedTask second = claimOne("q");
		assertThat(second.task().attempts()).isEqualTo(2);
		assertThat(second.task().error()).as("last error stays visible while retrying").isEqualTo(error);
		this.backend.progress(second, new TaskProgress(100, null, null, "done"));
		FinishResult result = complete(second);
		assertThat(result.accepted()).isTrue();
		Task done = this.backend.find(second.id()).orElseThrow();
		assertThat(done.status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(done.result()).isEqualTo(IntNode.valueOf(42));
		assertThat(done.error()).isNull();
		assertThat(done.progress().percentage()).isEqualTo(100);
		assertThat(done.finishedAt()).isEqualTo(this.clock.instant());
	}

	@Test
	void failedTaskWithoutRetryIsFinal() {
		String id = enqueue(task("q"));
		assertThat(fail(claimOne("q"), null).accepted()).isTrue();
		assertThat(this.backend.find(id).orElseThrow().status()).isEqualTo(TaskStatus.FAILED);
		assertThat(this.backend.find(id).orElseThrow().finishedAt()).isEqualTo(START);
		assertThat(this.backend.promoteDue()).isEmpty();
		assertThat(this.backend.find(id).orElseThrow().error().message()).isEqualTo("boom");
	}

	@Test
	void finishWithClaimNextClaimsTheNextTaskOfTheQueue() {
		enqueue(task("q"));
		String next = enqueue(task("q"));
		enqueue(task("other"));
		ClaimedTask first = this.backend.claim("q", 1, LEASE).get(0);
		FinishResult result = this.backend.finish(new TaskOutcome.Completed(first, null, this.clock.instant()), true,
				Duration.ofSeconds(7));
		assertThat(result.next()).isNotNull();
		assertThat(result.next().id()).isEqualTo(next);
		assertThat(result.next().task().status()).isEqualTo(TaskStatus.ACTIVE);
		assertThat(result.next().leaseExpiresAt()).isEqualTo(START.plusSeconds(7));
		FinishResult last = complete(result.next(), true);
		assertThat(last.next()).as("the other queue's task is not claimed").isNull();
	}

	@Test
	void finishWithClaimNextClaimsNothingFromAPausedQueue() {
		String first = enqueue(task("q"));
		enqueue(task("q"));
		ClaimedTask claim = claimOne("q");
		this.backend.setPaused("q", true);
		FinishResult result = complete(claim, true);
		assertThat(result.accepted()).isTrue();
		assertThat(this.backend.find(first).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(result.next()).isNull();
	}

	// --- retention ---

	@Test
	void countRetentionKeepsTheNewestFinishedTasksPerGroup() {
		this.backend = backend(
				new RetentionPolicy(new Retention(2, Duration.ofDays(1)), new Retention(1, Duration.ofDays(1))));
		String a = enqueue(task("q"));
		String b = enqueue(task("q"));
		String c = enqueue(task("q"));
		String d = enqueue(task("q"));
		String e = enqueue(task("q"));
		complete(claimOne("q"));
		this.clock.advance(Duration.ofSeconds(1));
		complete(claimOne("q"));
		this.clock.advance(Duration.ofSeconds(1));
		complete(claimOne("q"));
		assertThat(this.backend.find(a)).isEmpty();
		assertThat(this.backend.find(b)).isPresent();
		assertThat(this.backend.find(c)).isPresent();
		this.backend.cancel(d);
		this.clock.advance(Duration.ofSeconds(1));
		fail(claimOne("q"), null);
		assertThat(this.backend.find(d)).as("cancelled and failed share a group").isEmpty();
		assertThat(this.backend.find(e)).isPresent();
		assertThat(this.backend.stats("q").count(TaskStatus.COMPLETED)).isEqualTo(2);
	}

	@Test
	void finishedTaskIsGoneAtOnceWhenRetentionKeepsNone() {
		this.backend = backend(
				new RetentionPolicy(new Retention(0, Duration.ofDays(1)), new Retention(0, Duration.ofDays(1))));
		String id = enqueue(task("q"));
		FinishResult result = complete(claimOne("q"));
		assertThat(result.accepted()).isTrue();
		assertThat(this.backend.find(id)).isEmpty();
		assertThat(this.backend.stats("q").metrics().processed()).isEqualTo(1);
	}

	@Test
	void trimRemovesFinishedTasksOlderThanTheirGroupsMaxAge() {
		this.backend = backend(
				new RetentionPolicy(new Retention(100, Duration.ofHours(1)), new Retention(100, Duration.ofHours(3))));
		String completed = enqueue(task("q"));
		String failed = enqueue(task("q"));
		String waiting = enqueue(task("q").priority(-1));
		complete(claimOne("q"));
		fail(claimOne("q"), null);
		this.clock.advance(Duration.ofHours(1));
		assertThat(this.backend.trim()).isZero();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(this.backend.trim()).isEqualTo(1);
		assertThat(this.backend.find(completed)).isEmpty();
		assertThat(this.backend.find(failed)).isPresent();
		this.clock.advance(Duration.ofHours(3));
		assertThat(this.backend.trim()).isEqualTo(1);
		assertThat(this.backend.find(failed)).isEmpty();
		assertThat(this.backend.find(waiting)).isPresent();
	}

	// --- waiting for work ---

	@Test
	void awaitWorkReturnsAtOnceAfterAWakeUpThatCameBeforeIt() {
		this.backend.claim("q", 1, LEASE); // nothing yet
		enqueue(task("q"));
		Waiter waiter = awaitWork("q");
		await().atMost(Duration.ofSeconds(10)).until(waiter::returned);
		// the wake-up was consumed: the next wait blocks
		Waiter next = awaitWork("q");
		next.assertBlocked();
	}

	@Test
	void awaitWorkBlocksUntilATaskIsEnqueued() {
		Waiter waiter = awaitWork("q");
		waiter.assertBlocked();
		enqueue(task("q").delay(Duration.ofSeconds(1)));
		waiter.assertBlocked();
		enqueue(task("q"));
		await().atMost(Duration.ofSeconds(10)).until(waiter::returned);
	}

	@Test
	void awaitWorkWakesWhenADelayedTaskIsPromoted() {
		enqueue(task("q").delay(Duration.ofSeconds(1)));
		Waiter waiter = awaitWork("q");
		waiter.assertBlocked();
		this.clock.advance(Duration.ofSeconds(1));
		this.backend.promoteDue();
		await().atMost(Duration.ofSeconds(10)).until(waiter::returned);
	}

	@Test
	void awaitWorkReturnsAfterItsTimeout() throws InterruptedException {
		this.backend.awaitWork("q", Duration.ofMillis(1));
		assertThat(this.backend.queues()).as("waiting alone does not make a queue visible").isEmpty();
	}

	@Test
	void awaitWorkIsInterruptible() {
		Waiter waiter = awaitWork("q");
		waiter.assertBlocked();
		waiter.thread.interrupt();
		await().atMost(Duration.ofSeconds(10)).until(waiter::returned);
		assertThat(waiter.failure.get()).isInstanceOf(InterruptedException.class);
	}

	@Test
	void pausedQueueClaimsNothingAndResumeWakesAWaiter() {
		this.backend.setPaused("q", true);
		assertThat(this.backend.stats("q").paused()).isTrue();
		String id = enqueue(task("q"));
		assertThat(this.backend.claim("q", 1, LEASE)).isEmpty();
		assertThat(this.backend.find(id).orElseThrow().status()).isEqualTo(TaskStatus.WAITING);
		Waiter waiter = awaitWork("q");
		waiter.assertBlocked();

		this.backend.setPaused("q", false);
		await().atMost(Duration.ofSeconds(10)).until(waiter::returned);
		assertThat(this.backend.stats("q").paused()).isFalse();
		assertThat(claimIds("q", 1)).containsExactly(id);
	}

	// --- operations ---

	@Test
	void retryRequeuesAFinalTaskFromItsFirstAttempt() {
		String id = enqueue(task("q").maxAttempts(1));
		fail(claimOne("q"), null);
		this.clock.advance(Duration.ofMinutes(1));
		Task retried = this.backend.retry(id);
		assertThat(retried.status()).isEqualTo(TaskStatus.WAITING);
		assertThat(retried.attempts()).isZero();
		assertThat(retried.error()).isNull();
		assertThat(retried.finishedAt()).isNull();
		assertThat(retried.startedAt()).isNull();
		ClaimedTask again = claimOne("q");
		assertThat(again.id()).isEqualTo(id);
		assertThat(again.task().attempts()).isEqualTo(1);
	}

	@Test
	void retryRefusesUnknownAndUnfinishedTasks() {
		String id = enqueue(task("q"));
		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> this.backend.retry(id))
			.withMessageContaining("waiting")
			.satisfies((ex) -> assertThat(ex.getStatus()).isEqualTo(TaskStatus.WAITING));
		assertThatExceptionOfType(TaskNotFoundException.class).isThrownBy(() -> this.backend.retry("nope"));
	}

	@Test
	void cancelRemovesADelayedTaskFromTheScheduleAndRefusesFinalTasks() {
		String id = enqueue(task("q").delay(Duration.ofSeconds(5)));
		this.backend.cancel(id);
		assertThat(this.backend.promoteDue()).isEmpty();
		this.clock.advance(Duration.ofSeconds(5));
		this.backend.promoteDue();
		assertThat(this.backend.claim("q", 1, LEASE)).isEmpty();
		assertThatExceptionOfType(TaskStateException.class).isThrownBy(() -> this.backend.cancel(id))
			.withMessageContaining("cancelled");
		assertThatExceptionOfType(TaskNotFoundException.class).isThrownBy(() -> this.backend.cancel("nope"));
	}

	@Test
	void drainCleanAndObliterateReportHowManyTasksTheyRemoved() {
		enqueue(task("q"));
		enqueue(task("q"));
		enqueue(task("q").delay(Duration.ofMinutes(1)));
		ClaimedTask active = claimOne("q");
		enqueue(task("other"));
		assertThat(this.backend.drain("q")).isEqualTo(2);
		assertThat(this.backend.stats("q").count(TaskStatus.WAITING)).isZero();
		assertThat(this.backend.stats("q").count(TaskStatus.DELAYED)).isZero();
		assertThat(this.backend.stats("q").count(TaskStatus.ACTIVE)).isEqualTo(1);

		complete(active);
		enqueue(task("q"));
		fail(claimOne("q"), null);
		this.clock.advance(Duration.ofMinutes(1));
		enqueue(task("q"));
		complete(claimOne("q"));
		assertThat(this.backend.clean("q", Set.of(TaskStatus.COMPLETED), this.clock.instant())).isEqualTo(1);
		assertThat(this.backend.stats("q").count(TaskStatus.COMPLETED)).isEqualTo(1);
		assertThat(this.backend.clean("q", Set.of(TaskStatus.FAILED, TaskStatus.COMPLETED), this.clock.instant()))
			.isEqualTo(1);

		this.backend.setPaused("q", true);
		enqueue(task("q"));
		claimOne("other");
		this.backend.setPaused("q", false);
		ClaimedTask running = claimOne("q");
		assertThat(this.backend.obliterate("q")).isEqualTo(2);
		assertThat(complete(running).accepted()).isFalse();
		assertThat(this.backend.queues()).containsExactly("other");
		assertThat(this.backend.stats("q").metrics().processed()).isZero();
		assertThat(this.backend.obliterate("q")).isZero();
	}

	@Test
	void queuesListsQueuesWithTasksCountersOrAPausedFlag() {
		enqueue(task("b"));
		this.backend.setPaused("c", true);
		enqueue(task("a"));
		complete(claimOne("a"));
		this.backend.claim("empty", 1, LEASE);
		assertThat(this.backend.queues()).containsExactly("a", "b", "c");
	}

	// --- reading ---

	@Test
	void statsCountEveryStatusAndComputeMetrics() {
		enqueue(task("q"));
		enqueue(task("q"));
		enqueue(task("q"));
		enqueue(task("q").delay(Duration.ofMinutes(1)));
		ClaimedTask first = claimOne("q");
		ClaimedTask second = claimOne("q");
		QueueStats running = this.backend.stats("q");
		assertThat(running.metrics().currentConcurrency()).isEqualTo(2);
		assertThat(running.counts()).hasSize(TaskStatus.values().length);

		this.clock.advance(Duration.ofMillis(100));
		complete(first);
		this.clock.advance(Duration.ofMillis(200));
		fail(second, null);

		QueueStats stats = this.backend.stats("q");
		assertThat(stats.queue()).isEqualTo("q");
		assertThat(stats.count(TaskStatus.WAITING)).isEqualTo(1);
		assertThat(stats.count(TaskStatus.DELAYED)).isEqualTo(1);
		assertThat(stats.count(TaskStatus.ACTIVE)).isZero();
		assertThat(stats.count(TaskStatus.COMPLETED)).isEqualTo(1);
		assertThat(stats.count(TaskStatus.FAILED)).isEqualTo(1);
		assertThat(stats.counts()).containsEntry(TaskStatus.CANCELLED, 0L).containsEntry(TaskStatus.RETRYING, 0L);
		assertThat(stats.paused()).isFalse();
		assertThat(stats.oldestWaitingSince()).isEqualTo(START);
		QueueStats.Metrics metrics = stats.metrics();
		assertThat(metrics.processed()).isEqualTo(2);
		assertThat(metrics.failed()).isEqualTo(1);
		assertThat(metrics.successRate()).isEqualTo(0.5);
		assertThat(metrics.avgProcessingMillis()).isEqualTo(200.0);
		assertThat(metrics.currentConcurrency()).isZero();
		assertThat(metrics.peakConcurrency()).isEqualTo(2);
	}

	@Test
	void statsOfAnUnknownQueueAreZeros() {
		QueueStats stats = this.backend.stats("nothing");
		assertThat(stats.counts()).hasSize(TaskStatus.values().length).allSatisfy((status, count) -> {
			assertThat(count).isZero();
		});
		assertThat(stats.metrics().successRate()).isEqualTo(1.0);
		assertThat(stats.oldestWaitingSince()).isNull();
	}

	@Test
	void oldestWaitingSinceIsTheTaskThatBecameReadyFirstWhateverItsPriority() {
		enqueue(task("q").priority(0));
		this.clock.advance(Duration.ofSeconds(5));
		enqueue(task("q").priority(10));
		assertThat(this.backend.stats("q").oldestWaitingSince()).isEqualTo(START);
		claimOne("q");
		assertThat(this.backend.stats("q").oldestWaitingSince()).isEqualTo(START);
		claimOne("q");
		assertThat(this.backend.stats("q").oldestWaitingSince()).isNull();
	}

	@Test
	void listPagesNewestFirstWithACursor() {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			created.add(enqueue(task("q")));
		}
		TaskPage first = this.backend.list(new TaskQuery("q", null, Set.of(), 2, null));
		assertThat(first.items()).extracting(Task::id).containsExactly(created.get(4), created.get(3));
		assertThat(first.nextCursor()).isEqualTo(created.get(3));
		TaskPage second = this.backend.list(new TaskQuery("q", null, Set.of(), 2, first.nextCursor()));
		assertThat(second.items()).extracting(Task::id).containsExactly(created.get(2), created.get(1));
		TaskPage last = this.backend.list(new TaskQuery("q", null, Set.of(), 2, second.nextCursor()));
		assertThat(last.items()).extracting(Task::id).containsExactly(created.get(0));
		assertThat(last.nextCursor()).isNull();
	}

	@Test
	void listEndsWhenNoFurtherTaskMatches() {
		String a = enqueue(task("q"));
		String b = enqueue(task("q"));
		enqueue(task("other"));
		TaskPage page = this.backend.list(new TaskQuery("q", null, Set.of(), 2, null));
		assertThat(page.items()).extracting(Task::id).containsExactly(b, a);
		assertThat(page.nextCursor()).isNull();
	}

	@Test
	void listFiltersByQueueTypeAndStatus() {
		String mail = enqueue(task("q").type("mail"));
		String report = enqueue(task("q").type("report"));
		String otherQueue = enqueue(task("other").type("mail"));
		String delayed = enqueue(task("q").type("mail").delay(Duration.ofMinutes(1)));
		assertThat(listIds(new TaskQuery(null, "mail", Set.of(), 10, null))).containsExactly(delayed, otherQueue, mail);
		assertThat(listIds(new TaskQuery("q", "mail", Set.of(TaskStatus.WAITING), 10, null))).containsExactly(mail);
		assertThat(listIds(new TaskQuery("q", null, Set.of(TaskStatus.WAITING, TaskStatus.DELAYED), 10, null)))
			.containsExactly(delayed, report, mail);
		assertThat(listIds(TaskQuery.all())).hasSize(4);
	}

	@Test
	void findReturnsASnapshotWithThePayloadAsGiven() {
		NewTask task = task("q").build();
		this.backend.enqueue(task);
		Task found = this.backend.find(task.id()).orElseThrow();
		assertThat(found.payload()).isSameAs(task.payload());
		assertThat(found.queue()).isEqualTo("q");
		assertThat(found.createdAt()).isEqualTo(START);
		assertThat(found.maxAttempts()).isEqualTo(3);
		assertThat(this.backend.find("missing")).isEqualTo(Optional.empty());
	}

	// --- events ---

	@Test
	void publishesTaskAndQueueEventsInOrder() {
		List<TaskEvent> events = new CopyOnWriteArrayList<>();
		this.backend.deliverEvents(events::add, EnumSet.allOf(TaskEventType.class));
		String id = enqueue(task("q"));
		ClaimedTask claim = claimOne("q");
		this.backend.progress(claim, new TaskProgress(50, null, null, null));
		complete(claim);
		this.backend.setPaused("q", true);
		this.backend.setPaused("q", false);
		this.backend.remove(id);
		await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 7);
		assertThat(events).extracting(TaskEvent::type)
			.containsExactly(TaskEventType.ADDED, TaskEventType.ACTIVE, TaskEventType.PROGRESS, TaskEventType.COMPLETED,
					TaskEventType.PAUSED, TaskEventType.RESUMED, TaskEventType.REMOVED);
		assertThat(events.get(3).task().status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(events.get(4).taskId()).isNull();
		assertThat(events.get(6).taskId()).isEqualTo(id);
	}

	@Test
	void publishesStalledAndRetryingEvents() {
		List<TaskEvent> events = new CopyOnWriteArrayList<>();
		this.backend.deliverEvents(events::add, EnumSet.allOf(TaskEventType.class));
		enqueue(task("q"));
		claimOne("q");
		this.clock.advance(LEASE.plusSeconds(1));
		this.backend.recoverStalled(3);
		fail(claimOne("q"), this.clock.instant());
		this.backend.promoteDue();
		await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 6);
		assertThat(events).extracting(TaskEvent::type)
			.containsExactly(TaskEventType.ADDED, TaskEventType.ACTIVE, TaskEventType.STALLED, TaskEventType.ACTIVE,
					TaskEventType.RETRYING, TaskEventType.WAITING);
	}

	// --- helpers ---

	private InMemoryTaskBackend backend(RetentionPolicy retention) {
		InMemoryTaskBackend created = new InMemoryTaskBackend(this.clock, retention);
		this.backends.add(created);
		return created;
	}

	private TaskSpec task(String queue) {
		return new TaskSpec(queue);
	}

	private String enqueue(TaskSpec spec) {
		EnqueueResult result = this.backend.enqueue(spec.build());
		assertThat(result.created()).isTrue();
		return result.id();
	}

	private ClaimedTask claimOne(String queue) {
		List<ClaimedTask> claims = this.backend.claim(queue, 1, LEASE);
		assertThat(claims).hasSize(1);
		return claims.get(0);
	}

	private List<String> claimIds(String queue, int max) {
		return this.backend.claim(queue, max, LEASE).stream().map(ClaimedTask::id).toList();
	}

	private List<String> listIds(TaskQuery query) {
		return this.backend.list(query).items().stream().map(Task::id).toList();
	}

	private FinishResult complete(ClaimedTask claim) {
		return complete(claim, false);
	}

	private FinishResult complete(ClaimedTask claim, boolean claimNext) {
		return this.backend.finish(new TaskOutcome.Completed(claim, IntNode.valueOf(42), this.clock.instant()),
				claimNext, LEASE);
	}

	private FinishResult fail(ClaimedTask claim, Instant retryAt) {
		TaskError error = new TaskError("boom", "java.lang.IllegalStateException", null);
		return this.backend.finish(new TaskOutcome.Failed(claim, error, this.clock.instant(), retryAt), false, LEASE);
	}

	private Waiter awaitWork(String queue) {
		Waiter waiter = new Waiter(queue);
		this.threads.add(waiter.thread);
		waiter.thread.start();
		return waiter;
	}

	/** A thread blocked in {@code awaitWork}. */
	private final class Waiter {

		private final Thread thread;

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		private volatile boolean returned;

		Waiter(String queue) {
			this.thread = new Thread(() -> {
				try {
					InMemoryTaskBackendTests.this.backend.awaitWork(queue, Duration.ofMinutes(10));
				}
				catch (Throwable ex) {
					this.failure.set(ex);
				}
				this.returned = true;
			}, "await-work-" + queue);
			this.thread.setDaemon(true);
		}

		boolean returned() {
			return this.returned;
		}

		/**
		 * Waits until the thread parks in its timed wait, and checks it did not return.
		 */
		void assertBlocked() {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.returned || this.thread.getState() == Thread.State.TIMED_WAITING);
			assertThat(this.returned).as("awaitWork returned although no work was signalled").isFalse();
		}

	}

	/** A {@link NewTask} under construction, with test defaults. */
	private final class TaskSpec {

		private final String queue;

		private String type = "work";

		private int priority;

		private Duration delay = Duration.ZERO;

		private String key;

		private int maxAttempts = 3;

		TaskSpec(String queue) {
			this.queue = queue;
		}

		TaskSpec type(String type) {
			this.type = type;
			return this;
		}

		TaskSpec priority(int priority) {
			this.priority = priority;
			return this;
		}

		TaskSpec delay(Duration delay) {
			this.delay = delay;
			return this;
		}

		TaskSpec key(String key) {
			this.key = key;
			return this;
		}

		TaskSpec maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		NewTask build() {
			Instant now = InMemoryTaskBackendTests.this.clock.instant();
			int payload = ++InMemoryTaskBackendTests.this.payloadCounter;
			return new NewTask(InMemoryTaskBackendTests.this.ids.next(), this.queue, this.type, this.priority,
					IntNode.valueOf(payload), this.maxAttempts, Backoff.fixed(Duration.ofSeconds(1)), null, this.key,
					null, 1, now, now.plus(this.delay), null);
		}

	}

}
