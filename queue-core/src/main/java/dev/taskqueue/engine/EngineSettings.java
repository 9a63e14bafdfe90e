package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import dev.taskqueue.TaskLimits;
import dev.taskqueue.Backoff;

/**
 * The engine's settings. Immutable; start from {@link #defaults()} and change with the
 * {@code with...} methods.
 *
 * @param workerEnabled whether this engine runs tasks (false: it only produces and
 * manages)
 * @param concurrency tasks of one queue run at once, unless the queue or its handler says
 * otherwise
 * @param queueConcurrency per-queue concurrency overrides
 * @param maxAttempts attempts per task unless the task, its handler or its queue says
 * otherwise
 * @param backoff the delay between attempts unless the task, its handler or its queue
 * says otherwise
 * @param timeout the timeout of one attempt unless the task, its handler or its queue
 * says otherwise, or {@code null} for none
 * @param leaseDuration how long a claim lasts without renewal
 * @param maxStalls how many times a task may stall before it fails
 * @param shutdownTimeout how long stopping waits for running tasks before handing them
 * back
 * @param virtualThreads whether handlers run on virtual threads (Java 21+)
 * @param progressInterval the shortest interval between two progress writes of one task
 * @param maxPayloadBytes the largest payload (as JSON) accepted
 * @param heartbeatInterval how often the engine announces itself to the backend
 * ({@link dev.taskqueue.TaskQueue#instances()}); its record expires after
 * {@value #HEARTBEATS_TO_EXPIRY} intervals without one
 * @param queueDefaults per-queue defaults of attempts, backoff and timeout, between the
 * handler's settings and these (see {@link QueueDefaults})
 * @param retriedAttemptLogLevel the level of the one line a failed attempt that will be
 * retried logs ({@link Level#OFF} for none)
 * @param failedTaskLogLevel the level of the line, with the stack trace, a task that
 * fails for good logs ({@link Level#OFF} for none)
 */
