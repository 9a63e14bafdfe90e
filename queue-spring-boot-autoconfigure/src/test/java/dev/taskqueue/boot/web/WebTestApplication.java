package dev.taskqueue.boot.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.memory.InMemoryTaskBackend;

/**
 * The application the web tests run: an in-memory task queue with a few handlers.
 * <ul>
 * <li>{@code echo} (queue {@code default}) returns its payload;</li>
 * <li>{@code report} (queue {@code reports}) reports 25% progress, waits for the gate
 * named by {@code payload.gate}, reports 75%, waits for the gate named
 * {@code <payload.gate>-finish} and returns {@code {pages: 4}};</li>
 * <li>{@code fail} (queue {@code default}, one attempt) always throws;</li>
 * <li>{@code pausable} (queue {@code pausable}) returns its payload.</li>
 * </ul>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class WebTestApplication {

	@Bean(initMethod = "start", destroyMethod = "stop")
	TaskEngine taskEngine() {
		EngineSettings settings = EngineSettings.defaults().withShutdownTimeout(Duration.ofSeconds(1));
		return TaskEngine.builder()
			.backend(new InMemoryTaskBackend())
			.settings(settings)
			.handler(HandlerDefinition.of("echo", "default", (payload, context) -> payload))
			.handler(HandlerDefinition.of("report", "reports", (payload, context) -> {
				String gate = payload.get("gate").asString();
				context.progress(25, 1, 4, "page 1");
				Gates.await(gate);
				context.progress(75, 3, 4, "page 3");
				Gates.await(gate + "-finish");
				return Map.of("pages", 4);
			}))
			.handler(new HandlerDefinition("fail", "default", 0, 1, null, (payload, context) -> {
				throw new IllegalStateException("boom");
			}, "fail"))
			.handler(HandlerDefinition.of("pausable", "pausable", (payload, context) -> payload))
			.build();
	}

	/**
	 * Short heartbeats, so a test sees one (and a closed client is noticed) quickly.
	 * @param taskQueue the task queue
	 * @return the streams
	 */
	@Bean
	TaskEventStreams taskEventStreams(TaskQueue taskQueue) {
		return new TaskEventStreams(taskQueue, Duration.ofMillis(200));
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
