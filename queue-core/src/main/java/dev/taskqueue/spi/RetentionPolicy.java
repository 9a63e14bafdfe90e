package dev.taskqueue.spi;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import dev.taskqueue.TaskStatus;

/**
 * Retention of finished tasks: completed ones, and failed or cancelled ones (dead
 * letters), with overrides for single queues.
 * <p>
 * A backend applies to the tasks of a queue the policy {@link #forQueue(String)} returns
 * for it: its override when it has one, else this policy. Backends ask per queue wherever
 * they apply retention (when a task finishes, fails or is cancelled, and when old tasks
 * are trimmed). Immutable.
 *
 * @param completed for completed tasks of queues without an override
 * @param failed for failed and cancelled tasks of queues without an override
 * @param queues the policies of single queues, by queue name; none of them has overrides
 * of its own
 */
public record RetentionPolicy(Retention completed, Retention failed, Map<String, RetentionPolicy> queues) {

	/**
	 * Validates the values.
	 * @param completed for completed tasks
	 * @param failed for failed and cancelled tasks
	 * @param queues the per-queue policies
	 * @throws IllegalArgumentException if a per-queue policy has overrides itself
	 */
	public RetentionPolicy {
		Objects.requireNonNull(completed, "completed retention must not be null");
		Objects.requireNonNull(failed, "failed retention must not be null");
		queues = Map.copyOf(queues);
		queues.forEach((queue, policy) -> {
			if (!policy.queues().isEmpty()) {
				throw new IllegalArgumentException(
						"the retention of queue '" + queue + "' must not have per-queue overrides of its own");
			}
		});
	}

	/**
	 * A policy for every queue alike.
	 * @param completed for completed tasks
	 * @param failed for failed and cancelled tasks
	 */
	public RetentionPolicy(Retention completed, Retention failed) {
		this(completed, failed, Map.of());
	}

	/**
	 * The defaults: 1,000 completed tasks per queue for at most a day; 10,000 failed or
	 * cancelled tasks per queue for at most a week.
	 * @return the default policy
	 */
	public static RetentionPolicy defaults() {
		return new RetentionPolicy(new Retention(1000, Duration.ofDays(1)), new Retention(10_000, Duration.ofDays(7)));
	}

	/**
	 * This policy with an override for one queue, replacing any it had.
	 * @param queue the queue
	 * @param queueCompleted for its completed tasks, or {@code null} for this policy's
	 * @param queueFailed for its failed and cancelled tasks, or {@code null} for this
	 * policy's
	 * @return a copy
	 */
	public RetentionPolicy withQueue(String queue, Retention queueCompleted, Retention queueFailed) {
		Objects.requireNonNull(queue, "queue must not be null");
		Map<String, RetentionPolicy> overrides = new HashMap<>(this.queues);
		overrides.put(queue, new RetentionPolicy((queueCompleted != null) ? queueCompleted : this.completed,
				(queueFailed != null) ? queueFailed : this.failed));
		return new RetentionPolicy(this.completed, this.failed, overrides);
	}

	/**
	 * The policy that applies to the tasks of a queue: its override, or this policy.
	 * Allocates nothing.
	 * @param queue the queue
	 * @return the policy whose {@link #completed()}, {@link #failed()} and
	 * {@link #forStatus(TaskStatus)} apply to the queue
	 */
	public RetentionPolicy forQueue(String queue) {
		RetentionPolicy own = this.queues.get(queue);
		return (own != null) ? own : this;
	}

	/**
	 * The retention that applies to a final status, for queues without an override (see
	 * {@link #forQueue(String)}).
	 * @param status completed, failed or cancelled
	 * @return the retention
	 */
	public Retention forStatus(TaskStatus status) {
		return (status == TaskStatus.COMPLETED) ? this.completed : this.failed;
	}

}
