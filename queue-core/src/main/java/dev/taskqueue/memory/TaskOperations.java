package dev.taskqueue.memory;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import dev.taskqueue.Task;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEventType;

/**
 * The operator's operations on the in-memory backend's tasks and queues: retry, cancel,
 * hold, release, remove, drain, clean, obliterate, pause and resume. Each checks that the
 * operation is allowed, moves the tasks only through {@link TaskStore}'s moves (so that
 * the invariant its Javadoc states holds), publishes its events and wakes the workers it
 * concerns. The one state it changes itself is a queue's paused flag. Not thread-safe:
 * every method must be called with the backend's lock held.
 */
final class TaskOperations {

	private final TaskIndex index;

	private final TaskStore store;

	private final TaskEvents events;

	/** Told once per operation that made tasks of a queue claimable. */
	private final Consumer<QueueState> onReady;

	TaskOperations(TaskIndex index, TaskStore store, TaskEvents events, Consumer<QueueState> onReady) {
		this.index = index;
		this.store = store;
		this.events = events;
		this.onReady = onReady;
	}

	// --- tasks ---

	/**
	 * Makes a finished task waiting as if new, taking its idempotency key back unless
	 * another task holds it; publishes {@code waiting}.
	 * @return the task as it is now
	 * @throws TaskNotFoundException if no task has that id
	 * @throws TaskStateException if the task is not finished
	 */
	Task retry(String id, Instant now) {
		TaskRecord record = this.index.existing(id);
		if (!record.status.isFinal()) {
			throw new TaskStateException("task '" + id + "' is " + record.status.value()
					+ "; only completed, failed or cancelled tasks can be retried", record.status);
		}
		this.store.restart(record, now);
		Task task = record.toTask();
		this.events.publish(TaskEventType.WAITING, record.queue.name, record, task, now);
		this.onReady.accept(record.queue);
		return task;
	}

	/**
	 * Cancels a task that is not finished, then trims its finished set to retention;
	 * publishes {@code cancelled}.
	 * @return the task as it is now
	 * @throws TaskNotFoundException if no task has that id
	 * @throws TaskStateException if the task is finished
	 */
	Task cancel(String id, Instant now) {
		TaskRecord record = this.index.existing(id);
		if (record.status.isFinal()) {
			throw new TaskStateException(
					"task '" + id + "' is already " + record.status.value()
							+ "; only waiting, delayed, active, retrying or held tasks can be cancelled",
					record.status);
		}
		QueueState queue = record.queue;
		this.store.cancel(record, now);
		Task task = record.toTask();
		this.events.publish(TaskEventType.CANCELLED, queue.name, record, task, now);
		this.store.applyCountRetention(queue, TaskStatus.CANCELLED);
		return task;
	}

	/**
	 * Holds a waiting, delayed or retrying task; publishes {@code held}.
	 * @return the task as it is now
	 * @throws TaskNotFoundException if no task has that id
	 * @throws TaskStateException if the task is active, held or finished
	 */
	Task hold(String id, Instant now) {
		TaskRecord record = this.index.existing(id);
		TaskStatus status = record.status;
		if (status == TaskStatus.ACTIVE) {
			throw new TaskStateException("task '" + id + "' is active and cannot be held; cancel it instead", status);
		}
		if (status != TaskStatus.WAITING && status != TaskStatus.DELAYED && status != TaskStatus.RETRYING) {
			throw new TaskStateException(
					"task '" + id + "' is " + status.value() + "; only waiting, delayed or retrying tasks can be held",
					status);
		}
		this.store.hold(record);
		Task task = record.toTask();
		this.events.publish(TaskEventType.HELD, record.queue.name, record, task, now);
		return task;
	}

	/**
	 * Releases a held task to the status it was held in (waiting if its time passed);
	 * publishes {@code released} and wakes a worker if it is waiting.
	 * @return the task as it is now
	 * @throws TaskNotFoundException if no task has that id
	 * @throws TaskStateException if the task is not held
	 */
	Task release(String id, Instant now) {
		TaskRecord record = this.index.existing(id);
		if (record.status != TaskStatus.HELD) {
			throw new TaskStateException(
					"task '" + id + "' is " + record.status.value() + "; only held tasks can be released",
					record.status);
		}
		boolean ready = this.store.unhold(record, now);
		Task task = record.toTask();
		this.events.publish(TaskEventType.RELEASED, record.queue.name, record, task, now);
		if (ready) {
			this.onReady.accept(record.queue);
		}
		return task;
	}

	/**
	 * Removes a task whatever its status; publishes {@code removed}.
	 * @return false if no task has that id
	 */
	boolean remove(String id, Instant now) {
		TaskRecord record = this.index.find(id);
		if (record == null) {
			return false;
		}
		remove(List.of(record), now);
		return true;
	}

	// --- queues ---

	/**
	 * Removes a queue's tasks that have not run yet (waiting, delayed, retrying and
	 * held); publishes {@code removed} for each.
	 * @return how many
	 */
	long drain(String queue, Instant now) {
		QueueState state = this.index.queueIfPresent(queue);
		return (state != null) ? remove(state.pendingTasks(), now) : 0L;
	}

	/**
	 * Removes a queue's tasks of the given final statuses that finished before a time;
	 * publishes {@code removed} for each.
	 * @return how many
	 */
	long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore, Instant now) {
		QueueState state = this.index.queueIfPresent(queue);
		return (state != null) ? remove(state.finishedBefore(statuses, finishedBefore), now) : 0L;
	}

	/**
	 * Removes every task of a queue, and the queue; publishes {@code removed} for each
	 * task, then wakes the queue's waiting workers to wait on a new state.
	 * @return how many tasks
	 */
	long obliterate(String queue, Instant now) {
		QueueState state = this.index.queueIfPresent(queue);
		if (state == null) {
			return 0L;
		}
		long count = remove(state.allTasks(), now);
		this.index.dropQueue(state);
		// its waiters hold the dropped state: wake them so that they wait on a new one
		state.signalWork();
		return count;
	}

	/** Pauses a queue; publishes {@code paused}. */
	void pause(String queue, Instant now) {
		this.index.queue(queue).paused = true;
		this.events.publish(TaskEventType.PAUSED, queue, null, null, now);
	}

	/** Resumes a queue; publishes {@code resumed}, then wakes its waiting workers. */
	void resume(String queue, Instant now) {
		QueueState state = this.index.queueIfPresent(queue);
		if (state != null) {
			state.paused = false;
		}
		this.events.publish(TaskEventType.RESUMED, queue, null, null, now);
		if (state != null) {
			state.signalWork();
		}
	}

	/** Removes tasks whatever their status; publishes {@code removed} for each. */
	private long remove(List<TaskRecord> records, Instant now) {
		for (TaskRecord record : records) {
			this.store.delete(record);
			this.events.publish(TaskEventType.REMOVED, record.queue.name, record, null, now);
		}
		return records.size();
	}

}
