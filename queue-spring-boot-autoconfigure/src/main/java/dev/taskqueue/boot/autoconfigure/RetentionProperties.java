package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;

/**
 * How long finished tasks are kept, under {@code taskqueue.retention}.
 */
public class RetentionProperties {

	private final Kept completed = new Kept(1000, Duration.ofDays(1));

	private final Kept failed = new Kept(10_000, Duration.ofDays(7));

	/**
	 * Completed tasks.
	 * @return the retention of completed tasks
	 */
	public Kept getCompleted() {
		return this.completed;
	}

	/**
	 * Failed and cancelled tasks (dead letters).
	 * @return the retention of failed tasks
	 */
	public Kept getFailed() {
		return this.failed;
	}

	/**
	 * How many finished tasks of one kind are kept per queue, and for how long.
	 */
	public static class Kept {

		/**
		 * Keep at most this many per queue (0 keeps none).
		 */
		private long maxCount;

		/**
		 * Remove those that finished longer ago than this.
		 */
		private Duration maxAge;

		Kept(long maxCount, Duration maxAge) {
			this.maxCount = maxCount;
			this.maxAge = maxAge;
		}

		public long getMaxCount() {
			return this.maxCount;
		}

		public void setMaxCount(long maxCount) {
			this.maxCount = maxCount;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

}
