package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.taskqueue.Task;
import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQueueException;
import dev.taskqueue.TaskTimeoutException;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.TaskOutcome;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * One attempt of one task on this engine: runs the handler on the calling thread,
 * enforces the timeout, throttles progress, and reacts to cancellation. Also the
 * handler's {@link TaskContext}.
 */
final class TaskExecution implements TaskContext {

	private static final System.Logger logger = System.getLogger(TaskExecution.class.getName());

	private final ClaimedTask claim;

	private final EngineServices services;

	private volatile Thread thread;

	private volatile boolean cancelled;

	private volatile boolean released;

	private volatile boolean timedOut;

	private long lastProgressWrite = Long.MIN_VALUE;

	private TaskProgress pendingProgress;

	private ScheduledFuture<?> pendingFlush;

	TaskExecution(ClaimedTask claim, EngineServices services) {
		this.claim = claim;
		this.services = services;
	}

	ClaimedTask claim() {
		return this.claim;
	}

	/**
	 * Runs the attempt and decides its outcome.
	 * @return the outcome to record, or {@code null} when there is nothing to record (the
	 * task was cancelled, removed, released or its lease was lost)
	 */
	TaskOutcome execute() {
		Task task = this.claim.task();
		this.thread = Thread.currentThread();
		ScheduledFuture<?> timeoutFuture = null;
		Duration timeout = task.timeout();
		if (timeout != null) {
			timeoutFuture = this.services.timer().schedule(this::onTimeout, timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		Object result = null;
		Throwable failure = null;
		try {
			HandlerDefinition handler = this.services.handlers().get(task.type());
			if (handler == null) {
				throw new TaskQueueException("no handler for task type '" + task.type() + "' on this instance (queue '"
						+ task.queue() + "')");
			}
			JsonNode payload = (task.payload() != null) ? task.payload() : NullNode.getInstance();
			result = handler.processor().process(payload, this);
		}
		catch (Throwable ex) {
			failure = ex;
			if (ex instanceof VirtualMachineError vmError && !(ex instanceof StackOverflowError)) {
				logger.log(Level.ERROR, "Task " + task.id() + " hit " + ex, ex);
			}
		}
		finally {
			if (timeoutFuture != null) {
				timeoutFuture.cancel(false);
			}
			this.thread = null;
			Thread.interrupted(); // the pool thread must not stay interrupted
		}
		if (this.cancelled || this.released) {
			return null;
		}
		flushProgress();
		Instant now = this.services.clock().instant();
		if (this.timedOut) {
			failure = new TaskTimeoutException(timeout);
		}
		if (failure == null) {
			try {
				JsonNode json = (result != null) ? this.services.mapper().valueToTree(result) : null;
				return new TaskOutcome.Completed(this.claim, json, now,
						this.services.factory().nextOccurrence(task, now));
			}
			catch (RuntimeException ex) {
				failure = new TaskQueueException("the handler's result of type " + result.getClass().getName()
						+ " cannot be written as JSON: " + ex.getMessage(), ex);
			}
		}
		TaskError error = TaskError.of(failure);
		if (task.attempts() < task.maxAttempts()) {
			Duration delay = task.backoff().delayAfter(task.attempts(), ThreadLocalRandom.current().nextDouble());
			return new TaskOutcome.Failed(this.claim, error, now, now.plus(delay), null);
		}
		NewTask next = this.services.factory().nextOccurrence(task, now);
		return new TaskOutcome.Failed(this.claim, error, now, null, next);
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
		Thread running = this.thread;
		if (running != null) {
			running.interrupt();
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
		long now = System.nanoTime();
		long interval = this.services.settings().progressInterval().toNanos();
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

	private void flushProgress() {
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

	private void write(TaskProgress progress) {
		try {
			if (!this.services.backend().progress(this.claim, progress)) {
				cancel();
			}
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Could not record progress of task " + taskId() + ": " + ex);
		}
	}

}
