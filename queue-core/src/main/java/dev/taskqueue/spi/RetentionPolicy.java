package dev.taskqueue.spi;

import java.time.Duration;

import dev.taskqueue.TaskStatus;

/**
 * Retention of finished tasks: completed ones, and failed or cancelled ones (dead
 * letters).
 *
 * @param completed for completed tasks
 * @param failed for failed and cancelled tasks
 */
public record RetentionPolicy(Retention completed, Retention failed) {

	/**
	 * The defaults: 1,000 completed tasks per queue for at most a day; 10,000 failed or
	 * cancelled tasks per queue for at most a week.
	 * @return the default policy
	 */
	public static RetentionPolicy defaults() {
		return new RetentionPolicy(new Retention(1000, Duration.ofDays(1)), new Retention(10_000, Duration.ofDays(7)));
	}

	/**
	 * The retention that applies to a final status.
	 * @param status completed, failed or cancelled
	 * @return the retention
	 */
	public Retention forStatus(TaskStatus status) {
		return (status == TaskStatus.COMPLETED) ? this.completed : this.failed;
	}

}
