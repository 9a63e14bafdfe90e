package dev.taskqueue.boot.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.boot.autoconfigure.TaskQueueProperties;

/**
 * The application the web tests run: the task queue as auto-configured (in memory), with
 * the handlers of {@link Handlers}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WebTestApplication {

	/** Properties every web test sets, so that they share one application context. */
	static final String OPERATIONS_ENABLED = "taskqueue.web.operations-enabled=true";

	/** Stopping does not wait long for a task a failed test left waiting on a gate. */
	static final String SHORT_SHUTDOWN = "taskqueue.shutdown.timeout=1s";

	@Bean
	Handlers handlers() {
		return new Handlers();
	}

	@Bean
	ListenerTracker listenerTracker(TaskQueue taskQueue) {
		return new ListenerTracker(taskQueue);
	}

	/**
	 * Streams with short heartbeats, so a test sees one (and a closed client is noticed)
	 * quickly, whose listeners tests can count.
	 * @param tracker the listener tracker
	 * @param properties the properties, for the streams' settings
	 * @return the streams
	 */
	@Bean
	TaskEventStreams taskEventStreams(ListenerTracker tracker, TaskQueueProperties properties) {
		return new TaskEventStreams(tracker.taskQueue(), Duration.ofMillis(200),
				properties.getWeb().isExposeStackTraces(), properties.getWeb().getMaxEventStreams());
	}

	/**
	 * The test handlers.
	 */
	static class Handlers {

		/**
		 * Returns its payload.
		 * @param payload the payload
		 * @return the payload
		 */
		@TaskHandler(type = "echo")
		JsonNode echo(JsonNode payload) {
			return payload;
		}

		/**
		 * Reports 25% progress, waits for the gate named by {@code gate}, reports 75%,
		 * waits for the gate named {@code <gate>-finish} and returns {@code {pages: 4}}.
		 * @param request the payload
		 * @param context the context
		 * @return the result
		 * @throws InterruptedException if cancelled
		 */
		@TaskHandler(type = "report", queue = "reports")
		Map<String, Integer> report(ReportRequest request, TaskContext context) throws InterruptedException {
			context.progress(25, 1, 4, "page 1");
			Gates.await(request.gate());
			context.progress(75, 3, 4, "page 3");
			Gates.await(request.gate() + "-finish");
			return Map.of("pages", 4);
		}

		/**
		 * Always fails, on its only attempt.
		 */
		@TaskHandler(type = "fail", maxAttempts = 1)
		void fail() {
			throw new IllegalStateException("boom");
		}

		/**
		 * Returns its payload, in a queue of its own that tests pause.
		 * @param payload the payload
		 * @return the payload
		 */
		@TaskHandler(type = "pausable", queue = "pausable")
		JsonNode pausable(JsonNode payload) {
			return payload;
		}

		/**
		 * Returns its payload, or fails on its only attempt when the payload is
		 * {@code "fail"}, in a queue of its own whose throughput tests read.
		 * @param payload the payload
		 * @return the payload
		 */
		@TaskHandler(type = "metered", queue = "metered", maxAttempts = 1)
		JsonNode metered(JsonNode payload) {
			if ("fail".equals(payload.asString(""))) {
				throw new IllegalStateException("metered failure");
			}
			return payload;
		}

	}

	/**
	 * The payload of {@code report}.
	 *
	 * @param gate the name of the gate to wait for
	 */
	record ReportRequest(String gate) {

	}

	/**
	 * Latches handlers wait on, so tests decide when a running task may go on.
	 */
	static final class Gates {

		private static final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

		private Gates() {
		}

		static void open(String name) {
			latch(name).countDown();
		}

		static void await(String name) throws InterruptedException {
			if (!latch(name).await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("gate '" + name + "' was not opened");
			}
		}

		private static CountDownLatch latch(String name) {
			return gates.computeIfAbsent(name, (key) -> new CountDownLatch(1));
		}

	}

}
