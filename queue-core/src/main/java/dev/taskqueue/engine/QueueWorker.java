package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.TaskOutcome;

/**
 * Runs the tasks of one queue on this engine: a dispatcher thread claims as many tasks as
 * there are free slots (blocking on the backend when there is nothing to claim) and hands
 * them to the executor; a finishing task records its outcome and, in the same backend
 * step, claims the next one to run on the same thread.
 */
final class QueueWorker {

	private static final System.Logger logger = System.getLogger(QueueWorker.class.getName());

	private static final Duration IDLE_WAIT = Duration.ofSeconds(30);

	private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

	private final String queue;

	private final int concurrency;

	private final EngineServices services;

	private final ExecutorService executor;

	private final Scheduler scheduler;

	private final Map<String, TaskExecution> running = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition slotFreed = this.lock.newCondition();

	private int inFlight;

	private int peak;

	private final Thread dispatcher;

	private volatile boolean stopping;

	private volatile long heartbeatMillis;

	QueueWorker(String queue, int concurrency, EngineServices services, ExecutorService executor, Scheduler scheduler) {
		this.queue = queue;
		this.concurrency = concurrency;
		this.services = services;
		this.executor = executor;
		this.scheduler = scheduler;
		this.dispatcher = new Thread(this::dispatchLoop, "taskqueue-dispatch-" + queue);
		this.dispatcher.setDaemon(true);
	}

	void start() {
		this.heartbeatMillis = System.currentTimeMillis();
		this.dispatcher.start();
	}

	String queue() {
		return this.queue;
	}

	int concurrency() {
		return this.concurrency;
	}

	boolean isAlive() {
		return this.dispatcher.isAlive();
	}

	long heartbeatMillis() {
		return this.heartbeatMillis;
	}

	int active() {
		this.lock.lock();
		try {
			return this.inFlight;
		}
		finally {
			this.lock.unlock();
		}
	}

	Collection<TaskExecution> executions() {
		return this.running.values();
	}

	TaskExecution execution(String taskId) {
		return this.running.get(taskId);
	}

	private void dispatchLoop() {
		Duration lease = this.services.settings().leaseDuration();
		while (!this.stopping) {
			this.heartbeatMillis = System.currentTimeMillis();
			try {
				int free = awaitFreeSlots();
				if (free == 0) {
					continue;
				}
				List<ClaimedTask> claims = this.services.backend().claim(this.queue, free, lease);
				if (claims.isEmpty()) {
					this.services.backend().awaitWork(this.queue, IDLE_WAIT);
					continue;
				}
				for (ClaimedTask claim : claims) {
					submit(claim);
				}
			}
			catch (InterruptedException ex) {
				if (this.stopping) {
					return;
				}
			}
			catch (RuntimeException ex) {
				if (this.stopping) {
					return;
				}
				logger.log(Level.WARNING, "Worker of queue '" + this.queue + "' could not claim tasks; retrying in "
						+ ERROR_PAUSE.toMillis() + " ms: " + ex);
				try {
					Thread.sleep(ERROR_PAUSE.toMillis());
				}
				catch (InterruptedException interrupted) {
					return;
				}
			}
		}
	}

