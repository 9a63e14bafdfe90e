package dev.taskqueue.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskqueue.Backoff;
import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatch of {@link QueueWorker} under random interleavings on the in-memory
 * backend: producers enqueue while handlers finish at random moments, the engine stops
 * and starts again in the middle, and claims or waits fail now and then. Checks that a
 * queue never runs more tasks than its concurrency, that every task enqueued completes
 * (those handed back at a stop after the restart), that no task runs twice at once, that
 * no handler starts interrupted, and that a stop leaves none of the queue's threads
 * behind.
 * <p>
 * The seed (printed on failure; {@code -Dstress.seed=...} to set it) fixes each round's
 * plan: concurrency, how many producers and tasks, what each task does, when the engine
 * stops and when a backend call fails. The threads' interleaving still varies.
 */
class QueueWorkerStressTests {

	private static final int ROUNDS = 12;

	@Test
	void dispatchKeepsItsPromisesUnderRandomInterleavings() throws Exception {
		long seed = Long.getLong("stress.seed", System.nanoTime());
		Random rounds = new Random(seed);
		for (int round = 0; round < ROUNDS; round++) {
			Round run = new Round(rounds.nextLong(), round);
			try {
				run.run();
			}
			catch (Throwable ex) {
				throw new AssertionError("round " + round + " (" + run + ") failed; seed " + seed
						+ " (rerun with -Dstress.seed=" + seed + "): " + ex.getMessage(), ex);
			}
			finally {
				run.close();
			}
		}
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(5));
	}

	/** One engine, its producers and its stops. */
	private static final class Round {

		private final Random random;

		private final String queue;

		private final int concurrency;

		private final int producers;

		private final int tasksPerProducer;

		private final Duration shutdownTimeout;

		private final boolean virtualThreads;

		private final InMemoryTaskBackend memory = new InMemoryTaskBackend(Clock.systemUTC(), new RetentionPolicy(
				new Retention(1_000_000, Duration.ofDays(1)), new Retention(1_000_000, Duration.ofDays(1))));

		private final FailingBackend backend = new FailingBackend(this.memory);

		private final TaskEngine engine;

		private final Set<String> enqueued = ConcurrentHashMap.newKeySet();

		private final Set<String> runningIds = ConcurrentHashMap.newKeySet();

		private final Set<Thread> handlerThreads = ConcurrentHashMap.newKeySet();

		private final List<String> violations = new CopyOnWriteArrayList<>();

		private final AtomicInteger current = new AtomicInteger();

		private final AtomicInteger peak = new AtomicInteger();

		/** Lets gated handlers finish; producers release it as they go. */
		private final Semaphore gate = new Semaphore(0);

		Round(long seed, int round) {
			this.random = new Random(seed);
			this.queue = "stress-" + round;
			this.concurrency = 1 + this.random.nextInt(8);
			this.producers = 1 + this.random.nextInt(3);
			this.tasksPerProducer = 50 + this.random.nextInt(250);
			this.shutdownTimeout = this.random.nextBoolean() ? Duration.ofMillis(10) : Duration.ofSeconds(5);
			this.virtualThreads = Runtime.version().feature() >= 21 && this.random.nextBoolean();
			this.engine = TaskEngine.builder()
				.backend(this.backend)
				.settings(EngineSettings.defaults()
					.withConcurrency(this.concurrency, Map.of())
					.withRetries(3, Backoff.fixed(Duration.ZERO))
					.withShutdownTimeout(this.shutdownTimeout)
					.withVirtualThreads(this.virtualThreads))
				.handler(HandlerDefinition.of("work", this.queue, this::handle))
				.build();
		}

		void run() throws InterruptedException {
			this.engine.start();
			List<Thread> threads = new ArrayList<>();
			for (int i = 0; i < this.producers; i++) {
				Random plan = new Random(this.random.nextLong());
				Thread producer = new Thread(() -> produce(plan), this.queue + "-producer-" + i);
				threads.add(producer);
			}
			threads.forEach(Thread::start);
			int total = this.producers * this.tasksPerProducer;
			int stops = 1 + this.random.nextInt(3);
			int[] stopAt = this.random.ints(stops, 0, total).sorted().toArray();
			for (int at : stopAt) {
				await().alias("producers reached task " + at).until(() -> this.enqueued.size() >= at);
				stop();
				this.engine.start();
			}
			for (Thread producer : threads) {
				producer.join(TimeUnit.SECONDS.toMillis(15));
				assertThat(producer.isAlive()).as("producer %s ended", producer.getName()).isFalse();
			}
			assertThat(this.enqueued).hasSize(total);
			await().alias("every task completes")
				.until(() -> this.enqueued.stream()
					.allMatch((id) -> this.memory.find(id).orElseThrow().status() == TaskStatus.COMPLETED));
			assertThat(this.engine.workerStates()).singleElement()
				.satisfies((state) -> assertThat(state.active()).isLessThanOrEqualTo(this.concurrency));
			stop();
			assertThat(this.violations).isEmpty();
			assertThat(this.peak.get()).as("most handlers at once").isBetween(1, this.concurrency);
			assertThat(this.memory.stats(this.queue).metrics().processed()).as("final outcomes").isEqualTo(total);
		}

		private void produce(Random plan) {
			int produced = 0;
			while (produced < this.tasksPerProducer) {
				// now and then a burst, which wakes parked threads
				int count = (plan.nextInt(10) == 0) ? Math.min(1 + plan.nextInt(16), this.tasksPerProducer - produced)
						: 1;
				List<TaskRequest> requests = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					int kind = plan.nextInt(100);
					requests.add(TaskRequest.of("work",
							(kind < 40) ? "quick" : (kind < 70) ? "spin" : (kind < 95) ? "gated" : "flaky"));
				}
				if (count == 1) {
					this.enqueued.add(this.engine.enqueue("work", requests.get(0).payload()));
				}
				else {
					this.enqueued.addAll(this.engine.enqueueAll(requests));
				}
				produced += count;
				if (plan.nextInt(8) == 0) {
					this.gate.release(1 + plan.nextInt(3));
				}
				if (plan.nextInt(300) == 0) {
					this.backend.failNext(1 + plan.nextInt(2));
				}
				if (plan.nextInt(10) == 0) {
					this.engine.workerStates()
						.stream()
						.filter((state) -> state.active() > state.concurrency())
						.forEach((state) -> this.violations.add("active " + state.active() + " > " + this.concurrency));
				}
				if (plan.nextInt(30) == 0) {
					// lets the workers catch up now and then, so that they go idle
					Thread.yield();
				}
			}
		}

		private Object handle(JsonNode payload, TaskContext context) throws Exception {
			if (Thread.currentThread().isInterrupted()) {
				this.violations.add("task " + context.taskId() + " started interrupted");
			}
			if (!this.runningIds.add(context.taskId())) {
				this.violations.add("task " + context.taskId() + " runs twice at once");
			}
			this.handlerThreads.add(Thread.currentThread());
			this.peak.accumulateAndGet(this.current.incrementAndGet(), Math::max);
			try {
				switch (payload.asString()) {
					case "spin" -> {
						long until = System.nanoTime() + ThreadLocalRandom.current().nextLong(1_000, 200_000);
						while (System.nanoTime() < until) {
							Thread.onSpinWait();
						}
					}
					case "gated" -> awaitGate(context);
					case "flaky" -> {
						if (context.attempt() == 1) {
							throw new IllegalStateException("the first attempt fails");
						}
					}
					default -> {
					}
				}
				return null;
			}
			finally {
				this.current.decrementAndGet();
				this.runningIds.remove(context.taskId());
			}
		}

		/**
		 * Waits up to 30 ms for the gate. Only a stop whose timeout ran out interrupts it
		 * (to hand the task back), which a timeout of seconds never does here.
		 */
		private void awaitGate(TaskContext context) throws InterruptedException {
			try {
				this.gate.tryAcquire(ThreadLocalRandom.current().nextInt(1, 30), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				if (this.shutdownTimeout.compareTo(Duration.ofSeconds(1)) > 0) {
					this.violations.add("task " + context.taskId() + " interrupted, though no stop timed out");
				}
				throw ex;
			}
		}

		/**
		 * Stops the engine and checks that no thread of the queue is left. No handler
		 * here runs longer than 30 ms, so the stop ends before the finish grace would: no
		 * thread is waited for in vain.
		 */
		private void stop() {
			long began = System.nanoTime();
			this.engine.stop();
			assertThat(Duration.ofNanos(System.nanoTime() - began)).as("time to stop")
				.isLessThan(TaskEngine.FINISH_GRACE);
			assertThat(this.engine.workerStates()).isEmpty();
			String prefix = "taskqueue-" + this.queue + "-";
			await().alias("the queue's threads end")
				.until(() -> Thread.getAllStackTraces()
					.keySet()
					.stream()
					.noneMatch((thread) -> thread.getName().startsWith(prefix) && thread.isAlive()));
			await().alias("the threads that ran handlers end")
				.until(() -> this.handlerThreads.stream().noneMatch(Thread::isAlive));
			this.handlerThreads.clear();
			assertThat(this.runningIds).as("handlers running after the stop").isEmpty();
		}

		void close() {
			this.engine.stop();
			this.memory.close();
		}

		@Override
		public String toString() {
			return "concurrency " + this.concurrency + ", " + this.producers + " producer(s) of "
					+ this.tasksPerProducer + " tasks, shutdown timeout " + this.shutdownTimeout.toMillis() + " ms"
					+ (this.virtualThreads ? ", virtual threads" : "") + "; so far " + this.backend.released
					+ " hand-back(s), " + this.backend.failed + " injected failure(s)";
		}

	}

	/** Fails the next claims or waits when asked to, before they reach the backend. */
	private static final class FailingBackend extends ForwardingTaskBackend {

		private static final int MOST_FAILURES = 3;

		private final AtomicInteger failures = new AtomicInteger();

		final AtomicInteger failed = new AtomicInteger();

		final AtomicInteger released = new AtomicInteger();

		FailingBackend(TaskBackend delegate) {
			super(delegate);
		}

		/**
		 * Fails the next calls, at most {@link #MOST_FAILURES} in all: each costs a
		 * thread a pause of a second.
		 */
		void failNext(int count) {
			this.failures.updateAndGet((left) -> Math.min(left + count, MOST_FAILURES - this.failed.get()));
		}

		private void maybeFail() {
			if (this.failures.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				this.failed.incrementAndGet();
				throw new TaskQueueUnavailableException("injected failure", null);
			}
		}

		@Override
		public List<ClaimedTask> claim(String queue, int max, Duration lease) {
			maybeFail();
			return super.claim(queue, max, lease);
		}

		@Override
		public void awaitWork(String queue, Duration timeout) throws InterruptedException {
			maybeFail();
			super.awaitWork(queue, timeout);
		}

		@Override
		public boolean release(ClaimedTask claim) {
			this.released.incrementAndGet();
			return super.release(claim);
		}

	}

}
