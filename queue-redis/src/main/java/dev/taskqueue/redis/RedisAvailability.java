package dev.taskqueue.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import io.lettuce.core.RedisException;

import dev.taskqueue.TaskQueueUnavailableException;

/**
 * Whether Redis can serve the backend, as its calls found out: an outage starts with the
 * first call that fails because Redis is unreachable, refuses to serve (loading its data,
 * busy) or did not answer in time, and ends when a probe on a new connection gets an
 * answer. Each outage is logged twice, once when it starts (WARN) and once when it ends
 * (INFO), whatever the number of calls that fail meanwhile.
 * <p>
 * During an outage calls fail at once with a {@link TaskQueueUnavailableException}
 * instead of waiting for a reply that cannot come (and instead of being queued by Lettuce
 * and sent long after their caller gave up); a probe runs every
 * {@value #PROBE_EVERY_MILLIS} ms. When an outage starts, the hooks registered with
 * {@link #onOutage(Runnable)} release what waits on Redis (blocking connections, combined
 * calls). Thread-safe.
 */
final class RedisAvailability implements AutoCloseable {

	/** How often Redis is asked whether it answers again during an outage, in ms. */
	static final long PROBE_EVERY_MILLIS = 500;

	private static final System.Logger logger = System.getLogger(RedisTaskBackend.class.getName());

	private final Duration timeout;

	private final BooleanSupplier shuttingDown;

	private final Runnable probe;

	private final List<Runnable> hooks = new CopyOnWriteArrayList<>();

	private final List<Runnable> recoveryHooks = new CopyOnWriteArrayList<>();

	/** The current outage, or {@code null} while Redis serves. */
	private volatile Outage outage;

	private volatile boolean closed;

	private Thread prober;

	/**
	 * Creates the tracker.
	 * @param timeout the longest a call waits for a reply (for messages)
	 * @param shuttingDown whether the connections are being shut down (failures then mean
	 * nothing about Redis)
	 * @param probe throws unless Redis answers on a new connection (which it then uses)
	 */
	RedisAvailability(Duration timeout, BooleanSupplier shuttingDown, Runnable probe) {
		this.timeout = timeout;
		this.shuttingDown = shuttingDown;
		this.probe = probe;
	}

	/**
	 * Registers something to do when an outage starts (on the probe's thread).
	 * @param hook the hook
	 */
	void onOutage(Runnable hook) {
		this.hooks.add(hook);
	}

	/**
	 * Registers something to do when an outage ends (on the probe's thread).
	 * @param hook the hook
	 */
	void onRecovery(Runnable hook) {
		this.recoveryHooks.add(hook);
	}

	/**
	 * Fails at once during an outage.
	 * @throws TaskQueueUnavailableException during an outage
	 */
	void check() {
		Outage current = this.outage;
		if (current != null) {
			throw current.exception();
		}
	}

	/**
	 * The failure of a call made now.
	 * @return the exception during an outage, {@code null} while Redis serves
	 */
	TaskQueueUnavailableException failureNow() {
		Outage current = this.outage;
		return (current != null) ? current.exception() : null;
	}

	/**
	 * What a failure means for the caller; starts an outage when it says that Redis
	 * cannot serve.
	 * @param failure the failure of a call
	 * @return a {@link TaskQueueUnavailableException}, or the failure itself when it has
	 * another cause
	 */
	RuntimeException failure(Throwable failure) {
		if (failure instanceof TaskQueueUnavailableException unavailable) {
			return unavailable;
		}
		String reason = RedisFailures.unavailability(failure, this.timeout);
		if (reason == null) {
			return (failure instanceof RuntimeException runtime) ? runtime : new RedisException(failure);
		}
		begin(new Outage(reason, failure, System.nanoTime()));
		return new TaskQueueUnavailableException(reason, failure);
	}

	/**
	 * The backend's connection is down: Lettuce lost it and is reconnecting.
	 * @return the exception for the caller
	 */
	TaskQueueUnavailableException connectionLost() {
		Outage lost = new Outage("Redis is unreachable: the connection to it was lost", null, System.nanoTime());
		begin(lost);
		Outage current = this.outage;
		return ((current != null) ? current : lost).exception();
	}

	private synchronized void begin(Outage outage) {
		if (this.outage != null || this.closed || this.shuttingDown.getAsBoolean()) {
			return;
		}
		this.outage = outage;
		logger.log(Level.WARNING, outage.reason() + "; task queue calls fail at once until it answers again");
		Thread thread = new Thread(this::probeUntilRedisAnswers, "taskqueue-redis-probe");
		thread.setDaemon(true);
		this.prober = thread;
		thread.start();
	}

	private void probeUntilRedisAnswers() {
		runAll(this.hooks);
		boolean first = true;
		while (!this.closed) {
			try {
				// at once first: a connection lost in a blip may work again already
				Thread.sleep(first ? 0 : PROBE_EVERY_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
			first = false;
			Outage current = this.outage;
			if (current == null) {
				return;
			}
			try {
				this.probe.run();
			}
			catch (RuntimeException ex) {
				String reason = RedisFailures.unavailability(ex, this.timeout);
				if (reason != null && !reason.equals(current.reason())) {
					// the same outage, better explained (refused, then loading)
					this.outage = new Outage(reason, ex, current.since());
					logger.log(Level.DEBUG, "Redis still cannot serve: " + reason);
				}
				continue;
			}
			synchronized (this) {
				this.outage = null;
				this.prober = null;
			}
			long millis = (System.nanoTime() - current.since()) / 1_000_000;
			logger.log(Level.INFO, "Redis answers again after " + RedisFailures.format(Duration.ofMillis(millis))
					+ "; the task queue goes on");
			runAll(this.recoveryHooks);
			return;
		}
	}

	private static void runAll(List<Runnable> hooks) {
		for (Runnable hook : hooks) {
			try {
				hook.run();
			}
			catch (RuntimeException ex) {
				logger.log(Level.DEBUG, "A hook of an outage failed: " + ex);
			}
		}
	}

	/** Stops probing; failures no longer start outages. */
	@Override
	public void close() {
		Thread thread;
		synchronized (this) {
			this.closed = true;
			thread = this.prober;
		}
		if (thread != null) {
			thread.interrupt();
		}
	}

	/**
	 * An outage.
	 *
	 * @param reason why Redis cannot serve, in the user's terms
	 * @param cause the failure that told, or {@code null}
	 * @param since when it started (System.nanoTime)
	 */
	private record Outage(String reason, Throwable cause, long since) {

		TaskQueueUnavailableException exception() {
			return new TaskQueueUnavailableException(this.reason, this.cause);
		}

	}

}
