package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import dev.taskqueue.event.TaskEventListener;

/**
 * The {@link QueueWorker}s of one engine, one per queue it works on, with their
 * executors: started on demand, stopped together. Also the one place that stops the run
 * of a task whose lease this engine lost (cancelled, removed, or recovered elsewhere).
 * Thread-safe.
 */
final class QueueWorkers {

	private static final System.Logger logger = System.getLogger(QueueWorkers.class.getName());

	private final EngineServices services;

	private final Scheduler scheduler;

	private final UnhandledTasks unhandled;

	private final Map<String, QueueWorker> workers = new ConcurrentHashMap<>();

	private final Map<String, ExecutorService> executors = new ConcurrentHashMap<>();

	private volatile ManualRunner manualRunner;

	QueueWorkers(EngineServices services, Scheduler scheduler, UnhandledTasks unhandled) {
		this.services = services;
		this.scheduler = scheduler;
		this.unhandled = unhandled;
	}

	/**
	 * Starts the worker of a queue, unless it runs already.
	 * @param queue the queue
	 */
	void start(String queue) {
		this.workers.computeIfAbsent(queue, (name) -> {
			EngineSettings settings = this.services.settings();
			int concurrency = settings.concurrencyOf(name, this.services.handlers().concurrencyOf(name));
			ExecutorService executor = Executors.forQueue(name, concurrency, settings.virtualThreads());
			this.executors.put(name, executor);
			QueueWorker worker = new QueueWorker(name, concurrency, this.services, executor, this.scheduler,
					this.unhandled);
			worker.start();
			return worker;
		});
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
		this.workers.clear();
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
