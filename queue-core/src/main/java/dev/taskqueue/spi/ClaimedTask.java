package dev.taskqueue.spi;

import java.time.Instant;

import dev.taskqueue.Task;

/**
 * A task a worker claimed, with the lease that entitles it to finish the task. Any write
 * for the task that carries a token the backend no longer holds is refused (fencing), so
 * a worker that lost its lease cannot overwrite a newer attempt.
 *
 * @param task the task as claimed (status active, attempts counting this attempt)
 * @param leaseToken unique token of this claim
 * @param leaseExpiresAt when the lease runs out unless renewed
 */
public record ClaimedTask(Task task, String leaseToken, Instant leaseExpiresAt) {

	/**
	 * The task's id.
	 * @return the id
	 */
	public String id() {
		return this.task.id();
	}

}
