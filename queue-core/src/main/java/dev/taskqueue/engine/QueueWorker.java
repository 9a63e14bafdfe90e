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
 * Runs the tasks of one queue on this engine. One thread of the queue's executor at a
 * time holds the dispatcher role: it claims as many tasks as there are free slots
 * (blocking on the backend when there is nothing to claim), hands the role to another
 * executor thread, submits all claimed tasks but the first, and runs the first itself. So
 * the thread the backend wakes for new work is the one that runs it (one thread hand-off
 * between enqueue and start, not two), and the role's move happens while the task runs. A
 * finishing task records its outcome and, in the same backend step, claims the next one
 * to run on the same thread. The executor needs a thread more than the concurrency, for
 * the role.
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

	/** Guards the moves of the dispatcher role against the interrupt that stops it. */
	private final Object role = new Object();

	/** The thread holding the dispatcher role, or {@code null} while it moves. */
	private Thread dispatcher;

	/** Whether the role is held or moving (false once it ended without a successor). */
	private volatile boolean dispatching;

	private volatile boolean stopping;

	private volatile long heartbeatMillis;

	QueueWorker(String queue, int concurrency, EngineServices services, ExecutorService executor, Scheduler scheduler) {
		this.queue = queue;
		this.concurrency = concurrency;
		this.services = services;
		this.executor = executor;
		this.scheduler = scheduler;
	}

	void start() {
		this.heartbeatMillis = System.currentTimeMillis();
		this.dispatching = true;
		try {
			this.executor.execute(new DispatchRole());
		}
		catch (RejectedExecutionException ex) {
			this.dispatching = false;
			throw ex;
		}
	}

	String queue() {
		return this.queue;
	}

	int concurrency() {
		return this.concurrency;
	}

	boolean isAlive() {
		return this.dispatching;
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

	/**
	 * Claims and hands out tasks while this thread holds the dispatcher role.
	 * @return the first task of a claim, to run on this thread now that the role moved
	 * on, or {@code null} when the role ends here (stopping)
	 */
	private ClaimedTask dispatchLoop() {
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
				// every slot is taken before the role moves on: the next holder counts
				// the free ones
				ClaimedTask first = claims.get(0);
				reserveSlot();
				for (int i = 1; i < claims.size(); i++) {
					submit(claims.get(i));
				}
				if (!passRole()) {
					// stopping: the executor takes no more work
					handBack(first);
					slotDone();
					return null;
				}
				return first;
			}
			catch (InterruptedException ex) {
				if (this.stopping) {
					return null;
				}
			}
			catch (RuntimeException ex) {
				if (this.stopping) {
					return null;
				}
				logger.log(Level.WARNING, "Worker of queue '" + this.queue + "' could not claim tasks; retrying in "
						+ ERROR_PAUSE.toMillis() + " ms: " + ex);
				try {
					Thread.sleep(ERROR_PAUSE.toMillis());
				}
				catch (InterruptedException interrupted) {
					if (this.stopping) {
						return null;
					}
				}
			}
		}
		return null;
	}

	/**
	 * Leaves the dispatcher role and gives it to another executor thread.
	 * @return false if the executor refused (it was shut down), so the role ended
	 */
	private boolean passRole() {
		synchronized (this.role) {
			this.dispatcher = null;
		}
		// a stop that interrupted this thread as dispatcher must not reach the task it
		// runs next; the stop is seen through the stopping flag
		Thread.interrupted();
		try {
			this.executor.execute(new DispatchRole());
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/** The dispatcher role, run by one executor thread until it passes the role on. */
	private final class DispatchRole implements Runnable {

		@Override
		public void run() {
			synchronized (QueueWorker.this.role) {
				QueueWorker.this.dispatcher = Thread.currentThread();
			}
			ClaimedTask first = null;
			boolean passed = false;
			try {
				first = dispatchLoop();
				passed = first != null;
			}
			finally {
				synchronized (QueueWorker.this.role) {
					if (QueueWorker.this.dispatcher == Thread.currentThread()) {
						QueueWorker.this.dispatcher = null;
					}
				}
				if (!passed) {
					// stopping, or an error escaped: no thread holds the role any more
					QueueWorker.this.dispatching = false;
				}
			}
			if (first != null) {
				runChain(first);
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

	private void reserveSlot() {
		this.lock.lock();
		try {
			this.inFlight++;
			this.peak = Math.max(this.peak, this.inFlight);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void submit(ClaimedTask claim) {
		reserveSlot();
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
		synchronized (this.role) {
			if (this.dispatcher != null) {
				this.dispatcher.interrupt();
			}
		}
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
