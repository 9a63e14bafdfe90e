package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.taskqueue.NonRetryableTaskException;
import dev.taskqueue.Task;
import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskLimits;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQueueException;
import dev.taskqueue.TaskTimeoutException;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.TaskOutcome;
import io.micrometer.observation.Observation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One attempt of one task on this engine: runs its handler on the calling thread,
 * enforces the timeout, throttles progress, and reacts to cancellation. Also the
 * handler's {@link TaskContext}.
 */
final class TaskExecution implements TaskContext {

	private static final System.Logger logger = System.getLogger(TaskExecution.class.getName());

	/** The longest error message recorded; longer ones are cut. */
	static final int MAX_ERROR_MESSAGE = 2000;

	private final ClaimedTask claim;

	private final HandlerDefinition handler;

	private final EngineServices services;

	/** Guards {@link #thread}, so no interrupt reaches the thread after the handler. */
	private final Object threadLock = new Object();

	/** Orders progress writes: the handler's and the throttle's never overtake. */
	private final Object writeLock = new Object();

	private Thread thread;

	private volatile boolean cancelled;

	private volatile boolean released;

	private volatile boolean timedOut;

	/** What failed the attempt, for its observation; set on the running thread. */
	private Throwable failure;

	private long lastProgressWrite = Long.MIN_VALUE;

	private TaskProgress pendingProgress;

	private ScheduledFuture<?> pendingFlush;

	TaskExecution(ClaimedTask claim, HandlerDefinition handler, EngineServices services) {
		this.claim = claim;
		this.handler = handler;
		this.services = services;
	}

	ClaimedTask claim() {
		return this.claim;
	}

	/**
	 * Runs the attempt and decides its outcome, observed as {@code taskqueue.process}:
	 * the handler runs in the observation's scope, so that what it observes (and the
	 * trace context in its logs) continues the trace of the enqueue.
	 * @return the outcome to record, or {@code null} when there is nothing to record (the
	 * task was cancelled, removed, released or its lease was lost)
	 */
	TaskOutcome execute() {
		Observation observation = this.services.observations().process(this.claim.task());
		TaskOutcome outcome = null;
		Throwable error = null;
		try (Observation.Scope scope = observation.openScope()) {
			outcome = run();
			return outcome;
		}
		catch (RuntimeException | Error ex) {
			error = ex;
			throw ex;
		}
		finally {
			if (!observation.isNoop()) {
				TaskObservations.stopProcess(observation, outcome, this.failure, error, this.released);
			}
		}
	}

