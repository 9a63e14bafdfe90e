package dev.taskqueue.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.taskqueue.engine.WorkerThreads.Member;
import dev.taskqueue.engine.WorkerThreads.State;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state table of {@link WorkerThreads}, each member driven by a thread of its own.
 */
class WorkerThreadsTests {

	private final WorkerThreads threads = new WorkerThreads(2);

	private final List<ExecutorService> memberThreads = new ArrayList<>();

	@AfterEach
	void closeAndEnd() {
		this.threads.close();
		this.memberThreads.forEach(ExecutorService::shutdownNow);
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(2));
	}

	@Test
	void atMostTwoIdleThreadsWatchAndTheOthersPark() {
		Driven first = join();
		Driven second = join();
		Driven third = join();

		assertThat(first.call(this.threads::watch).join()).isTrue();
		assertThat(second.call(this.threads::watch).join()).isTrue();
		CompletableFuture<Boolean> parked = third.call(this.threads::watch);

		await().until(() -> third.member.state() == State.PARKED);
		assertThat(parked).isNotDone();
	}

	@Test
	void aParkedThreadWatchesOnlyOnceTheLastWatcherClaimed() {
		Driven first = watching();
		Driven second = watching();
		Driven third = join();
		CompletableFuture<Boolean> parked = third.call(this.threads::watch);
		await().until(() -> third.member.state() == State.PARKED);

		first.run(this.threads::run).join();

		assertThat(this.threads.running()).isEqualTo(1);
		assertThat(third.member.state()).as("one watcher is left: no thread is woken").isEqualTo(State.PARKED);
		second.run(this.threads::run).join();
		assertThat(parked).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
		assertThat(third.member.state()).isEqualTo(State.WATCHING);
		assertThat(this.threads.running()).isEqualTo(2);
	}

	@Test
	void aThreadDoneWithItsTaskTakesAFreeWatchBeforeAParkedOne() {
		Driven first = watching();
		watching();
		Driven third = join();
		third.call(this.threads::watch);
		await().until(() -> third.member.state() == State.PARKED);
		first.run(this.threads::run).join();

		assertThat(first.call(this.threads::watch).join()).isTrue();

		assertThat(first.member.state()).isEqualTo(State.WATCHING);
		assertThat(third.member.state()).isEqualTo(State.PARKED);
		assertThat(this.threads.running()).isZero();
	}

	@Test
	void aWatcherThatEndsPassesTheWatchOnWhenItWasTheLast() {
		Driven first = watching();
		Driven second = watching();
		Driven third = join();
		CompletableFuture<Boolean> parked = third.call(this.threads::watch);
		await().until(() -> third.member.state() == State.PARKED);

		first.run(this.threads::end).join();
		second.run(this.threads::end).join();

		assertThat(parked).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(true);
		assertThat(this.threads.isAlive()).isTrue();
	}

	@Test
	void closeInterruptsTheWaitInTheBackendOnlyAndClearsThatInterrupt() {
		Driven waiting = watching();
		CountDownLatch neverSignalled = new CountDownLatch(1);
		CompletableFuture<String> waited = waiting
			.call((member) -> "returned " + this.threads.awaitWork(member, neverSignalled::await)
					+ ", interrupted afterwards " + Thread.currentThread().isInterrupted());
		await().until(() -> waiting.member.state() == State.WAITING);
		Driven running = watching();
		CountDownLatch handlerDone = new CountDownLatch(1);
		CompletableFuture<String> handler = running.call((member) -> {
			this.threads.run(member);
			try {
				handlerDone.await();
				return "finished";
			}
			catch (InterruptedException ex) {
				return "interrupted";
			}
		});
		await().until(() -> running.member.state() == State.RUNNING);
		watching();
		Driven parked = join();
		CompletableFuture<Boolean> parkedWatch = parked.call(this.threads::watch);
		await().until(() -> parked.member.state() == State.PARKED);

		this.threads.close();

		assertThat(waited).succeedsWithin(Duration.ofSeconds(10))
			.isEqualTo("returned false, interrupted afterwards false");
		assertThat(parkedWatch).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(false);
		handlerDone.countDown();
		assertThat(handler).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("finished");
		assertThat(running.call(this.threads::watch).join()).as("watch after close").isFalse();
	}

	@Test
	void theInterruptOfTheStopIsClearedWhenTheBackendReportsItAsItsOwnFailure() {
		Driven waiting = watching();
		CompletableFuture<String> waited = waiting.call((member) -> {
			try {
				this.threads.awaitWork(member, () -> {
					while (!Thread.currentThread().isInterrupted()) {
						Thread.onSpinWait();
					}
					// as Lettuce does: its own exception, the interrupt flag kept
					throw new IllegalStateException("command interrupted");
				});
				return "returned";
			}
			catch (IllegalStateException ex) {
				return ex.getMessage() + ", interrupted afterwards " + Thread.currentThread().isInterrupted();
			}
		});
		await().until(() -> waiting.member.state() == State.WAITING);

		this.threads.close();

		assertThat(waited).succeedsWithin(Duration.ofSeconds(10))
			.isEqualTo("command interrupted, interrupted afterwards false");
		assertThat(waiting.member.state()).isEqualTo(State.WATCHING);
	}

	@Test
	void aWaitThatReturnsKeepsTheWatch() {
		Driven waiting = watching();

		assertThat(waiting.call((member) -> this.threads.awaitWork(member, () -> {
		})).join()).isTrue();

		assertThat(waiting.member.state()).isEqualTo(State.WATCHING);
	}

	@Test
	void closeEndsAPauseAtOnce() {
		Driven pausing = watching();
		CompletableFuture<Boolean> paused = pausing.call((member) -> this.threads.pause(Duration.ofMinutes(10)));

		this.threads.close();

		assertThat(paused).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(false);
	}

	@Test
	void awaitEndedWaitsForEveryMemberAndTheDeadline() throws InterruptedException {
		Driven running = watching();
		running.run(this.threads::run).join();
		Driven first = watching();
		Driven second = watching();
		this.threads.close();
		first.run(this.threads::end).join();
		second.run(this.threads::end).join();

		assertThat(this.threads.awaitEnded(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20)))
			.as("a member still runs")
			.isFalse();
		assertThat(this.threads.isAlive()).isTrue();
		running.run(this.threads::end).join();

		assertThat(this.threads.awaitEnded(System.nanoTime() + TimeUnit.SECONDS.toNanos(10))).isTrue();
		assertThat(this.threads.isAlive()).isFalse();
		assertThat(this.threads.running()).isZero();
	}

	private Driven join() {
		ExecutorService thread = Executors.newSingleThreadExecutor();
		this.memberThreads.add(thread);
		return new Driven(this.threads.join(), thread);
	}

	private Driven watching() {
		Driven driven = join();
		assertThat(driven.call(this.threads::watch).join()).isTrue();
		return driven;
	}

	/** A member and the one thread that calls its methods. */
	private record Driven(Member member, ExecutorService thread) {

		<T> CompletableFuture<T> call(Function<Member, T> action) {
			return CompletableFuture.supplyAsync(() -> action.apply(this.member), this.thread);
		}

		CompletableFuture<Void> run(Consumer<Member> action) {
			return CompletableFuture.runAsync(() -> action.accept(this.member), this.thread);
		}

	}

}