public record EngineSettings(boolean workerEnabled, int concurrency, Map<String, Integer> queueConcurrency,
		int maxAttempts, Backoff backoff, Duration timeout, Duration leaseDuration, int maxStalls,
		Duration shutdownTimeout, boolean virtualThreads, Duration progressInterval, int maxPayloadBytes,
		Duration heartbeatInterval, Map<String, QueueDefaults> queueDefaults, Level retriedAttemptLogLevel,
		Level failedTaskLogLevel) {

	/** The shortest heartbeat interval. */
	public static final Duration MIN_HEARTBEAT_INTERVAL = Duration.ofMillis(100);

	/** The longest heartbeat interval. */
	public static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofMinutes(10);

	/** After how many heartbeat intervals without one an instance's record expires. */
	public static final int HEARTBEATS_TO_EXPIRY = 3;

	/**
	 * Validates the values.
	 * @param workerEnabled whether workers run
	 * @param concurrency the default concurrency
	 * @param queueConcurrency per-queue concurrency
	 * @param maxAttempts the default attempts
	 * @param backoff the default backoff
	 * @param timeout the default timeout
	 * @param leaseDuration the lease
	 * @param maxStalls the stalls allowed
	 * @param shutdownTimeout the shutdown wait
	 * @param virtualThreads whether to use virtual threads
	 * @param progressInterval the progress throttle
	 * @param maxPayloadBytes the payload limit
	 * @param heartbeatInterval the heartbeat interval
	 * @param queueDefaults per-queue defaults
	 * @param retriedAttemptLogLevel the level of a retried attempt's line
	 * @param failedTaskLogLevel the level of a failed task's line
	 */
	public EngineSettings {
		Objects.requireNonNull(retriedAttemptLogLevel, "retriedAttemptLogLevel must not be null");
		Objects.requireNonNull(failedTaskLogLevel, "failedTaskLogLevel must not be null");
		queueConcurrency = Map.copyOf(queueConcurrency);
		queueDefaults = Map.copyOf(queueDefaults);
		Objects.requireNonNull(backoff, "backoff must not be null");
		if (concurrency < 1 || concurrency > TaskLimits.MAX_CONCURRENCY) {
			throw new IllegalArgumentException(
					"worker concurrency must be between 1 and " + TaskLimits.MAX_CONCURRENCY + ", was " + concurrency);
		}
		queueConcurrency.forEach((queue, value) -> {
			if (value == null || value < 1 || value > TaskLimits.MAX_CONCURRENCY) {
				throw new IllegalArgumentException("concurrency of queue '" + queue + "' must be between 1 and "
						+ TaskLimits.MAX_CONCURRENCY + ", was " + value);
			}
		});
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
		}
		if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
		TaskLimits.checkDuration("timeout", timeout);
		TaskLimits.checkDuration("lease duration", leaseDuration);
		TaskLimits.checkDuration("shutdown timeout", shutdownTimeout);
		TaskLimits.checkDuration("progress interval", progressInterval);
		if (leaseDuration == null || leaseDuration.toMillis() < 100) {
			throw new IllegalArgumentException("lease duration must be at least 100ms, was " + leaseDuration);
		}
		if (maxStalls < 0) {
			throw new IllegalArgumentException("max-stalls must not be negative, was " + maxStalls);
		}
		if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
			throw new IllegalArgumentException("shutdown timeout must not be negative, was " + shutdownTimeout);
		}
		if (progressInterval == null || progressInterval.isNegative()) {
			throw new IllegalArgumentException("progress interval must not be negative, was " + progressInterval);
		}
		if (maxPayloadBytes < 1) {
			throw new IllegalArgumentException("max payload size must be positive, was " + maxPayloadBytes);
		}
		if (heartbeatInterval == null || heartbeatInterval.compareTo(MIN_HEARTBEAT_INTERVAL) < 0
				|| heartbeatInterval.compareTo(MAX_HEARTBEAT_INTERVAL) > 0) {
			throw new IllegalArgumentException("heartbeat interval must be between " + MIN_HEARTBEAT_INTERVAL.toMillis()
					+ "ms and " + MAX_HEARTBEAT_INTERVAL.toMinutes() + "min, was " + heartbeatInterval);
		}
	}

	/**
	 * The defaults: workers on, concurrency 5, 3 attempts with exponential backoff from
	 * 1s up to 5min, no timeout, 30s leases, 2 stalls, 30s shutdown, platform threads,
	 * progress at most every 200ms, payloads up to 1 MiB, a heartbeat every 5s.
	 * @return the defaults
	 */
	public static EngineSettings defaults() {
		return new EngineSettings(true, 5, Map.of(), 3,
				Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5)), null, Duration.ofSeconds(30), 2,
				Duration.ofSeconds(30), false, Duration.ofMillis(200), 1024 * 1024, Duration.ofSeconds(5), Map.of(),
				Level.INFO, Level.WARNING);
	}

	/**
	 * The concurrency of a queue: its override, else the handler's, else the default.
	 * @param queue the queue
	 * @param handlerConcurrency the largest concurrency its handlers ask for, or 0
	 * @return the concurrency
	 */
	public int concurrencyOf(String queue, int handlerConcurrency) {
		Integer configured = this.queueConcurrency.get(queue);
		if (configured != null) {
			return configured;
		}
		return (handlerConcurrency > 0) ? handlerConcurrency : this.concurrency;
	}

	/**
	 * The attempts of a task of a queue whose handler and options do not say: the queue's
	 * default, else the engine's.
	 * @param queue the task's queue
	 * @return the attempts
	 */
	public int maxAttemptsOf(String queue) {
		QueueDefaults own = this.queueDefaults.get(queue);
		return (own != null && own.maxAttempts() != null) ? own.maxAttempts() : this.maxAttempts;
	}

	/**
	 * The backoff of a task of a queue whose handler and options do not say: the queue's
	 * default, else the engine's.
	 * @param queue the task's queue
	 * @return the backoff
	 */
	public Backoff backoffOf(String queue) {
		QueueDefaults own = this.queueDefaults.get(queue);
		return (own != null && own.backoff() != null) ? own.backoff() : this.backoff;
	}

	/**
	 * The timeout of a task of a queue whose handler and options do not say: the queue's
	 * default, else the engine's.
	 * @param queue the task's queue
	 * @return the timeout, or {@code null} for none
	 */
	public Duration timeoutOf(String queue) {
		QueueDefaults own = this.queueDefaults.get(queue);
		return (own != null && own.timeout() != null) ? own.timeout() : this.timeout;
	}

	/**
	 * With workers on or off.
	 * @param enabled whether workers run
	 * @return a copy
	 */
	public EngineSettings withWorkerEnabled(boolean enabled) {
		return new EngineSettings(enabled, this.concurrency, this.queueConcurrency, this.maxAttempts, this.backoff,
				this.timeout, this.leaseDuration, this.maxStalls, this.shutdownTimeout, this.virtualThreads,
				this.progressInterval, this.maxPayloadBytes, this.heartbeatInterval, this.queueDefaults,
				this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With another default concurrency and per-queue overrides.
	 * @param defaultConcurrency the default
	 * @param perQueue the overrides
	 * @return a copy
	 */
	public EngineSettings withConcurrency(int defaultConcurrency, Map<String, Integer> perQueue) {
		return new EngineSettings(this.workerEnabled, defaultConcurrency, perQueue, this.maxAttempts, this.backoff,
				this.timeout, this.leaseDuration, this.maxStalls, this.shutdownTimeout, this.virtualThreads,
				this.progressInterval, this.maxPayloadBytes, this.heartbeatInterval, this.queueDefaults,
				this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With other retry defaults.
	 * @param attempts the attempts
	 * @param defaultBackoff the backoff
	 * @return a copy
	 */
	public EngineSettings withRetries(int attempts, Backoff defaultBackoff) {
		return new EngineSettings(this.workerEnabled, this.concurrency, this.queueConcurrency, attempts, defaultBackoff,
				this.timeout, this.leaseDuration, this.maxStalls, this.shutdownTimeout, this.virtualThreads,
				this.progressInterval, this.maxPayloadBytes, this.heartbeatInterval, this.queueDefaults,
				this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With another default timeout.
	 * @param defaultTimeout the timeout, or {@code null} for none
	 * @return a copy
	 */
	public EngineSettings withTimeout(Duration defaultTimeout) {
		return new EngineSettings(this.workerEnabled, this.concurrency, this.queueConcurrency, this.maxAttempts,
				this.backoff, defaultTimeout, this.leaseDuration, this.maxStalls, this.shutdownTimeout,
				this.virtualThreads, this.progressInterval, this.maxPayloadBytes, this.heartbeatInterval,
				this.queueDefaults, this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With other lease settings.
	 * @param lease the lease duration
	 * @param stalls the stalls allowed
	 * @return a copy
	 */
	public EngineSettings withLease(Duration lease, int stalls) {
		return new EngineSettings(this.workerEnabled, this.concurrency, this.queueConcurrency, this.maxAttempts,
				this.backoff, this.timeout, lease, stalls, this.shutdownTimeout, this.virtualThreads,
				this.progressInterval, this.maxPayloadBytes, this.heartbeatInterval, this.queueDefaults,
				this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With another shutdown timeout.
	 * @param wait the timeout
	 * @return a copy
	 */
	public EngineSettings withShutdownTimeout(Duration wait) {
		return new EngineSettings(this.workerEnabled, this.concurrency, this.queueConcurrency, this.maxAttempts,
				this.backoff, this.timeout, this.leaseDuration, this.maxStalls, wait, this.virtualThreads,
				this.progressInterval, this.maxPayloadBytes, this.heartbeatInterval, this.queueDefaults,
				this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With virtual threads on or off.
	 * @param virtual whether to use virtual threads
	 * @return a copy
	 */
	public EngineSettings withVirtualThreads(boolean virtual) {
		return new EngineSettings(this.workerEnabled, this.concurrency, this.queueConcurrency, this.maxAttempts,
				this.backoff, this.timeout, this.leaseDuration, this.maxStalls, this.shutdownTimeout, virtual,
				this.progressInterval, this.maxPayloadBytes, this.heartbeatInterval, this.queueDefaults,
				this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With another progress throttle and payload limit.
	 * @param interval the shortest interval between progress writes
	 * @param payloadBytes the payload limit
	 * @return a copy
	 */
	public EngineSettings withLimits(Duration interval, int payloadBytes) {
		return new EngineSettings(this.workerEnabled, this.concurrency, this.queueConcurrency, this.maxAttempts,
				this.backoff, this.timeout, this.leaseDuration, this.maxStalls, this.shutdownTimeout,
				this.virtualThreads, interval, payloadBytes, this.heartbeatInterval, this.queueDefaults,
				this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With another heartbeat interval.
	 * @param interval how often the engine announces itself
	 * @return a copy
	 */
	public EngineSettings withHeartbeatInterval(Duration interval) {
		return new EngineSettings(this.workerEnabled, this.concurrency, this.queueConcurrency, this.maxAttempts,
				this.backoff, this.timeout, this.leaseDuration, this.maxStalls, this.shutdownTimeout,
				this.virtualThreads, this.progressInterval, this.maxPayloadBytes, interval, this.queueDefaults,
				this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With per-queue defaults of attempts, backoff and timeout, replacing any set before.
	 * @param perQueue the defaults by queue name
	 * @return a copy
	 */
	public EngineSettings withQueueDefaults(Map<String, QueueDefaults> perQueue) {
		return new EngineSettings(this.workerEnabled, this.concurrency, this.queueConcurrency, this.maxAttempts,
				this.backoff, this.timeout, this.leaseDuration, this.maxStalls, this.shutdownTimeout,
				this.virtualThreads, this.progressInterval, this.maxPayloadBytes, this.heartbeatInterval, perQueue,
				this.retriedAttemptLogLevel, this.failedTaskLogLevel);
	}

	/**
	 * With other levels for the lines failed attempts log.
	 * @param retriedAttempt the level of a failed attempt that will be retried
	 * ({@link Level#OFF} for none)
	 * @param failedTask the level of a task that failed for good, logged with its stack
	 * trace ({@link Level#OFF} for none)
	 * @return a copy
	 */
	public EngineSettings withFailureLogging(Level retriedAttempt, Level failedTask) {
		return new EngineSettings(this.workerEnabled, this.concurrency, this.queueConcurrency, this.maxAttempts,
				this.backoff, this.timeout, this.leaseDuration, this.maxStalls, this.shutdownTimeout,
				this.virtualThreads, this.progressInterval, this.maxPayloadBytes, this.heartbeatInterval,
				this.queueDefaults, retriedAttempt, failedTask);
	}

	/**
	 * How long an instance's record lasts without a heartbeat:
	 * {@value #HEARTBEATS_TO_EXPIRY} heartbeat intervals.
	 * @return the time to live
	 */
	public Duration instanceTtl() {
		return this.heartbeatInterval.multipliedBy(HEARTBEATS_TO_EXPIRY);
	}

}
