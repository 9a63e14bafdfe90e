package dev.taskqueue.boot.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.engine.WorkerState;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;

/**
 * Micrometer metrics of a {@link TaskEngine}, all tagged with {@code queue} (and where it
 * applies {@code type} and {@code outcome}; never a task id):
 * <ul>
 * <li>counters {@code taskqueue.tasks.enqueued}, {@code .completed}, {@code .failed} (for
 * good), {@code .retried} (an attempt failed, another follows), {@code .stalled} (an
 * expired lease this instance's housekeeping recovered, whether the task went back to its
 * queue or failed) and {@code .cancelled} (a task cancelled through this instance), at 0
 * from the start for the queue and type of every handler known when bound;</li>
 * <li>timer {@code taskqueue.task.duration}: how long an attempt ran, tagged
 * {@code outcome} = {@code completed}, {@code failed} or {@code retried};</li>
 * <li>timer {@code taskqueue.task.wait}: from ready (its scheduled time) to started;</li>
 * <li>gauges {@code taskqueue.queue.size} (tag {@code status}: every task status),
 * {@code taskqueue.queue.oldest.age} (seconds the longest-waiting ready task has waited,
 * 0 when none) and {@code taskqueue.workers.active} (tasks running on this
 * instance).</li>
 * </ul>
 * Counters and timers count what this instance did (the engine's local events: the tasks
 * it enqueued, the attempts it ran, the leases it recovered, the tasks it cancelled), so
 * that summing them over instances sharing a Redis backend gives the cluster's figures
 * without counting a task twice; the events every instance reads from the shared stream
 * are never counted. Gauges read the backend's {@link QueueStats}, at most one call per
 * queue per second however many gauges and registries read them. Gauges exist for the
 * queues known when bound and for every queue this instance touches later.
 * <p>
 * Binding never fails because the backend cannot be reached (a Redis that is down or
 * still loading its data when the application starts): gauges are registered at once for
 * the queues of this instance's handlers, and the backend's other queues are asked for
 * again in the background every {@link #QUEUES_RETRY} until it answers. Meanwhile, and
 * whenever the backend fails, the gauges read NaN.
 */
public class TaskQueueMetrics implements MeterBinder, AutoCloseable {

	/** How often the queue names are asked for again while the backend cannot answer. */
	static final Duration QUEUES_RETRY = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(TaskQueueMetrics.class);

	private static final Duration STATS_MAX_AGE = Duration.ofSeconds(1);

	private final TaskEngine engine;

	private final Clock clock;

	private final QueueStatsCache stats;

	private final List<Binding> bindings = new CopyOnWriteArrayList<>();

	/** Asks again for the queue names of bindings made while the backend failed. */
	private ScheduledExecutorService retries;

	private boolean closed;

	/**
	 * Creates the metrics.
	 * @param engine the engine
	 * @param clock the clock the backend uses, for the ages of waiting tasks
	 */
	public TaskQueueMetrics(TaskEngine engine, Clock clock) {
		this.engine = engine;
		this.clock = clock;
		this.stats = new QueueStatsCache(engine::stats, STATS_MAX_AGE, System::nanoTime);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Binding binding = new Binding(registry);
		this.bindings.add(binding);
		this.engine.handlers().stream().map(HandlerDefinition::queue).forEach(binding::registerQueue);
		// the handlers' counters exist from the start, at 0, so that a rate or an alert
		// on failures has a series before the first failure
		this.engine.handlers().forEach((handler) -> binding.registerCounters(handler.queue(), handler.type()));
		this.engine.addLocalListener(binding, Binding.TYPES);
		if (!registerKnownQueues(binding)) {
			retryLater(binding);
		}
	}

