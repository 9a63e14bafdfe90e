package dev.taskqueue.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Import;

import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueue;

/** The application the tester's tests drive: a few handlers that record their runs. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TesterTestApplication.Handlers.class)
class TesterTestApplication {

	/**
	 * Three handlers: one that records, one that fails a set number of times, one that
	 * fans out.
	 */
	static class Handlers {

		/** Each run, as "type:payload@thread". */
		final List<String> runs = new CopyOnWriteArrayList<>();

		/** How many more times each key of the {@code flaky} handler fails. */
		final ConcurrentHashMap<String, AtomicInteger> failures = new ConcurrentHashMap<>();

		private final TaskQueue taskQueue;

		Handlers(TaskQueue taskQueue) {
			this.taskQueue = taskQueue;
		}

		@TaskHandler(type = "record", queue = "alpha")
		String record(String payload) {
			this.runs.add("record:" + payload + "@" + Thread.currentThread().getName());
			return "recorded " + payload;
		}

		@TaskHandler(type = "flaky", queue = "beta", maxAttempts = 3, backoff = "type=fixed, delay=1m")
		String flaky(String key, TaskContext context) {
			this.runs.add("flaky:" + key + "#" + context.attempt());
			AtomicInteger left = this.failures.getOrDefault(key, new AtomicInteger());
			if (left.getAndDecrement() > 0) {
				throw new IllegalStateException("failing on purpose, attempt " + context.attempt());
			}
			return "ok";
		}

		@TaskHandler(type = "fan-out", queue = "beta")
		void fanOut(int count) {
			this.runs.add("fan-out:" + count);
			for (int i = 0; i < count; i++) {
				this.taskQueue.enqueue("record", "child-" + i);
			}
			this.taskQueue.enqueue("record", "later", TaskOptions.builder().delay(Duration.ofMinutes(10)).build());
		}

	}

}
