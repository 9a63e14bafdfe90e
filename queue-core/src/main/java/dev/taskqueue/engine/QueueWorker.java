package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.TaskOutcome;

/**
 * Runs the tasks of one queue on this engine. Up to {@link #DISPATCHERS} threads of the
 * queue's executor at a time hold the dispatcher role: each claims as many tasks as there
 * are free slots (blocking on the backend when there is nothing to claim), submits all
 * claimed tasks but the first, and runs the first itself. A dispatcher that claims leaves
 * the role to the other one, so the thread the backend wakes for new work runs it at
 * once: one thread hand-off between enqueue and start, and no other thread to wake first.
 * Only the last dispatcher hands its role to another executor thread before it runs its
 * task. A thread whose tasks are done takes the role back while fewer than two hold it,
 * rather than going back to the pool. A finishing task records its outcome and, in the
 * same backend step, claims the next one to run on the same thread. A claimed task whose
 * type has no handler here is handed back for another instance ({@link UnhandledTasks}).
 * The executor needs two threads more than the concurrency, for the role.
 */
final class QueueWorker {

	private static final System.Logger logger = System.getLogger(QueueWorker.class.getName());

	private static final Duration IDLE_WAIT = Duration.ofSeconds(30);

	private static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

	/** How many threads hold the dispatcher role while the worker is idle. */
	static final int DISPATCHERS = 2;

	private final String queue;

	private final int concurrency;

	private final EngineServices services;

	private final ExecutorService executor;

	private final Scheduler scheduler;

	private final UnhandledTasks unhandled;

	private final Map<String, TaskExecution> running = new ConcurrentHashMap<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition slotFreed = this.lock.newCondition();

	private int inFlight;

	private int peak;

	/**
	 * Held while free slots are counted, claimed and taken: dispatchers claim in turn.
	 */
	private final ReentrantLock claiming = new ReentrantLock();

	/**
	 * Guards the dispatcher role: how many hold it and which threads, against the
	 * interrupt that stops them.
	 */
	private final Object role = new Object();

	/** The threads holding the dispatcher role now. */
	private final Set<Thread> dispatcherThreads = new HashSet<>();

	/** How many threads hold the role, or were given it and have not started yet. */
	private int dispatchers;

	/** Whether some thread holds the role or is given it (false once it ended). */
	private volatile boolean dispatching;

	private volatile boolean stopping;

	private volatile long heartbeatMillis;

	QueueWorker(String queue, int concurrency, EngineServices services, ExecutorService executor, Scheduler scheduler,
			UnhandledTasks unhandled) {
		this.queue = queue;
		this.concurrency = concurrency;
		this.services = services;
		this.executor = executor;
		this.scheduler = scheduler;
		this.unhandled = unhandled;
	}