	/**
	 * Registers the gauges of the queues the backend knows.
	 * @return false if the backend could not be asked
	 */
	private boolean registerKnownQueues(Binding binding) {
		List<String> queues;
		try {
			queues = this.engine.queues();
		}
		catch (RuntimeException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Task queue names not known yet; asking again in " + QUEUES_RETRY.toMillis() + " ms", ex);
			}
			return false;
		}
		queues.forEach(binding::registerQueue);
		return true;
	}

	private synchronized void retryLater(Binding binding) {
		if (this.closed) {
			return;
		}
		if (this.retries == null) {
			logger.info("The task queue's backend does not answer yet: queue gauges appear once it does "
					+ "(those of this instance's handlers are registered)");
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, "taskqueue-metrics");
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			this.retries = executor;
		}
		this.retries.schedule(() -> {
			if (this.bindings.contains(binding) && !registerKnownQueues(binding)) {
				retryLater(binding);
			}
		}, QUEUES_RETRY.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops listening to the engine's events and asking for queue names.
	 */
	@Override
	public void close() {
		synchronized (this) {
			this.closed = true;
			if (this.retries != null) {
				this.retries.shutdownNow();
				this.retries = null;
			}
		}
		this.bindings.forEach(this.engine::removeLocalListener);
		this.bindings.clear();
	}

	private double oldestAgeSeconds(String queue) {
		Instant oldest = this.stats.get(queue).oldestWaitingSince();
		if (oldest == null) {
			return 0;
		}
		return Math.max(0, Duration.between(oldest, this.clock.instant()).toNanos() / 1e9);
	}

	private int activeWorkers(String queue) {
		for (WorkerState worker : this.engine.workerStates()) {
			if (worker.queue().equals(queue)) {
				return worker.active();
			}
		}
		return 0;
	}

	/** The meters of one registry. */
	private final class Binding implements TaskEventListener {

		/**
		 * The events the meters count: this instance's enqueues, starts, outcomes, stall
		 * recoveries and cancellations.
		 */
		static final Set<TaskEventType> TYPES = EnumSet.of(TaskEventType.ADDED, TaskEventType.ACTIVE,
				TaskEventType.COMPLETED, TaskEventType.FAILED, TaskEventType.RETRYING, TaskEventType.STALLED,
				TaskEventType.CANCELLED);

		/** What the counters count: {@code taskqueue.tasks.<outcome>}. */
		private static final List<String> COUNTED = List.of("enqueued", "completed", "failed", "retried", "stalled",
				"cancelled");

		private final MeterRegistry registry;

		private final Set<String> queues = ConcurrentHashMap.newKeySet();

		Binding(MeterRegistry registry) {
			this.registry = registry;
		}

		void registerQueue(String queue) {
			if (queue == null || !this.queues.add(queue)) {
				return;
			}
			Tags tags = Tags.of("queue", queue);
			for (TaskStatus status : TaskStatus.values()) {
				Gauge.builder("taskqueue.queue.size", () -> TaskQueueMetrics.this.stats.get(queue).count(status))
					.tags(tags.and("status", status.value()))
					.description("Tasks of the queue in the status")
					.register(this.registry);
			}
			Gauge.builder("taskqueue.queue.oldest.age", () -> oldestAgeSeconds(queue))
				.tags(tags)
				.description("How long the longest-waiting ready task of the queue has waited")
				.baseUnit("seconds")
				.register(this.registry);
			Gauge.builder("taskqueue.workers.active", () -> activeWorkers(queue))
				.tags(tags)
				.description("Tasks of the queue running on this instance")
				.register(this.registry);
		}

		@Override
		public void onEvent(TaskEvent event) {
			registerQueue(event.queue());
			Task task = event.task();
			if (task == null) {
				return;
			}
			switch (event.type()) {
				case ADDED -> count("taskqueue.tasks.enqueued", "Tasks enqueued", task);
				case ACTIVE -> recordWait(task);
				case COMPLETED -> finished(event, task, "completed");
				case FAILED -> finished(event, task, "failed");
				case RETRYING -> finished(event, task, "retried");
				case STALLED -> count("taskqueue.tasks.stalled", "Tasks stalled", task);
				case CANCELLED -> count("taskqueue.tasks.cancelled", "Tasks cancelled", task);
				default -> {
				}
			}
		}

		private void finished(TaskEvent event, Task task, String outcome) {
			count("taskqueue.tasks." + outcome, "Tasks " + outcome, task);
			if (task.startedAt() != null) {
				Instant end = (task.finishedAt() != null) ? task.finishedAt() : event.at();
				Duration duration = Duration.between(task.startedAt(), end);
				Timer.builder("taskqueue.task.duration")
					.tags(tags(task).and("outcome", outcome))
					.description("How long an attempt ran")
					.register(this.registry)
					.record(duration.isNegative() ? Duration.ZERO : duration);
			}
		}

		private void recordWait(Task task) {
			if (task.startedAt() == null || task.scheduledAt() == null) {
				return;
			}
			Duration wait = Duration.between(task.scheduledAt(), task.startedAt());
			Timer.builder("taskqueue.task.wait")
				.tags(tags(task))
				.description("How long a ready task waited before it started")
				.register(this.registry)
				.record(wait.isNegative() ? Duration.ZERO : wait);
		}

		void registerCounters(String queue, String type) {
			for (String outcome : COUNTED) {
				counter("taskqueue.tasks." + outcome, "Tasks " + outcome, Tags.of("queue", queue, "type", type));
			}
		}

		private void count(String name, String description, Task task) {
			counter(name, description, tags(task)).increment();
		}

		private Counter counter(String name, String description, Tags tags) {
			return Counter.builder(name).tags(tags).description(description).register(this.registry);
		}

		private Tags tags(Task task) {
			return Tags.of("queue", task.queue(), "type", task.type());
		}

	}

}
