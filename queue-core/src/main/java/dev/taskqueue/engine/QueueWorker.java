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

import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.TaskOutcome;

/**
 * Runs the tasks of one queue on this engine with {@code concurrency} threads of its
 * executor, each in the same loop: wait for work and claim one task, run it, then run
 * each next task the backend claims in the same step as it records an outcome (the chain)
 * until a finish claims nothing, and wait again. A thread runs one task at a time, so no
 * more than {@code concurrency} tasks run at once; which idle threads wait on the
 * backend, and how a stop wakes them without reaching a handler, is
 * {@link WorkerThreads}'s business. After {@link #stopClaiming()} nothing more is claimed
 * and a task claimed meanwhile (a chain's next one too) is handed back unrun; running
 * tasks finish, or {@link #releaseRunning()} interrupts them and hands them back. A
 * claimed task whose type has no handler here goes to {@link UnhandledTasks}. A failed
 * claim is logged and tried again after {@link #ERROR_PAUSE}; a failed finish leaves its
 * task to lease recovery. Thread-safe.
 */
final class QueueWorker {

	private static final System.Logger logger = System.getLogger(QueueWorker.class.getName());

	private static final Duration IDLE_WAIT = Duration.ofSeconds(30);

	/** How long a thread waits after a failed claim before it claims again. */
	static final Duration ERROR_PAUSE = Duration.ofSeconds(1);

	/**
	 * How many idle threads wait on the backend at once: with two, the one woken for a
	 * task runs it at once while the other goes on waiting.
	 */
	private static final int WATCHERS = 2;

	private final String queue;

	private final int concurrency;

	private final EngineServices services;

	private final ExecutorService executor;

	private final Scheduler scheduler;

	private final UnhandledTasks unhandled;

	private final Map<String, TaskExecution> running = new ConcurrentHashMap<>();

	private final WorkerThreads threads = new WorkerThreads(WATCHERS);

	private volatile long heartbeatMillis;

	/**
	 * Creates a worker.
	 * @param executor runs the worker's {@code concurrency} threads (it needs no more)
	 */
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
		for (int i = 0; i < this.concurrency; i++) {
			WorkerThreads.Member member = this.threads.join();
			try {
				this.executor.execute(() -> work(member));
			}
			catch (RejectedExecutionException ex) {
				this.threads.end(member);
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
		return this.threads.isAlive();
	}

	long heartbeatMillis() {
		return this.heartbeatMillis;
	}

	int active() {
		return this.threads.running();
	}

	Collection<TaskExecution> executions() {
		return this.running.values();
	}

	TaskExecution execution(String taskId) {
		return this.running.get(taskId);
	}

	/** One thread's loop. */
	private void work(WorkerThreads.Member member) {
		try {
			// a thread back from a chain waits before it claims, since a task that became
			// ready since its last claim left a wake-up (as does a claim that leaves
			// tasks waiting); a new thread cannot know that, so it claims first
			boolean waitFirst = false;
			while (this.threads.watch(member)) {
				ClaimedTask claim = awaitClaim(member, waitFirst);
				if (claim == null) {
					return;
				}
				this.threads.run(member);
				runChain(claim);
				waitFirst = true;
			}
		}
		finally {
			this.threads.end(member);
		}
	}

	/**
	 * Waits for work and claims one task, as a watching member.
	 * @return the claim, or {@code null} once the worker stops
	 */
	private ClaimedTask awaitClaim(WorkerThreads.Member member, boolean waitFirst) {
		Duration lease = this.services.settings().leaseDuration();
		boolean wait = waitFirst;
		while (!this.threads.isClosed()) {
			this.heartbeatMillis = System.currentTimeMillis();
			try {
				if (wait && !this.threads.awaitWork(member,
						() -> this.services.backend().awaitWork(this.queue, IDLE_WAIT))) {
					return null;
				}
				List<ClaimedTask> claims = this.services.backend().claim(this.queue, 1, lease);
				if (!claims.isEmpty()) {
					return claims.get(0);
				}
				wait = true;
			}
			catch (RuntimeException ex) {
				if (this.threads.isClosed()) {
					return null;
				}
				logger.log(BackendFailures.level(ex), "Worker of queue '" + this.queue
						+ "' could not claim tasks; retrying in " + ERROR_PAUSE.toMillis() + " ms: " + ex);
				// the failed call may have taken a wake-up: claim before waiting again
				wait = false;
				this.threads.pause(ERROR_PAUSE);
			}
		}
		return null;
	}

	/**
	 * Runs a claimed task, then each next task the backend hands over in the same step;
	 * hands the task back instead if the worker stops.
	 */
	private void runChain(ClaimedTask first) {
		if (this.threads.isClosed()) {
			// claimed as the worker began to stop: not started, so hand it back
			handBack(first);
			return;
		}
		ClaimedTask current = first;
		while (current != null) {
			current = runOne(current);
		}
	}

	/**
	 * Runs one claimed task on the calling thread and records its outcome.
	 * @return the next task the backend claimed in the same step, or null
	 */
	ClaimedTask runOne(ClaimedTask claim) {
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
			boolean stopping = this.threads.isClosed();
			FinishResult result = this.services.backend()
				.finish(outcome, !stopping, this.services.settings().leaseDuration());
			if (result.accepted()) {
				noteSchedules(outcome);
				this.services.events().finished(outcome);
			}
			if (result.next() != null && this.threads.isClosed()) {
				// the stop began while the finish claimed it
				handBack(result.next());
				return null;
			}
			return result.next();
		}
		catch (RuntimeException ex) {
			logger.log(BackendFailures.level(ex), "Could not record the outcome of task " + claim.id()
					+ "; it will be recovered when its lease expires: " + ex);
			return null;
		}
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
	}

	/** Stops claiming and wakes the threads waiting for work; running tasks go on. */
	void stopClaiming() {
		this.threads.close();
	}

	/**
	 * Waits, after {@link #stopClaiming()}, until every thread of this worker left its
	 * loop (its tasks finished or handed back) or the deadline passes.
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()}
	 * @return true if every thread left
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitStopped(long deadlineNanos) throws InterruptedException {
		return this.threads.awaitEnded(deadlineNanos);
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

}