	private TaskOutcome run() {
		Task task = this.claim.task();
		synchronized (this.threadLock) {
			if (this.cancelled || this.released) {
				return null;
			}
			this.thread = Thread.currentThread();
		}
		ScheduledFuture<?> timeoutFuture = null;
		Duration timeout = task.timeout();
		if (timeout != null) {
			timeoutFuture = this.services.timer().schedule(this::onTimeout, timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		Object result = null;
		Throwable failure = null;
		try {
			JsonNode payload = (task.payload() != null) ? task.payload() : NullNode.getInstance();
			result = this.handler.processor().process(payload, this);
		}
		catch (Throwable ex) {
			failure = ex;
			this.failure = ex;
			if (ex instanceof VirtualMachineError && !(ex instanceof StackOverflowError)) {
				logger.log(Level.ERROR, "Task " + task.id() + " hit " + ex, ex);
			}
		}
		finally {
			if (timeoutFuture != null) {
				timeoutFuture.cancel(false);
			}
			synchronized (this.threadLock) {
				this.thread = null;
				// the pool thread runs the next task of the chain: it must not stay
				// interrupted, and no late cancel or timeout can interrupt it any more
				Thread.interrupted();
			}
		}
		if (this.cancelled || this.released) {
			return null;
		}
		flushProgress();
		Instant now = this.services.clock().instant();
		if (this.timedOut) {
			failure = new TaskTimeoutException(timeout);
			this.failure = failure;
		}
		if (failure == null) {
			try {
				return new TaskOutcome.Completed(this.claim, toJson(result), now);
			}
			catch (TaskQueueException ex) {
				failure = ex;
				this.failure = ex;
			}
		}
		TaskError error = bounded(TaskError.of(failure));
		if (task.attempts() < task.maxAttempts() && !(failure instanceof NonRetryableTaskException)) {
			Duration delay = task.backoff().delayAfter(task.attempts(), ThreadLocalRandom.current().nextDouble());
			Throwable cause = failure;
			Level retried = this.services.settings().retriedAttemptLogLevel();
			if (retried != Level.OFF) {
				logger.log(retried, () -> describe(task) + " attempt " + task.attempts() + " of " + task.maxAttempts()
						+ " failed, retrying in " + delay + ": " + cause);
			}
			return new TaskOutcome.Failed(this.claim, error, now, now.plus(delay));
		}
		Level failed = this.services.settings().failedTaskLogLevel();
		if (failed != Level.OFF) {
			// logging at OFF would print: the JDK's OFF is the highest level, not none
			logger.log(failed, describe(task) + " failed for good after " + task.attempts() + " attempt(s): " + failure,
					failure);
		}
		return new TaskOutcome.Failed(this.claim, error, now, null);
	}

	/** The task as a log line names it. */
	private static String describe(Task task) {
		return "Task " + task.id() + " (type " + task.type() + ", queue " + task.queue() + ")";
	}

	/**
	 * The handler's result as JSON, within the payload size limit, so that a huge result
	 * fails its task with a clear error rather than burdening the backend.
	 */
	private JsonNode toJson(Object result) {
		if (result == null) {
			return null;
		}
		byte[] bytes;
		try {
			bytes = this.services.mapper().writeValueAsBytes(result);
		}
		catch (RuntimeException ex) {
			throw new TaskQueueException("the handler's result of type " + result.getClass().getName()
					+ " cannot be written as JSON: " + ex.getMessage(), ex);
		}
		int limit = this.services.settings().maxPayloadBytes();
		if (bytes.length > limit) {
			throw new TaskQueueException("the handler's result is " + bytes.length + " bytes as JSON; the limit is "
					+ limit + " (taskqueue.defaults.max-payload-size)");
		}
		JsonNode tree = this.services.mapper().readTree(bytes);
		try {
			return TaskLimits.checkJson("the handler's result", tree);
		}
		catch (IllegalArgumentException ex) {
			throw new TaskQueueException(ex.getMessage(), ex);
		}
	}

	/** An error whose message cannot flood the backend, whatever the handler threw. */
	private static TaskError bounded(TaskError error) {
		if (error.message().length() <= MAX_ERROR_MESSAGE) {
			return error;
		}
		String message = error.message().substring(0, MAX_ERROR_MESSAGE) + "... ("
				+ (error.message().length() - MAX_ERROR_MESSAGE) + " more characters)";
		return new TaskError(message, error.type(), error.stackTrace());
	}

	/** The task was cancelled, removed, or its lease lost: stop the handler. */
	void cancel() {
		this.cancelled = true;
		interrupt();
	}

	/**
	 * The engine is stopping and hands the task back: stop the handler, record nothing.
	 */
	void release() {
		this.released = true;
		interrupt();
	}

	private void onTimeout() {
		this.timedOut = true;
		interrupt();
	}

	private void interrupt() {
		synchronized (this.threadLock) {
			if (this.thread != null) {
				this.thread.interrupt();
			}
		}
	}

	// --- TaskContext ---

	@Override
	public String taskId() {
		return this.claim.task().id();
	}

	@Override
	public String type() {
		return this.claim.task().type();
	}

	@Override
	public String queue() {
		return this.claim.task().queue();
	}

	@Override
	public int attempt() {
		return this.claim.task().attempts();
	}

	@Override
	public boolean isCancelled() {
		return this.cancelled;
	}

	@Override
	public void progress(int percentage, String message) {
		report(new TaskProgress(percentage, null, null, message));
	}

	@Override
	public void progress(int percentage, long current, long total, String message) {
		report(new TaskProgress(percentage, current, total, message));
	}

	private void report(TaskProgress progress) {
		if (this.cancelled || this.released) {
			return;
		}
		long interval = this.services.settings().progressInterval().toNanos();
		synchronized (this.writeLock) {
			long now = System.nanoTime();
			synchronized (this) {
				long since = now - this.lastProgressWrite;
				if (this.lastProgressWrite != Long.MIN_VALUE && since < interval && progress.percentage() < 100) {
					this.pendingProgress = progress;
					if (this.pendingFlush == null) {
						this.pendingFlush = this.services.timer()
							.schedule(this::flushProgress, interval - since, TimeUnit.NANOSECONDS);
					}
					return;
				}
				this.lastProgressWrite = now;
				this.pendingProgress = null;
			}
			write(progress);
		}
	}

	/**
	 * Writes the progress held back by the throttle, if any. Waits for a write under way,
	 * so that once this returns after the handler, the last report is recorded.
	 */
	private void flushProgress() {
		synchronized (this.writeLock) {
			TaskProgress progress;
			synchronized (this) {
				progress = this.pendingProgress;
				this.pendingProgress = null;
				this.pendingFlush = null;
				if (progress == null) {
					return;
				}
				this.lastProgressWrite = System.nanoTime();
			}
			if (!this.cancelled && !this.released) {
				write(progress);
			}
		}
	}

	private void write(TaskProgress progress) {
		try {
			if (!this.services.backend().progress(this.claim, progress)) {
				cancel();
			}
		}
		catch (RuntimeException ex) {
			logger.log(BackendFailures.level(ex), "Could not record progress of task " + taskId() + ": " + ex);
		}
	}

}
