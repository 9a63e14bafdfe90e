package dev.taskqueue.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.taskqueue.TaskProcessor;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.redis.RedisTaskBackend;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the engines the benchmarks run: one handler of type {@value #TYPE} on queue
 * {@value #QUEUE}, completed tasks not kept (retention max-count 0, as BullMQ's
 * {@code removeOnComplete: true}), everything else at its default.
 */
final class Engines {

	static final String QUEUE = "bench";

	static final String TYPE = "noop";

	static final String KEY_PREFIX = "bench";

	static final ObjectMapper MAPPER = JsonMapper.builder().build();

	private Engines() {
	}

	/** Completed tasks are not kept; failed ones as by default. */
	static RetentionPolicy retention() {
		return new RetentionPolicy(new Retention(0, Duration.ofDays(1)), RetentionPolicy.defaults().failed());
	}

	static TaskEngine memory(int concurrency, boolean workers, TaskProcessor processor) {
		return engine(new InMemoryTaskBackend(Clock.systemUTC(), retention()), concurrency, workers, processor);
	}

	static TaskEngine redis(RedisConnectionFactory factory, int concurrency, boolean workers, TaskProcessor processor) {
		return redis(factory, QUEUE, concurrency, workers, processor);
	}

	static TaskEngine redis(RedisConnectionFactory factory, String queue, int concurrency, boolean workers,
			TaskProcessor processor) {
		return engine(new RedisTaskBackend(factory, KEY_PREFIX, Clock.systemUTC(), retention(), MAPPER), queue,
				concurrency, workers, processor);
	}

	private static TaskEngine engine(TaskBackend backend, int concurrency, boolean workers, TaskProcessor processor) {
		return engine(backend, QUEUE, concurrency, workers, processor);
	}

	private static TaskEngine engine(TaskBackend backend, String queue, int concurrency, boolean workers,
			TaskProcessor processor) {
		return TaskEngine.builder()
			.backend(backend)
			.mapper(MAPPER)
			.settings(EngineSettings.defaults()
				.withConcurrency(concurrency, Map.of())
				.withWorkerEnabled(workers)
				.withShutdownTimeout(Duration.ofSeconds(5)))
			.handler(HandlerDefinition.of(TYPE, queue, processor))
			.build();
	}

	/** Stops an engine and closes its backend. */
	static void close(TaskEngine engine) {
		engine.stop();
		engine.backend().close();
	}

	/**
	 * Waits until the queue's recorded count of processed tasks reaches {@code n}.
	 * @param queue the queue
	 * @param n the count
	 * @param timeout the longest wait
	 * @return how many stats calls it took
	 */
	static int awaitProcessed(TaskQueue queue, long n, Duration timeout) {
		return awaitProcessed(queue, QUEUE, n, timeout, Duration.ofNanos(200_000));
	}

	/**
	 * Waits until a queue's recorded count of processed tasks reaches {@code n}.
	 * @param queue the task queue
	 * @param name the queue's name
	 * @param n the count
	 * @param timeout the longest wait
	 * @param interval the pause between two stats calls
	 * @return how many stats calls it took
	 */
	static int awaitProcessed(TaskQueue queue, String name, long n, Duration timeout, Duration interval) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int polls = 0;
		while (true) {
			polls++;
			long processed = queue.stats(name).metrics().processed();
			if (processed >= n) {
				return polls;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						"only " + processed + " of " + n + " tasks were processed after " + timeout.toSeconds() + "s");
			}
			LockSupport.parkNanos(interval.toNanos());
		}
	}

	/** The payload of the throughput runs: {@code {"i": n}}, as BullMQ's. */
	record Counter(long i) {

	}

	/**
	 * The payload of the latency runs: the enqueuing thread's {@code System.nanoTime()}.
	 */
	record Stamp(long t) {

	}

	/**
	 * A payload of exactly 100 bytes as JSON: {@code {"data":"<89 characters>"}}, with a
	 * string of its own (a task's tree may keep the caller's string, and callers do not
	 * share one string among all their payloads).
	 */
	record Blob(String data) {

		static final String DATA = "x".repeat(89);

		static Blob hundredBytes() {
			return new Blob(new String(DATA.toCharArray()));
		}

	}

}
