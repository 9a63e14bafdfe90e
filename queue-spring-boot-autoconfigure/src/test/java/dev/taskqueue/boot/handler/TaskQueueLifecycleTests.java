package dev.taskqueue.boot.handler;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import dev.taskqueue.Task;
import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.engine.WorkerState;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.TaskBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TaskQueueLifecycle}: start, graceful stop and Spring events.
 */
class TaskQueueLifecycleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class));

	@Test
	void startsTheEngineWhenTheContextIsRefreshedAndStopsItOnClose() {
		this.runner.withBean(SlowHandler.class).run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			assertThat(engine.isRunning()).isTrue();
			assertThat(engine.workerStates()).extracting(WorkerState::queue).containsExactly("slow");
			context.close();
			assertThat(engine.isRunning()).isFalse();
		});
	}

	@Test
	void stopsAndStartsAgainWithTheContext() {
		this.runner.withBean(SlowHandler.class).withBean(EventCollector.class).run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			context.stop();
			assertThat(engine.isRunning()).isFalse();
			context.start();
			assertThat(engine.isRunning()).isTrue();
			String id = engine.enqueue("slow", 1);
			assertThat(Tasks.awaitFinal(engine, id).status()).isEqualTo(TaskStatus.COMPLETED);
			EventCollector collector = context.getBean(EventCollector.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> collector.typesOf(id).contains(TaskEventType.COMPLETED));
		});
	}

	@Test
	void publishesTaskEventsOnlyWhenTheApplicationListensForThem() {
		this.runner.withBean(SlowHandler.class).withBean(EventCollector.class).run((context) -> {
			assertThat(context.getBean(TaskQueueLifecycle.class).publishesApplicationEvents()).isTrue();
		});
		this.runner.withBean(SlowHandler.class).withBean(CatchAllListener.class).run((context) -> {
			assertThat(context.getBean(TaskQueueLifecycle.class).publishesApplicationEvents())
				.as("a listener of every event does not count")
				.isFalse();
			TaskEngine engine = context.getBean(TaskEngine.class);
			String id = engine.enqueue("slow", 1);
			assertThat(Tasks.awaitFinal(engine, id).status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(context.getBean(CatchAllListener.class).taskEvents).isEmpty();
		});
	}

	@Test
	void closingWaitsForARunningTaskToFinish() {
		this.runner.withBean(SlowHandler.class).withPropertyValues("taskqueue.shutdown.timeout=20s").run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			TaskBackend backend = context.getBean(TaskBackend.class);
			SlowHandler handler = context.getBean(SlowHandler.class);
			String id = queue.enqueue("slow", 300);
			assertThat(handler.started.await(10, TimeUnit.SECONDS)).isTrue();
			context.close();
			// had close not waited, the worker would have been interrupted mid-sleep
			assertThat(handler.finished).hasSize(1);
			assertThat(backend.find(id).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
		});
	}

	@Test
	void closingHandsARunningTaskBackAfterTheShutdownTimeout() {
		this.runner.withBean(SlowHandler.class)
			.withPropertyValues("taskqueue.shutdown.timeout=300ms")
			.run((context) -> {
				TaskQueue queue = context.getBean(TaskQueue.class);
				TaskBackend backend = context.getBean(TaskBackend.class);
				SlowHandler handler = context.getBean(SlowHandler.class);
				String id = queue.enqueue("slow", 60_000);
				assertThat(handler.started.await(10, TimeUnit.SECONDS)).isTrue();
				long start = System.nanoTime();
				context.close();
				Duration closing = Duration.ofNanos(System.nanoTime() - start);
				assertThat(closing).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(20));
				assertThat(handler.finished).isEmpty();
				Task task = backend.find(id).orElseThrow();
				assertThat(task.status()).isEqualTo(TaskStatus.WAITING);
			});
	}

	@Test
	void publishesTaskEventsAsSpringEventsOffTheWorkerThreads() {
		this.runner.withBean(SlowHandler.class).withBean(EventCollector.class).run((context) -> {
			TaskQueue queue = context.getBean(TaskQueue.class);
			EventCollector collector = context.getBean(EventCollector.class);
			String id = queue.enqueue("slow", 1);
			await().atMost(Duration.ofSeconds(10)).until(() -> collector.typesOf(id).contains(TaskEventType.COMPLETED));
			assertThat(collector.typesOf(id)).containsExactly(TaskEventType.ADDED, TaskEventType.ACTIVE,
					TaskEventType.COMPLETED);
			assertThat(collector.threads).isNotEmpty().noneMatch((name) -> name.startsWith("taskqueue-slow-"));
		});
	}

	@Test
	void stopsPublishingSpringEventsOnceClosed() {
		this.runner.withBean(SlowHandler.class).withBean(EventCollector.class).run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			EventCollector collector = context.getBean(EventCollector.class);
			context.close();
			int before = collector.events.size();
			String id = engine.enqueue("slow", 1);
			await().during(Duration.ofMillis(200))
				.atMost(Duration.ofSeconds(2))
				.until(() -> collector.typesOf(id).isEmpty());
			assertThat(collector.events).hasSize(before);
		});
	}

	@Test
	void publishesWorkerStartsAndStopsAsSpringEvents() {
		this.runner.withBean(SlowHandler.class).withBean(EventCollector.class).run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			EventCollector collector = context.getBean(EventCollector.class);
			String instance = engine.instanceId().orElseThrow();
			// workers are announced for queues that hold (or held) tasks: give one a
			// task,
			// then a handler
			engine.enqueue("slow", 1, TaskOptions.builder().queue("late").delay(Duration.ofHours(1)).build());
			engine.register(new HandlerDefinition("late-type", "late", 1, 0, null, (payload, ctx) -> null, "late"));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(collector.workerEvents(instance))
					.containsExactly(TaskEventType.WORKER_STARTED));
			TaskEvent started = collector.events.stream()
				.filter((event) -> event.type() == TaskEventType.WORKER_STARTED)
				.findFirst()
				.orElseThrow();
			assertThat(started.queue()).isEqualTo("late");
			assertThat(started.taskId()).isNull();
			context.stop();
			assertThat(collector.workerEvents(instance)).as("published before the stop returned")
				.containsExactly(TaskEventType.WORKER_STARTED, TaskEventType.WORKER_STOPPED);
		});
	}

	static class SlowHandler {

		final CountDownLatch started = new CountDownLatch(1);

		final List<Integer> finished = new CopyOnWriteArrayList<>();

		@TaskHandler(type = "slow", queue = "slow", maxAttempts = 1)
		void work(int millis) throws InterruptedException {
			this.started.countDown();
			// simulated work; the tests synchronise on the latch, not on this sleep
			Thread.sleep(millis);
			this.finished.add(millis);
		}

	}

	static class CatchAllListener {

		final List<Object> taskEvents = new CopyOnWriteArrayList<>();

		@EventListener
		void on(Object event) {
			if (event instanceof TaskEvent) {
				this.taskEvents.add(event);
			}
		}

	}

	static class EventCollector {

		final List<TaskEvent> events = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		@EventListener
		void on(TaskEvent event) {
			this.threads.add(Thread.currentThread().getName());
			this.events.add(event);
		}

		List<TaskEventType> workerEvents(String instanceId) {
			return this.events.stream()
				.filter((event) -> instanceId.equals(event.instanceId()))
				.map(TaskEvent::type)
				.toList();
		}

		List<TaskEventType> typesOf(String id) {
			return this.events.stream().filter((event) -> id.equals(event.taskId())).map(TaskEvent::type).toList();
		}

	}

}
