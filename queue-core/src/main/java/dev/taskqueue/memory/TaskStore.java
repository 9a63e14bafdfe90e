package dev.taskqueue.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NavigableSet;

import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventBus;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskOutcome;

/**
 * The steps every state change of the in-memory backend is made of: storing, making
 * ready, claiming, recording outcomes, recovering stalled tasks, deleting, retention and
 * publishing events; the tasks and queues are found through a {@link TaskIndex}. Not
 * thread-safe: every method must be called with the backend's lock held.
 */
final class TaskStore {

	private static final String STALLED_ERROR_TYPE = "dev.taskqueue.TaskStalledException";

	private final TaskIndex index;

	private final RetentionPolicy retention;

	private final TaskEventBus events;

	private long lastReadySequence;

	private long leases;

	TaskStore(TaskIndex index, RetentionPolicy retention, TaskEventBus events) {
		this.index = index;
		this.retention = retention;
		this.events = events;
	}

	// --- changing ---

	/**
	 * Stores a new task as waiting or delayed, unless its idempotency key belongs to
	 * another task.
	 * @param task the task
	 * @param now the current time
	 * @param keyOwner a task whose key the new one takes over (a finishing repeat), or
	 * {@code null}
	 * @return what was done
	 */
	EnqueueResult store(NewTask task, Instant now, TaskRecord keyOwner) {
		TaskRecord holder = this.index.keyHolder(task.queue(), task.idempotencyKey());
		if (holder != null && holder != keyOwner) {
			return new EnqueueResult(holder.id, false);
		}
		QueueState queue = this.index.queue(task.queue());
		TaskRecord record = new TaskRecord(task, queue);
		this.index.add(record);
		boolean delayed = task.isDelayedAt(now);
		record.status = delayed ? TaskStatus.DELAYED : TaskStatus.WAITING;
		if (!delayed) {
			record.readySequence = ++this.lastReadySequence;
		}
		queue.attach(record);
		publish(TaskEventType.ADDED, record, now);
		if (!delayed) {
			wake(queue);
		}
		return new EnqueueResult(record.id, true);
	}

	/**
	 * Claims the next ready task of a queue.
	 * @param queue the queue (not paused)
	 * @param now the current time
	 * @param lease the lease length
	 * @return the claim, or {@code null} when no task waits
	 */
	ClaimedTask claimNext(QueueState queue, Instant now, Duration lease) {
		TaskRecord record = queue.pollReady();
		if (record == null) {
			return null;
		}
		record.status = TaskStatus.ACTIVE;
		record.attempts++;
		record.startedAt = now;
		record.progress = null;
		record.leaseToken = newLeaseToken();
		record.leaseExpiresAt = now.plus(lease);
		queue.attach(record);
		Task task = record.toTask();
		publish(TaskEventType.ACTIVE, task, now);
		return new ClaimedTask(task, record.leaseToken, record.leaseExpiresAt);
	}

	/**
	 * Makes a detached task waiting behind every task that became ready before.
	 * @param record the task
	 */
	void makeReady(TaskRecord record) {
		makeReady(record, false);
	}

	/**
	 * Makes a detached task waiting: behind every task that became ready before, or, when
	 * it keeps its place and was ready before (a task recovered from a stall or handed
	 * back), at the place its first ready sequence gives it, ahead of the tasks of its
	 * priority that became ready after it.
	 * @param record the task
	 * @param keepPlace whether it keeps the ready sequence it has
	 */
	void makeReady(TaskRecord record, boolean keepPlace) {
		record.status = TaskStatus.WAITING;
		if (!keepPlace || record.readySequence == 0) {
			record.readySequence = ++this.lastReadySequence;
		}
		record.queue.attach(record);
	}

	/**
	 * Gives an idempotency key back to a task that is retried, unless another task took
	 * it over meanwhile.
	 * @param record the task
	 */
	void reclaimKey(TaskRecord record) {
		this.index.reclaimKey(record);
	}

	/**
	 * Wakes a worker of a queue unless it is paused.
	 * @param queue the queue
	 */
	void wake(QueueState queue) {
		if (!queue.paused) {
			queue.signalOne();
		}
	}

	/**
	 * Removes the oldest finished tasks of the status's retention group beyond its count.
	 * @param queue the queue
	 * @param status a final status
	 */
	void applyCountRetention(QueueState queue, TaskStatus status) {
		Retention limit = this.retention.forStatus(status);
		NavigableSet<TaskRecord> finished = queue.finished(status);
		while (finished.size() > limit.maxCount()) {
			delete(finished.first());
		}
	}

	/**
	 * Removes the finished tasks of a queue older than their group's maximum age.
	 * @param queue the queue
	 * @param now the current time
	 * @return how many
	 */
	long applyAgeRetention(QueueState queue, Instant now) {
		long removed = 0;
		for (TaskStatus group : List.of(TaskStatus.COMPLETED, TaskStatus.FAILED)) {
			Instant cutoff = now.minus(this.retention.forStatus(group).maxAge());
			NavigableSet<TaskRecord> finished = queue.finished(group);
			while (!finished.isEmpty() && finished.first().finishedAt.isBefore(cutoff)) {
				delete(finished.first());
				removed++;
			}
		}
		return removed;
	}

	/**
	 * Forgets a task, revoking its lease and freeing its idempotency key. Publishes
	 * nothing.
	 * @param record the task
	 */
	void delete(TaskRecord record) {
		record.queue.detach(record);
		forget(record);
	}

