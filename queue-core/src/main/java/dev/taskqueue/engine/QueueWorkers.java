package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;

/**
 * The {@link QueueWorker}s of one engine, one per queue it works on, with their
 * executors: started on demand, stopped together. Also the one place that stops the run
 * of a task whose lease this engine lost (cancelled, removed, or recovered elsewhere).
 * <p>
 * A worker that starts or stops is announced to every instance
 * ({@link dev.taskqueue.spi.TaskEventSource#announceWorker}) on the engine's timer, so
 * that an unreachable backend delays no start; a stop waits a little for its
 * announcements, so that they leave before the backend closes. Thread-safe.
 */
final class QueueWorkers {

	private static final System.Logger logger = System.getLogger(QueueWorkers.class.getName());

	private final EngineServices services;

	private final Scheduler scheduler;

	private final UnhandledTasks unhandled;

	private final Map<String, QueueWorker> workers = new ConcurrentHashMap<>();

	private final Map<String, ExecutorService> executors = new ConcurrentHashMap<>();

	private volatile ManualRunner manualRunner;

	/** The id of the engine's current start, which announcements name. */
	private final Supplier<Optional<String>> instanceId;

	/** The last announcement handed to the timer. */
	private volatile Future<?> announcing = CompletableFuture.completedFuture(null);

	QueueWorkers(EngineServices services, Scheduler scheduler, UnhandledTasks unhandled,
			Supplier<Optional<String>> instanceId) {
		this.services = services;
		this.scheduler = scheduler;
		this.unhandled = unhandled;
		this.instanceId = instanceId;
	}

	/**
	 * Starts the worker of a queue, unless it runs already.
	 * @param queue the queue
	 */
	void start(String queue) {
		boolean[] started = new boolean[1];
		this.workers.computeIfAbsent(queue, (name) -> {
			started[0] = true;
			EngineSettings settings = this.services.settings();
			int concurrency = settings.concurrencyOf(name, this.services.handlers().concurrencyOf(name));
			ExecutorService executor = Executors.forQueue(name, concurrency, settings.virtualThreads());
			this.executors.put(name, executor);
			QueueWorker worker = new QueueWorker(name, concurrency, this.services, executor, this.scheduler,
					this.unhandled);
			worker.start();
			return worker;
		});
		if (started[0]) {
			announce(TaskEventType.WORKER_STARTED, List.of(queue));
		}
	}

	/**
	 * Stops every worker gracefully: they stop claiming, running tasks get up to the
	 * shutdown timeout to finish, the rest are interrupted and handed back. Outcomes and
	 * hand-backs still being written then get up to {@code grace} more, since an
	 * interrupted write would leave its task to lease recovery, to run again.
	 * @param shutdownTimeout how long running tasks may take to finish
	 * @param grace how long writes in flight get after that
	 */
	void stop(Duration shutdownTimeout, Duration grace) {
		this.workers.values().forEach(QueueWorker::stopClaiming);
		long deadline = System.nanoTime() + shutdownTimeout.toNanos();
		for (QueueWorker worker : this.workers.values()) {
			try {
				if (!worker.awaitStopped(deadline)) {
					List<String> released = worker.releaseRunning();
					if (!released.isEmpty()) {
						logger.log(Level.INFO, "Handed back {0} unfinished task(s) of queue ''{1}''", released.size(),
								worker.queue());
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				worker.releaseRunning();
			}
		}
		long graceDeadline = System.nanoTime() + grace.toNanos();
		for (QueueWorker worker : this.workers.values()) {
			try {
				worker.awaitStopped(graceDeadline);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		// a worker's threads hold no task before they start: nothing to hand back
		this.executors.values().forEach(ExecutorService::shutdownNow);
		this.executors.clear();
		List<String> stopped = List.copyOf(this.workers.keySet());
		this.workers.clear();
		announce(TaskEventType.WORKER_STOPPED, stopped);
		awaitAnnouncements(grace);
	}

	/**
	 * Hands the announcements of workers that started or stopped to the timer. A backend
	 * that cannot be reached makes the rest of the batch be skipped: an event is not
	 * worth a wait per queue.
	 */
	private void announce(TaskEventType type, List<String> queues) {
		String instance = this.instanceId.get().orElse(null);
		if (instance == null || queues.isEmpty()) {
			return;
		}
		try {
			this.announcing = this.services.timer().submit(() -> {
				for (String queue : queues) {
					try {
						this.services.backend().announceWorker(type, queue, instance);
					}
					catch (RuntimeException ex) {
						logger.log(BackendFailures.level(ex),
								"Could not announce " + type.value() + " of queue '" + queue + "': " + ex);
						if (ex instanceof TaskQueueUnavailableException) {
							return;
						}
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// the timer is gone: the engine is closing
		}
	}

	private void awaitAnnouncements(Duration grace) {
		try {
			this.announcing.get(grace.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.log(Level.DEBUG, "Worker announcements did not finish: " + ex);
		}
	}

	/**
	 * A listener that stops the runs of the tasks whose events it hears (cancelled or
	 * removed, by any instance).
	 * @return the listener
	 */
	TaskEventListener cancellations() {
		return (event) -> {
			if (event.taskId() != null) {
				cancel(event.taskId());
			}
		};
	}

	/**
	 * Stops the run of a task on this engine, if it runs here: its handler is interrupted
	 * and its context reports the cancellation.
	 * @param taskId the task
	 */
	void cancel(String taskId) {
		for (QueueWorker worker : all()) {
			TaskExecution execution = worker.execution(taskId);
			if (execution != null) {
				execution.cancel();
			}
		}
	}

	/**
	 * The workers that run tasks: one per queue started, and those of the
	 * {@link ManualRunner}, if any.
	 * @return the workers
	 */
	Collection<QueueWorker> all() {
		ManualRunner runner = this.manualRunner;
		if (runner == null) {
			return this.workers.values();
		}
		List<QueueWorker> all = new ArrayList<>(this.workers.values());
		all.addAll(runner.workers());
		return all;
	}

	/**
	 * The runner of due tasks on the calling thread, made on first use. Its workers have
	 * no threads of their own.
	 * @return the runner
	 */
	synchronized ManualRunner manualRunner() {
		if (this.manualRunner == null) {
			this.manualRunner = new ManualRunner(this.services, this.scheduler,
					(queue) -> new QueueWorker(queue, 1, this.services, null, this.scheduler, this.unhandled));
		}
		return this.manualRunner;
	}

	List<WorkerState> states() {
		List<WorkerState> states = new ArrayList<>();
		for (QueueWorker worker : this.workers.values()) {
			states.add(new WorkerState(worker.queue(), worker.isAlive(), worker.active(), worker.concurrency(),
					Instant.ofEpochMilli(worker.heartbeatMillis())));
		}
		return states;
	}

}