	/** Waits for a free slot; returns how many are free (0 when woken to stop). */
	private int awaitFreeSlots() throws InterruptedException {
		this.lock.lock();
		try {
			while (this.inFlight >= this.concurrency && !this.stopping) {
				this.slotFreed.await();
			}
			return this.stopping ? 0 : this.concurrency - this.inFlight;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void submit(ClaimedTask claim) {
		this.lock.lock();
		try {
			this.inFlight++;
			this.peak = Math.max(this.peak, this.inFlight);
		}
		finally {
			this.lock.unlock();
		}
		try {
			this.executor.execute(new ClaimRun(claim));
		}
		catch (RejectedExecutionException ex) {
			// stopping: hand the task straight back
			handBack(claim);
			slotDone();
		}
	}

	/**
	 * Runs a claimed task, then each next task the backend hands over in the same step.
	 */
	private void runChain(ClaimedTask first) {
		ClaimedTask current = first;
		try {
			if (this.stopping) {
				// claimed just before the worker began to stop: not started, so hand it
				// back
				handBack(first);
				return;
			}
			while (current != null) {
				current = runOne(current);
			}
		}
		finally {
			slotDone();
		}
	}

	private ClaimedTask runOne(ClaimedTask claim) {
		this.services.localEvents().started(claim);
		TaskExecution execution = new TaskExecution(claim, this.services);
		this.running.put(claim.id(), execution);
		TaskOutcome outcome;
		try {
			outcome = execution.execute();
		}
		catch (RuntimeException | Error ex) {
			// an engine bug, not the handler's failure (execute() catches those): do not
			// leave the task active until its lease runs out
			logger.log(Level.ERROR, "Could not run task " + claim.id() + "; handing it back", ex);
			handBack(claim);
			return null;
		}
		finally {
			this.running.remove(claim.id());
		}
		if (outcome == null) {
			return null;
		}
		try {
			FinishResult result = this.services.backend()
				.finish(outcome, !this.stopping, this.services.settings().leaseDuration());
			if (result.accepted()) {
				noteSchedules(outcome);
				this.services.localEvents().finished(outcome);
			}
			return this.stopping ? releaseIfClaimed(result.next()) : result.next();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Could not record the outcome of task " + claim.id()
					+ "; it will be recovered when its lease expires: " + ex);
			return null;
		}
	}

	private ClaimedTask releaseIfClaimed(ClaimedTask next) {
		if (next != null) {
			handBack(next);
		}
		return null;
	}

	private boolean handBack(ClaimedTask claim) {
		try {
			return this.services.backend().release(claim);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING,
					"Could not hand back task " + claim.id() + "; it will be recovered when its lease expires: " + ex);
			return false;
		}
	}

	private void noteSchedules(TaskOutcome outcome) {
		if (outcome instanceof TaskOutcome.Failed failed && failed.retryAt() != null) {
			this.scheduler.dueAt(failed.retryAt());
		}
		if (outcome.nextOccurrence() != null) {
			this.scheduler.dueAt(outcome.nextOccurrence().scheduledAt());
		}
	}

	private void slotDone() {
		this.lock.lock();
		try {
			this.inFlight--;
			this.slotFreed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Stops claiming; running tasks go on. */
	void stopClaiming() {
		this.stopping = true;
		this.lock.lock();
		try {
			this.slotFreed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		this.dispatcher.interrupt();
	}

	/** Waits until no task runs or the deadline passes; returns true if none runs. */
	boolean awaitIdle(long deadlineNanos) throws InterruptedException {
		this.lock.lock();
		try {
			while (this.inFlight > 0) {
				long left = deadlineNanos - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.slotFreed.awaitNanos(left);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Hands every running task back to the backend and interrupts it. */
	List<String> releaseRunning() {
		List<String> released = new ArrayList<>();
		for (TaskExecution execution : this.running.values()) {
			execution.release();
			if (handBack(execution.claim())) {
				released.add(execution.claim().id());
			}
		}
		return released;
	}

	/**
	 * Hands back the tasks of runs the executor never started (it was shut down).
	 * @param notStarted what the executor's {@code shutdownNow()} returned
	 */
	void releaseUnstarted(List<Runnable> notStarted) {
		for (Runnable runnable : notStarted) {
			if (runnable instanceof ClaimRun run) {
				handBack(run.claim);
			}
		}
	}

	/** The run of one claimed task (and the chain after it), known by its claim. */
	private final class ClaimRun implements Runnable {

		private final ClaimedTask claim;

		ClaimRun(ClaimedTask claim) {
			this.claim = claim;
		}

		@Override
		public void run() {
			runChain(this.claim);
		}

	}

}
