package dev.taskqueue.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;

/**
 * Runs an engine's due work on the calling thread, for tests: {@link #runDue()} makes due
 * delayed and retrying tasks ready, fires due schedules, then claims and runs ready tasks
 * one at a time until none is ready, and repeats while that ran anything (a task may
 * enqueue or retry others that are due at once). It takes the same path as the engine's
 * workers: the same claim, the same attempt (timeout, progress, retry policy, events,
 * metrics) and the same atomic finish, on either backend.
 * <p>
 * Queues are served in the order of their names, each in the backend's order (priority,
 * then FIFO), so that with workers off ({@code taskqueue.worker.enabled=false}) a run is
 * deterministic. With workers on it still works, but they compete for the same tasks: a
 * run then returns the attempts it made itself, not every attempt made meanwhile.
 * <p>
 * Only queues this engine has handlers for are served. A task whose type has no handler
 * here is handed back like a worker hands it back. A task run here gets its lease renewed
 * and hears its cancellation like a task run by a worker. Thread-safe: one run at a time
 * per engine; a run started from within a run on the same thread (a handler that enqueues
 * while a test runs in inline mode) returns at once, since the outer run picks up what is
 * new.
 */
public final class ManualRunner {

	/**
	 * The most attempts one {@link #runDue()} makes before it fails, so that a handler
	 * that enqueues a new task each time it runs cannot keep a test busy forever.
	 */
	public static final int MAX_ATTEMPTS_PER_RUN = 10_000;

	private final EngineServices services;

	private final Scheduler scheduler;

	private final Function<String, QueueWorker> workers;

	private final Map<String, QueueWorker> byQueue = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	/** The finished attempts of the run on this thread; null outside a run. */
	private final ThreadLocal<List<TaskEvent>> finished = new ThreadLocal<>();

	ManualRunner(EngineServices services, Scheduler scheduler, Function<String, QueueWorker> workers) {
		this.services = services;
		this.scheduler = scheduler;
		this.workers = workers;
		TaskEventListener recorder = (event) -> {
			List<TaskEvent> run = this.finished.get();
			if (run != null) {
				run.add(event);
			}
		};
		services.events()
			.addLocalListener(recorder,
					EnumSet.of(TaskEventType.COMPLETED, TaskEventType.RETRYING, TaskEventType.FAILED));
	}

	/**
	 * The runner of an engine (one per engine).
	 * @param engine the engine
	 * @return its runner
	 */
	public static ManualRunner of(TaskEngine engine) {
		return engine.workers.manualRunner();
	}

	/**
	 * Runs what is due now on the calling thread, as the type describes.
	 * @return one event per attempt made, in order: {@code completed}, {@code retrying}
	 * or {@code failed}, each with the task as it was claimed (status {@code active},
	 * {@code attempts} counting this attempt); empty when nothing was due, or when called
	 * from within a run on the same thread
	 * @throws IllegalStateException after {@value #MAX_ATTEMPTS_PER_RUN} attempts in one
	 * run
	 * @throws RuntimeException what the backend threw when it could not promote, fire or
	 * claim
	 */
	public List<TaskEvent> runDue() {
		if (this.lock.isHeldByCurrentThread()) {
			return List.of();
		}
		this.lock.lock();
		List<TaskEvent> run = new ArrayList<>();
		this.finished.set(run);
		try {
			int before;
			do {
				before = run.size();
				this.services.backend().promoteDue();
				this.scheduler.schedules().fireDue();
				TreeSet<String> queues = new TreeSet<>();
				this.services.handlers().all().forEach((handler) -> queues.add(handler.queue()));
				for (String queue : queues) {
					runReady(queue, run);
				}
			}
			while (run.size() > before);
			return List.copyOf(run);
		}
		finally {
			this.finished.remove();
			this.lock.unlock();
		}
	}

	private void runReady(String queue, List<TaskEvent> run) {
		QueueWorker worker = this.byQueue.computeIfAbsent(queue, this.workers);
		ClaimedTask next = null;
		while (true) {
			if (next == null) {
				List<ClaimedTask> claims = this.services.backend()
					.claim(queue, 1, this.services.settings().leaseDuration());
				if (claims.isEmpty()) {
					return;
				}
				next = claims.get(0);
			}
			if (run.size() >= MAX_ATTEMPTS_PER_RUN) {
				this.services.backend().release(next);
				throw new IllegalStateException("runDue() made " + MAX_ATTEMPTS_PER_RUN
						+ " attempts and tasks are still ready: does a handler enqueue a new task each time it runs?");
			}
			// the worker's own step: run, record the outcome, and take the next ready
			// task the backend claimed in that same step, if any
			next = worker.runOne(next);
		}
	}

	/**
	 * The workers that ran this runner's tasks, for lease renewal and cancellation.
	 * @return the workers, one per queue served so far
	 */
	Collection<QueueWorker> workers() {
		return this.byQueue.values();
	}

}
