package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Settings of one queue, under {@code taskqueue.queues.<name>}. Each one left unset falls
 * back to its global counterpart ({@code taskqueue.worker.concurrency},
 * {@code taskqueue.defaults.*}, {@code taskqueue.retention.*}), sub-property by
 * sub-property. Attempts, backoff and timeout are defaults for the tasks of the queue: a
 * task's own options and its handler's {@code @TaskHandler} attributes win over them.
 */
public class QueueProperties {

	/**
	 * How many tasks of this queue run at once on this instance, 1 to 10,000. Overrides
	 * the handlers' concurrency and taskqueue.worker.concurrency.
	 */
	private Integer concurrency;

	/**
	 * Attempts per task of this queue before it fails for good, unless its handler or the
	 * task itself says otherwise. Unset: taskqueue.defaults.max-attempts.
	 */
	private Integer maxAttempts;

	/**
	 * How long one attempt of a task of this queue may run before it is interrupted,
	 * unless its handler or the task itself says otherwise. Unset:
	 * taskqueue.defaults.timeout.
	 */
	private Duration timeout;

	@NestedConfigurationProperty
	private final Backoff backoff = new Backoff();

	@NestedConfigurationProperty
	private final Retention retention = new Retention();

	public Integer getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(Integer concurrency) {
		this.concurrency = concurrency;
	}

	public Integer getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(Integer maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Backoff getBackoff() {
		return this.backoff;
	}

	public Retention getRetention() {
		return this.retention;
	}

	/**
	 * The delay between attempts of the queue's tasks, under
	 * {@code taskqueue.queues.<name>.backoff}: the sub-properties of
	 * {@code taskqueue.defaults.backoff}, each unset one taken from there.
	 */
	public static class Backoff {

		/**
		 * "fixed" (the same delay each time) or "exponential" (doubling up to max-delay).
		 * Unset: taskqueue.defaults.backoff.type.
		 */
		private dev.taskqueue.Backoff.Kind type;

		/**
		 * The delay after the first failed attempt. Unset:
		 * taskqueue.defaults.backoff.delay.
		 */
		private Duration delay;

		/**
		 * The longest delay, for exponential backoff. Unset:
		 * taskqueue.defaults.backoff.max-delay.
		 */
		private Duration maxDelay;

		/**
		 * The fraction (0 to 1) of each delay that is randomised away. Unset:
		 * taskqueue.defaults.backoff.jitter.
		 */
		private Double jitter;

		public dev.taskqueue.Backoff.Kind getType() {
			return this.type;
		}

		public void setType(dev.taskqueue.Backoff.Kind type) {
			this.type = type;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public Double getJitter() {
			return this.jitter;
		}

		public void setJitter(Double jitter) {
			this.jitter = jitter;
		}

		boolean anySet() {
			return this.type != null || this.delay != null || this.maxDelay != null || this.jitter != null;
		}

	}

	/**
	 * How long the queue's finished tasks are kept, under
	 * {@code taskqueue.queues.<name>.retention}: the sub-properties of
	 * {@code taskqueue.retention}, each unset one taken from there.
	 */
	public static class Retention {

		private final Kept completed = new Kept();

		private final Kept failed = new Kept();

		/**
		 * Completed tasks of the queue.
		 * @return the retention of completed tasks
		 */
		public Kept getCompleted() {
			return this.completed;
		}

		/**
		 * Failed and cancelled tasks (dead letters) of the queue.
		 * @return the retention of failed tasks
		 */
		public Kept getFailed() {
			return this.failed;
		}

	}

	/**
	 * How many finished tasks of one kind the queue keeps, and for how long.
	 */
	public static class Kept {

		/**
		 * Keep at most this many (0 keeps none). Unset: the same property under
		 * taskqueue.retention.
		 */
		private Long maxCount;

		/**
		 * Remove those that finished longer ago than this. Unset: the same property under
		 * taskqueue.retention.
		 */
		private Duration maxAge;

		public Long getMaxCount() {
			return this.maxCount;
		}

		public void setMaxCount(Long maxCount) {
			this.maxCount = maxCount;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		boolean anySet() {
			return this.maxCount != null || this.maxAge != null;
		}

	}

}
