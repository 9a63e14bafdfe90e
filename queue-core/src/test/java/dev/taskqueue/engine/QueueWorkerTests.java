package dev.taskqueue.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskqueue.Task;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.contract.Gate;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a queue worker stops: what it no longer starts, and what it does not wait for.
 */
class QueueWorkerTests {

	private final InMemoryTaskBackend memory = new InMemoryTaskBackend(Clock.systemUTC(), RetentionPolicy.defaults());

	private TaskEngine engine;

	@AfterEach
	void stop() {
		if (this.engine != null) {
			this.engine.stop();
		}
		this.memory.close();
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
	}

	private TaskEngine start(TaskBackend backend, int concurrency, HandlerDefinition handler) {
		this.engine = TaskEngine.builder()
			.backend(backend)
			.settings(EngineSettings.defaults()
				.withConcurrency(concurrency, Map.of())
				.withShutdownTimeout(Duration.ofSeconds(10)))
			.handler(handler)
			.build();
		this.engine.start();
		return this.engine;
	}

	@Test
	void aTaskThatFinishesOnceTheStopBeganClaimsNoNextOne() throws InterruptedException {
		Gate gate = new Gate();
		WatchedBackend backend = new WatchedBackend(this.memory);
		TaskEngine engine = start(backend, 2, HandlerDefinition.of("work", "q", (payload, ctx) -> {
			if ("gated".equals(payload.asString())) {
				gate.pass();
			}
			return payload.asString();
		}));
		String gated = engine.enqueue("work", "gated");
		await().until(() -> gate.waiting() == 1);
		// the other thread waits for work (it may return once, for the wake-up the first
		// task left); a task enqueued while the queue is paused does not wake it
		await().during(Duration.ofMillis(50)).until(() -> backend.waiting.get() == 1);
		engine.pause("q");
		String next = engine.enqueue("work", "next");

		Thread stopper = new Thread(engine::stop, "stopper");
		stopper.start();
		assertThat(backend.interrupted.await(10, TimeUnit.SECONDS)).as("the stop reached the waiting thread").isTrue();
		engine.resume("q");
		gate.open();
		stopper.join(TimeUnit.SECONDS.toMillis(10));

		assertThat(stopper.isAlive()).isFalse();
		assertThat(engine.get(gated).map(Task::status)).hasValue(TaskStatus.COMPLETED);
		assertThat(engine.get(next)).hasValueSatisfying((task) -> {
			assertThat(task.status()).isEqualTo(TaskStatus.WAITING);
			assertThat(task.attempts()).isZero();
		});
	}

	@Test
	void aStopDoesNotWaitOutThePauseAfterAFailedClaim() {
		AtomicInteger claims = new AtomicInteger();
		TaskBackend failing = new ForwardingTaskBackend(this.memory) {

			@Override
			public List<ClaimedTask> claim(String queue, int max, Duration lease) {
				claims.incrementAndGet();
				throw new TaskQueueUnavailableException("down for this test", null);
			}

		};
		TaskEngine engine = start(failing, 2, HandlerDefinition.of("work", "q", (payload, ctx) -> null));
		await().until(() -> claims.get() >= 2);

		long began = System.nanoTime();
		engine.stop();

		assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(QueueWorker.ERROR_PAUSE.dividedBy(2));
		assertThat(claims).as("claims retried during the pause").hasValue(2);
	}

	/** Counts the threads waiting for work, and the waits a stop interrupted. */
	private static final class WatchedBackend extends ForwardingTaskBackend {

		final AtomicInteger waiting = new AtomicInteger();

		final CountDownLatch interrupted = new CountDownLatch(1);

		WatchedBackend(TaskBackend delegate) {
			super(delegate);
		}

		@Override
		public void awaitWork(String queue, Duration timeout) throws InterruptedException {
			this.waiting.incrementAndGet();
			try {
				super.awaitWork(queue, timeout);
			}
			catch (InterruptedException ex) {
				this.interrupted.countDown();
				throw ex;
			}
			finally {
				this.waiting.decrementAndGet();
			}
		}

	}

}
