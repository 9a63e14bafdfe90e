package dev.taskqueue.engine;

import java.time.Duration;

import dev.taskqueue.Backoff;
import dev.taskqueue.TaskLimits;

/**
 * Defaults for the tasks of one queue, between the handler's settings and the engine's
 * ({@link EngineSettings#queueDefaults()}). A task's setting comes from, strongest first:
 * its own {@link dev.taskqueue.TaskOptions}, its handler, its queue's defaults, the
 * engine's defaults. The queue is the task's own (an enqueue may choose another queue
 * than the handler's). Immutable.
 *
 * @param maxAttempts attempts per task, or {@code null} for the engine's default
 * @param backoff the delay between attempts, or {@code null} for the engine's default
 * @param timeout the timeout of one attempt, or {@code null} for the engine's default
 */
public record QueueDefaults(Integer maxAttempts, Backoff backoff, Duration timeout) {

	private static final QueueDefaults NONE = new QueueDefaults(null, null, null);

	/**
	 * Validates the values.
	 * @param maxAttempts at least 1, or {@code null}
	 * @param backoff the backoff, or {@code null}
	 * @param timeout positive and at most {@link TaskLimits#MAX_DURATION}, or
	 * {@code null}
	 * @throws IllegalArgumentException naming the value that is wrong
	 */
	public QueueDefaults {
		if (maxAttempts != null && maxAttempts < 1) {
			throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
		}
		if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
		TaskLimits.checkDuration("timeout", timeout);
	}

	/**
	 * No defaults of its own: every value comes from the engine's.
	 * @return the empty defaults
	 */
	public static QueueDefaults none() {
		return NONE;
	}

	/**
	 * These defaults with another number of attempts.
	 * @param attempts at least 1, or {@code null}
	 * @return a copy
	 */
	public QueueDefaults withMaxAttempts(Integer attempts) {
		return new QueueDefaults(attempts, this.backoff, this.timeout);
	}

	/**
	 * These defaults with another backoff.
	 * @param delays the backoff, or {@code null}
	 * @return a copy
	 */
	public QueueDefaults withBackoff(Backoff delays) {
		return new QueueDefaults(this.maxAttempts, delays, this.timeout);
	}

	/**
	 * These defaults with another timeout.
	 * @param attemptTimeout the timeout, or {@code null}
	 * @return a copy
	 */
	public QueueDefaults withTimeout(Duration attemptTimeout) {
		return new QueueDefaults(this.maxAttempts, this.backoff, attemptTimeout);
	}

}
