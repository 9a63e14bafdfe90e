package dev.taskqueue.spi;

import java.time.Instant;
import java.util.Set;

import dev.taskqueue.Task;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;

/**
 * What an operator does to tasks and queues; every change publishes its events, which is
 * how the workers of every instance learn of a cancelled or removed task. Thread-safe.
 */
public interface TaskAdministration {

	/**
	 * Re-queues a completed, failed or cancelled task from its first attempt.
	 * @param id the id
	 * @return the task, now waiting
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it is not final
	 */
	Task retry(String id);

	/**
	 * Cancels a task; an active one is cancelled at once and its lease revoked.
	 * @param id the id
	 * @return the task, now cancelled
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it is already final
	 */
	Task cancel(String id);

	/**
	 * Removes a task whatever its status, revoking the lease of an active one.
	 * @param id the id
	 * @return true if it existed
	 */
	boolean remove(String id);

	/**
	 * Pauses a queue for every engine, or resumes it and wakes its workers.
	 * @param queue the queue
	 * @param paused true to pause, false to resume
	 */
	void setPaused(String queue, boolean paused);

	/**
	 * Removes the waiting, delayed and retrying tasks of a queue.
	 * @param queue the queue
	 * @return how many
	 */
	long drain(String queue);

	/**
	 * Removes the queue's tasks in the given final statuses that finished before an
	 * instant.
	 * @param queue the queue
	 * @param statuses final statuses
	 * @param finishedBefore the instant
	 * @return how many
	 */
	long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore);

	/**
	 * Removes every task, counter and flag of a queue, revoking active leases.
	 * @param queue the queue
	 * @return how many tasks
	 */
	long obliterate(String queue);

}
