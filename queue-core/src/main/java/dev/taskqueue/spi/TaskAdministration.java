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
	 * Holds a waiting, delayed or retrying task, atomically: it leaves the structure its
	 * status puts it in (so that no engine claims or promotes it), remembering that
	 * status in the backend's own record of the task together with what orders it there
	 * (its ready sequence, its scheduled time), and becomes held; its counts by status
	 * and type move to held; publishes {@code held} with the task's snapshot. Retention
	 * and {@link TaskMaintenance#promoteDue()} leave held tasks alone; cancel, remove,
	 * drain and obliterate treat them as tasks that have not run.
	 * @param id the id
	 * @return the task, now held
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it is active, held or final (carrying that status)
	 */
	Task hold(String id);

	/**
	 * Releases a held task, atomically, to the status it was held in: waiting at the
	 * place its ready sequence gives it among the waiting tasks of its priority (waking a
	 * worker); delayed or retrying at its scheduled time; or, when that time is not after
	 * the backend's now, waiting at once (as {@link TaskMaintenance#promoteDue()} would
	 * make it, waking a worker), so that it runs without waiting for the next promotion.
	 * Publishes {@code released} with the task's snapshot.
	 * @param id the id
	 * @return the task as released
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it is not held (carrying its status)
	 */
	Task release(String id);

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
	 * Removes the waiting, delayed, retrying and held tasks of a queue.
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