	void start() {
		this.heartbeatMillis = System.currentTimeMillis();
		for (int i = 0; i < DISPATCHERS; i++) {
			synchronized (this.role) {
				this.dispatchers++;
				this.dispatching = true;
			}
			try {
				this.executor.execute(new DispatchRole());
			}
			catch (RejectedExecutionException ex) {
				roleEnded();
				throw ex;
			}
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
	 * @param waitFirst whether to wait for work before the first claim: a thread whose
	 * last claim found nothing (a wake-up left since then returns the wait at once)
	 * @return the first task of a claim, to run on this thread now that the role moved
	 * on, or {@code null} when the role ends here (stopping)
	 */
	private ClaimedTask dispatchLoop(boolean waitFirst) {
		Duration lease = this.services.settings().leaseDuration();
		boolean wait = waitFirst;
		while (!this.stopping) {
			this.heartbeatMillis = System.currentTimeMillis();
			try {
				if (wait) {
					wait = false;
					this.services.backend().awaitWork(this.queue, IDLE_WAIT);
					continue;
				}
				if (!awaitFreeSlot()) {
					continue;
				}
				List<ClaimedTask> claims = claim(lease);
				if (claims == null) {
					// the other dispatcher took the free slots meanwhile
					continue;
				}
				if (claims.isEmpty()) {
					this.services.backend().awaitWork(this.queue, IDLE_WAIT);
					continue;
				}
				ClaimedTask first = claims.get(0);
				for (int i = 1; i < claims.size(); i++) {
					submitClaimed(claims.get(i));
				}
				if (!leaveRole()) {
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
				logger.log(BackendFailures.level(ex), "Worker of queue '" + this.queue
						+ "' could not claim tasks; retrying in " + ERROR_PAUSE.toMillis() + " ms: " + ex);
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
	 * Claims as many tasks as there are free slots, one dispatcher at a time, and takes a
	 * slot for each.
	 * @param lease the lease of each claim
	 * @return the claims (empty when there was nothing to claim), or {@code null} when no
	 * slot was free any more
	 */
	private List<ClaimedTask> claim(Duration lease) {
		this.claiming.lock();
		try {
			int free;
			this.lock.lock();
			try {
				free = this.concurrency - this.inFlight;
			}
			finally {
				this.lock.unlock();
			}
			if (free <= 0) {
				return null;
			}
			List<ClaimedTask> claims = this.services.backend().claim(this.queue, free, lease);
			// every slot is taken before the next claim counts the free ones
			reserveSlots(claims.size());
			return claims;
		}
		finally {
			this.claiming.unlock();
		}
	}

	/**
	 * Leaves the dispatcher role to run a claimed task; the last holder first gives it to
	 * another executor thread.
	 * @return false if the executor refused (it was shut down), so the role ended
	 */
	private boolean leaveRole() {
		boolean last;
		synchronized (this.role) {
			this.dispatcherThreads.remove(Thread.currentThread());
			// the role passes from this thread to the new one without the count falling
			last = this.dispatchers == 1;
			if (!last) {
				this.dispatchers--;
			}
		}
		// a stop that interrupted this thread as dispatcher must not reach the task it
		// runs next; the stop is seen through the stopping flag
		Thread.interrupted();
		if (!last) {
			return true;
		}
		try {
			this.executor.execute(new DispatchRole());
			return true;
		}
		catch (RejectedExecutionException ex) {
			// the role ends with this thread (counted by dispatch())
			return false;
		}
	}

	/**
	 * Takes the dispatcher role for a thread whose tasks are done, while fewer than
	 * {@link #DISPATCHERS} threads hold it.
	 * @return whether this thread holds the role now
	 */
	private boolean takeRole() {
		synchronized (this.role) {
			if (this.stopping || this.dispatchers >= DISPATCHERS) {
				return false;
			}
			this.dispatchers++;
			this.dispatching = true;
			return true;
		}
	}

	/** Counts a holder of the role gone without a successor. */
	private void roleEnded() {
		synchronized (this.role) {
			this.dispatchers--;
			if (this.dispatchers == 0) {
				this.dispatching = false;
			}
		}
	}

	/**
	 * Dispatches while this thread holds the role (counted in {@link #dispatchers}).
	 * @param waitFirst whether to wait for work before claiming
	 * @return the first task of a claim, to run on this thread now that it left the role,
	 * or {@code null} when the role ended here (stopping)
	 */
	private ClaimedTask dispatch(boolean waitFirst) {
		synchronized (this.role) {
			this.dispatcherThreads.add(Thread.currentThread());
		}
		ClaimedTask first = null;
		try {
			first = dispatchLoop(waitFirst);
			return first;
		}
		finally {
			if (first == null) {
				// stopping, or an error escaped
				synchronized (this.role) {
					this.dispatcherThreads.remove(Thread.currentThread());
				}
				roleEnded();
			}
		}
	}

	/**
	 * Runs a task and the chain after it, then takes the dispatcher role if it is short
	 * of holders, and so on until the role is full or the worker stops.
	 * @param claim the task to run first, or {@code null} to start as a dispatcher (whose
	 * role is already counted)
	 */
	private void work(ClaimedTask claim) {
		ClaimedTask next = claim;
		boolean chainEnded = false;
		while (true) {
			if (next == null) {
				// a chain ends when its last finish claimed nothing: no claim before the
				// wait (a task that came since then left a wake-up)
				next = dispatch(chainEnded);
				if (next == null) {
					return;
				}
			}
			runChain(next);
			next = null;
			chainEnded = true;
			if (!takeRole()) {
				return;
			}
		}
	}

	/** The dispatcher role, given to an executor thread. */
	private final class DispatchRole implements Runnable {

		@Override
		public void run() {
			work(null);
		}

	}

	/** Waits for a free slot; returns false when woken to stop. */
	private boolean awaitFreeSlot() throws InterruptedException {
		this.lock.lock();
		try {
			while (this.inFlight >= this.concurrency && !this.stopping) {
				this.slotFreed.await();
			}
			return !this.stopping;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void reserveSlots(int count) {
		this.lock.lock();
		try {
			this.inFlight += count;
			this.peak = Math.max(this.peak, this.inFlight);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Runs a claimed task, whose slot is taken, on another executor thread. */
	private void submitClaimed(ClaimedTask claim) {
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
		HandlerDefinition handler = this.services.handlers().get(claim.task().type());
		if (handler == null) {
			// another type of the queue, handled by other instances (a rolling deploy)
			this.unhandled.handBack(claim);
			return null;
		}
		this.services.events().started(claim);
		TaskExecution execution = new TaskExecution(claim, handler, this.services);
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
				this.services.events().finished(outcome);
			}
			return this.stopping ? releaseIfClaimed(result.next()) : result.next();
		}
		catch (RuntimeException ex) {
			logger.log(BackendFailures.level(ex), "Could not record the outcome of task " + claim.id()
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
			this.dispatcherThreads.forEach(Thread::interrupt);
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
			work(this.claim);
		}

	}

}