	/**
	 * Whether a task that just reached a final status is dropped at once rather than
	 * kept: its retention group keeps none.
	 * @param status the final status
	 * @return true if retention keeps no task of that status
	 */
	boolean keepsNone(TaskStatus status) {
		return this.retention.forStatus(status).maxCount() == 0;
	}

	/**
	 * Forgets a task that is in none of its queue's structures (detached): revokes its
	 * lease and frees its idempotency key. Publishes nothing.
	 * @param record the task
	 */
	void forget(TaskRecord record) {
		record.revokeLease();
		this.index.remove(record);
	}

	/**
	 * Forgets tasks, with a {@code removed} event for each.
	 * @param records the tasks
	 * @param now the current time
	 * @return how many
	 */
	long deleteAll(List<TaskRecord> records, Instant now) {
		for (TaskRecord record : records) {
			delete(record);
			publishRemoved(record, now);
		}
		return records.size();
	}

	/**
	 * Applies how an attempt ended to a detached task, counting final outcomes in the
	 * queue's metrics.
	 * @param record the task, detached from its queue
	 * @param outcome the outcome
	 * @return the event to publish
	 */
	TaskEventType applyOutcome(TaskRecord record, TaskOutcome outcome) {
		if (outcome instanceof TaskOutcome.Completed completed) {
			record.status = TaskStatus.COMPLETED;
			record.result = completed.result();
			record.error = null;
			record.finishedAt = completed.finishedAt();
			record.queue.countProcessed(record.startedAt, record.finishedAt, false);
			return TaskEventType.COMPLETED;
		}
		TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
		record.error = failed.error();
		if (failed.retryAt() != null) {
			record.status = TaskStatus.RETRYING;
			record.scheduledAt = failed.retryAt();
			return TaskEventType.RETRYING;
		}
		record.status = TaskStatus.FAILED;
		record.finishedAt = failed.finishedAt();
		record.queue.countProcessed(record.startedAt, record.finishedAt, true);
		return TaskEventType.FAILED;
	}

	/**
	 * Re-queues an active task whose lease expired at the place it had, or fails it when
	 * it stalled too often or has no attempts left; publishes {@code stalled} or
	 * {@code failed}.
	 * @param record the active task
	 * @param maxStalls stalls allowed
	 * @param now the current time
	 * @return true if re-queued (its queue's workers need waking)
	 */
	boolean recoverStalled(TaskRecord record, int maxStalls, Instant now) {
		QueueState queue = record.queue;
		queue.detach(record);
		record.revokeLease();
		record.stalls++;
		if (record.stalls <= maxStalls && record.attempts < record.maxAttempts) {
			// its attempt was cut short, it is not a new task: it goes back to its place
			makeReady(record, true);
			publish(TaskEventType.STALLED, record, now);
			return true;
		}
		record.status = TaskStatus.FAILED;
		record.error = new TaskError(
				"task stalled " + record.stalls + " time(s): its worker stopped renewing its lease", STALLED_ERROR_TYPE,
				null);
		record.finishedAt = now;
		queue.countProcessed(record.startedAt, now, true);
		queue.attach(record);
		publish(TaskEventType.FAILED, record, now);
		applyCountRetention(queue, TaskStatus.FAILED);
		return false;
	}

	/**
	 * Hands back an active task that its engine has no handler for, once it was detached
	 * and its lease revoked: delayed until {@code notBefore} keeping its ready sequence,
	 * or failed with the error once it was handed back more than {@code maxHandBacks}
	 * times; publishes {@code waiting} or {@code failed}.
	 * @param record the task, detached from its queue
	 * @param notBefore when it may be claimed again
	 * @param maxHandBacks hand-backs allowed
	 * @param error the error of a task handed back too often
	 * @param now the current time
	 * @return delayed or failed
	 */
	TaskStatus handBack(TaskRecord record, Instant notBefore, int maxHandBacks, TaskError error, Instant now) {
		QueueState queue = record.queue;
		record.handBacks++;
		if (record.handBacks <= maxHandBacks) {
			record.status = TaskStatus.DELAYED;
			record.scheduledAt = notBefore;
			// keeps its ready sequence: promoteDue puts it back at its place
			queue.attach(record);
			publish(TaskEventType.WAITING, record, now);
			return TaskStatus.DELAYED;
		}
		record.status = TaskStatus.FAILED;
		record.error = error;
		record.finishedAt = now;
		queue.countProcessed(record.startedAt, now, true);
		queue.attach(record);
		publish(TaskEventType.FAILED, record, now);
		applyCountRetention(queue, TaskStatus.FAILED);
		return TaskStatus.FAILED;
	}

	// --- events ---

	void publish(TaskEventType type, TaskRecord record, Instant now) {
		if (this.events.wants(type)) {
			this.events.publish(TaskEvent.of(type, record.toTask(), now));
		}
	}

	void publish(TaskEventType type, Task task, Instant now) {
		if (this.events.wants(type)) {
			this.events.publish(TaskEvent.of(type, task, now));
		}
	}

	void publishRemoved(TaskRecord record, Instant now) {
		if (this.events.wants(TaskEventType.REMOVED)) {
			this.events.publish(new TaskEvent(TaskEventType.REMOVED, record.queue.name, record.id, null, now));
		}
	}

	void publishQueueEvent(TaskEventType type, String queue, Instant now) {
		if (this.events.wants(type)) {
			this.events.publish(TaskEvent.ofQueue(type, queue, now));
		}
	}

	/**
	 * A lease token: the next number of this store's count, in base 36. A token that
	 * fences writes inside this JVM needs to be unique within the store, not
	 * unpredictable, and nothing of the store outlives it.
	 */
	private String newLeaseToken() {
		return Long.toString(++this.leases, Character.MAX_RADIX);
	}

}
