package dev.taskqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Per-task options for {@link TaskQueue#enqueue(String, Object, TaskOptions)}. Unset
 * values ({@code null}) fall back to the handler's settings, then to the configured
 * defaults. Immutable; build with {@link #builder()}.
 *
 * @param queue the queue, or {@code null} for the handler's queue
 * @param priority the priority (higher runs first), or {@code null} for normal
 * @param delay run no earlier than this long from now, or {@code null}
 * @param runAt run no earlier than this instant, or {@code null}
 * @param maxAttempts attempts before the task fails for good, or {@code null}
 * @param backoff the delay policy between attempts, or {@code null}
 * @param timeout how long one attempt may run, or {@code null}
 * @param idempotencyKey a key that makes a duplicate enqueue return the existing task's
 * id
 * @param repeat how the task repeats, or {@code null}
 * @param immediate store the task at once even inside a transaction that would otherwise
 * defer it until it commits (see {@link Builder#immediate()})
 */
public record TaskOptions(String queue, Integer priority, Duration delay, Instant runAt, Integer maxAttempts,
		Backoff backoff, Duration timeout, String idempotencyKey, Repeat repeat, boolean immediate) {

	private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	/** Maximum length of an idempotency key. */
	public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

	private static final TaskOptions NONE = new TaskOptions(null, null, null, null, null, null, null, null, null,
			false);

	/**
	 * Validates the values.
	 * @param queue the queue
	 * @param priority the priority
	 * @param delay the delay
	 * @param runAt the run-at instant
	 * @param maxAttempts the maximum attempts
	 * @param backoff the backoff
	 * @param timeout the timeout
	 * @param idempotencyKey the idempotency key
	 * @param repeat the repeat
	 * @param immediate whether to store at once, inside a transaction too
	 */
	public TaskOptions {
		if (queue != null) {
			checkQueueName(queue);
		}
		if (delay != null && delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative, was " + delay);
		}
		TaskLimits.checkDuration("delay", delay);
		TaskLimits.checkInstant("runAt", runAt);
		if (delay != null && runAt != null) {
			throw new IllegalArgumentException("set either delay or runAt, not both");
		}
		if (maxAttempts != null && maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
		}
		if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
		TaskLimits.checkDuration("timeout", timeout);
		if (idempotencyKey != null
				&& (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
			throw new IllegalArgumentException(
					"idempotencyKey must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " non-blank characters");
		}
		TaskLimits.checkText("idempotencyKey", idempotencyKey);
	}

	/**
	 * Options stored as soon as they are enqueued, as before transactional enqueueing
	 * existed.
	 * @param queue the queue
	 * @param priority the priority
	 * @param delay the delay
	 * @param runAt the run-at instant
	 * @param maxAttempts the maximum attempts
	 * @param backoff the backoff
	 * @param timeout the timeout
	 * @param idempotencyKey the idempotency key
	 * @param repeat the repeat
	 */
	public TaskOptions(String queue, Integer priority, Duration delay, Instant runAt, Integer maxAttempts,
			Backoff backoff, Duration timeout, String idempotencyKey, Repeat repeat) {
		this(queue, priority, delay, runAt, maxAttempts, backoff, timeout, idempotencyKey, repeat, false);
	}

	/**
	 * Options with nothing set.
	 * @return the empty options
	 */
	public static TaskOptions none() {
		return NONE;
	}

	/**
	 * Starts building options.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Checks a queue name: 1 to 100 letters, digits, dots, dashes or underscores,
	 * starting with a letter or digit.
	 * @param queue the name
	 * @return the name
	 * @throws IllegalArgumentException if it is not valid
	 */
	public static String checkQueueName(String queue) {
		if (queue == null || !QUEUE_NAME.matcher(queue).matches()) {
			throw new IllegalArgumentException("queue name '" + queue
					+ "' is not valid: use 1 to 100 letters, digits, '.', '-' or '_', starting with a letter or digit");
		}
		return queue;
	}

	/**
	 * Builds {@link TaskOptions}. Not thread-safe.
	 */
	public static final class Builder {

		private String queue;

		private Integer priority;

		private Duration delay;

		private Instant runAt;

		private Integer maxAttempts;

		private Backoff backoff;

		private Duration timeout;

		private String idempotencyKey;

		private Duration every;

		private String cron;

		private Integer limit;

		private boolean immediate;

		private Builder() {
		}

		/**
		 * The queue, instead of the handler's.
		 * @param queue the queue name
		 * @return this builder
		 */
		public Builder queue(String queue) {
			this.queue = queue;
			return this;
		}

		/**
		 * A named priority.
		 * @param priority the priority
		 * @return this builder
		 */
		public Builder priority(Priority priority) {
			this.priority = priority.value();
			return this;
		}

		/**
		 * A numeric priority; higher runs first.
		 * @param priority the priority
		 * @return this builder
		 */
		public Builder priority(int priority) {
			this.priority = priority;
			return this;
		}

		/**
		 * Runs the task no earlier than this long from now.
		 * @param delay the delay
		 * @return this builder
		 */
		public Builder delay(Duration delay) {
			this.delay = delay;
			return this;
		}

		/**
		 * Runs the task no earlier than this instant.
		 * @param runAt the instant
		 * @return this builder
		 */
		public Builder runAt(Instant runAt) {
			this.runAt = runAt;
			return this;
		}

		/**
		 * Attempts before the task fails for good.
		 * @param maxAttempts at least 1
		 * @return this builder
		 */
		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * The delay policy between attempts.
		 * @param backoff the backoff
		 * @return this builder
		 */
		public Builder backoff(Backoff backoff) {
			this.backoff = backoff;
			return this;
		}

		/**
		 * How long one attempt may run before it is interrupted.
		 * @param timeout a positive duration
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		/**
		 * A key that makes a duplicate enqueue into the same queue return the existing
		 * task's id, as long as that task exists (whatever its status). Keys are scoped
		 * by queue.
		 * @param idempotencyKey the key
		 * @return this builder
		 */
		public Builder idempotencyKey(String idempotencyKey) {
			this.idempotencyKey = idempotencyKey;
			return this;
		}

		/**
		 * Repeats the task at this interval: the task starts a series on a schedule of
		 * its own (see {@link Repeat}); the first occurrence runs at once (or after the
		 * delay, or at the run time).
		 * @param every a positive interval
		 * @return this builder
		 */
		public Builder every(Duration every) {
			this.every = every;
			return this;
		}

		/**
		 * Repeats the task on this cron schedule, evaluated in UTC. The expression is
		 * read as Spring's {@code CronExpression} reads it: 6 fields with seconds first,
		 * or 5 Unix-style fields read with second 0; a day must match both day fields
		 * when both are restricted (not either, as in Vixie cron). See
		 * {@link dev.taskqueue.engine.CronSchedule}.
		 * @param cron a cron expression
		 * @return this builder
		 */
		public Builder cron(String cron) {
			this.cron = cron;
			return this;
		}

		/**
		 * Limits a repeat to this many occurrences.
		 * @param limit at least 1
		 * @return this builder
		 */
		public Builder limit(int limit) {
			this.limit = limit;
			return this;
		}

		/**
		 * Stores the task at once, even when it is enqueued inside a transaction. By
		 * default (with {@code taskqueue.enqueue.transactional=after-commit}) a task
		 * enqueued inside a Spring transaction is stored only once that transaction
		 * commits, and dropped if it rolls back. Outside a transaction this changes
		 * nothing.
		 * @return this builder
		 */
		public Builder immediate() {
			this.immediate = true;
			return this;
		}

		/**
		 * Builds the options.
		 * @return the options
		 * @throws IllegalArgumentException if a value is invalid, with a message naming
		 * it
		 */
		public TaskOptions build() {
			if (this.limit != null && this.every == null && this.cron == null) {
				throw new IllegalArgumentException("limit needs a repeat: set every or cron");
			}
			Repeat repeat = (this.every != null || this.cron != null) ? new Repeat(this.every, this.cron, this.limit)
					: null;
			return new TaskOptions(this.queue, this.priority, this.delay, this.runAt, this.maxAttempts, this.backoff,
					this.timeout, this.idempotencyKey, repeat, this.immediate);
		}

	}

}
