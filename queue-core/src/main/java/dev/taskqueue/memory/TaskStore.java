package dev.taskqueue.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.NavigableSet;
import java.util.function.Consumer;

import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskOutcome;

/**
 * The one class that changes the in-memory backend's tasks. Each transition is one method
 * that takes the task out of the structure it sits in, changes it, and puts it where its
 * new status belongs, so no caller can leave a step out. This class alone assigns a
 * {@link TaskRecord}'s state (applying an attempt's outcome through
 * {@link AttemptOutcomes}), attaches it to and detaches it from a {@link QueueState},
 * adds it to and drops it from the {@link TaskIndex}, and changes a queue's metrics. It
 * makes the transitions of a claim's life (enqueue, claim, finish, lease renewal,
 * progress, release, hand-back) itself; {@link TaskHousekeeping} (promoting, stall
 * recovery, trimming by age) and {@link TaskOperations} (the operator's operations, and
 * the one other write: a queue's paused flag) decide which tasks to move and make each
 * move through one of the package-private moves below.
 * <p>
 * Whenever the backend's lock is free:
 * <ul>
 * <li>every task {@link TaskIndex} finds sits in exactly one structure of its queue,
 * chosen by its status: waiting in the ready queue, delayed and retrying in the scheduled
 * set, active in the active set, held in the held set (remembering the status it was held
 * in), completed, failed and cancelled in the finished sets; a removed task sits in none
 * and is indexed nowhere;</li>
 * <li>a task holds a lease token while active and only then, so that once it leaves
 * active the writes of the worker that claimed it are refused;</li>
 * <li>a finished set holds no more tasks than its queue's retention allows for its
 * group;</li>
 * <li>a task that becomes ready waits behind every task of its priority that became ready
 * before, unless its attempt ended without an outcome (released, handed back, stalled):
 * then it gets back the place it had.</li>
 * </ul>
 * The transitions of a claim's life and the sweeps' moves publish their events through
 * {@link TaskEvents} (the operator's moves leave that to {@link TaskOperations}); the
 * transitions of a claim's life also tell the backend, through the callback it was given,
 * when a queue got tasks to claim. Not thread-safe: every method must be called with the
 * backend's lock held.
 */
final class TaskStore {

	private static final String STALLED_ERROR_TYPE = "dev.taskqueue.TaskStalledException";

	private final TaskIndex index;

	private final RetentionPolicy retention;

	private final TaskEvents events;

	/** Told once per transition that made tasks of a queue claimable. */
	private final Consumer<QueueState> onReady;

	private long lastReadySequence;

	private long leases;

	TaskStore(TaskIndex index, RetentionPolicy retention, TaskEvents events, Consumer<QueueState> onReady) {
		this.index = index;
		this.retention = retention;
		this.events = events;
		this.onReady = onReady;
	}

	// --- producing ---

	/**
	 * Stores a new task as waiting or delayed, unless its idempotency key belongs to
	 * another task of its queue; publishes {@code added}.
	 * @throws IllegalArgumentException if a task with its id is stored
	 */
	EnqueueResult enqueue(NewTask task, Instant now) {
		TaskRecord holder = this.index.keyHolder(task.queue(), task.idempotencyKey());
		if (holder != null) {
			return new EnqueueResult(holder.id, false);
		}
		TaskRecord record = new TaskRecord(task, this.index.queue(task.queue()));
		this.index.add(record);
		boolean delayed = task.isDelayedAt(now);
		if (delayed) {
			record.status = TaskStatus.DELAYED;
			record.queue.attach(record);
		}
		else {
			makeReady(record, false);
		}
		this.events.publish(TaskEventType.ADDED, record, now);
		if (!delayed) {
			this.onReady.accept(record.queue);
		}
		return new EnqueueResult(record.id, true);
	}

	// --- a claim's life ---

	/**
	 * Claims the next ready task of a queue under a new lease; publishes {@code active}.
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
		this.events.publish(TaskEventType.ACTIVE, queue.name, record, task, now);
		return new ClaimedTask(task, record.leaseToken, record.leaseExpiresAt);
	}

	/**
	 * Records how a claimed attempt ended (completed, retrying or failed); publishes the
	 * outcome's event.
	 * @return the task's queue, or {@code null} if the claim's lease was lost
	 */
	QueueState finish(TaskOutcome outcome, Instant now) {
		TaskRecord record = this.index.held(outcome.claim());
		if (record == null) {
			return null;
		}
		QueueState queue = record.queue;
		queue.detach(record);
		revokeLease(record);
		TaskEventType type = AttemptOutcomes.apply(record, outcome, now);
		this.events.publish(type, record, now);
		if (!record.status.isFinal()) {
			queue.attach(record);
		}
		else if (this.retention.forQueue(queue.name).forStatus(record.status).maxCount() == 0) {
			// never stored as finished only to be trimmed again
			forget(record);
		}
		else {
			queue.attach(record);
			applyCountRetention(queue, record.status);
		}
		return queue;
	}

	/** Extends a claim's lease; false, as for every write of a claim, if it was lost. */
	boolean renewLease(ClaimedTask claim, Instant expiresAt) {
		TaskRecord record = this.index.held(claim);
		if (record == null) {
			return false;
		}
		record.leaseExpiresAt = expiresAt;
		return true;
	}

	/** Records a claimed task's progress; publishes {@code progress}. */
	boolean progress(ClaimedTask claim, TaskProgress progress, Instant now) {
		TaskRecord record = this.index.held(claim);
		if (record == null) {
			return false;
		}
		record.progress = progress;
		this.events.publish(TaskEventType.PROGRESS, record, now);
		return true;
	}

	/**
	 * Puts a claimed task back at its place, attempt uncounted; publishes
	 * {@code waiting}.
	 */
	boolean release(ClaimedTask claim, Instant now) {
		TaskRecord record = this.index.held(claim);
		if (record == null) {
			return false;
		}
		record.queue.detach(record);
		revokeLease(record);
		record.attempts = Math.max(0, record.attempts - 1);
		makeReady(record, true);
		this.events.publish(TaskEventType.WAITING, record, now);
		this.onReady.accept(record.queue);
		return true;
	}

	/**
	 * Hands back a claimed task its engine has no handler for, its attempt uncounted:
	 * delayed until {@code notBefore} (keeping its place), or failed with the error once
	 * handed back more than {@code maxHandBacks} times; publishes {@code waiting} or
	 * {@code failed}.
	 * @return delayed or failed, or {@code null} if the lease was lost
	 */
	TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error, Instant now) {
		TaskRecord record = this.index.held(claim);
		if (record == null) {
			return null;
		}
		record.queue.detach(record);
		revokeLease(record);
		record.attempts = Math.max(0, record.attempts - 1);
		record.handBacks++;
		if (record.handBacks > maxHandBacks) {
			fail(record, error, now);
			return TaskStatus.FAILED;
		}
		record.status = TaskStatus.DELAYED;
		record.scheduledAt = notBefore;
		record.queue.attach(record);
		this.events.publish(TaskEventType.WAITING, record, now);
		return TaskStatus.DELAYED;
	}

	// --- moves for the time-driven sweeps (TaskHousekeeping) ---

	/**
	 * Moves an active task whose lease expired back to its place, or to failed if it
	 * stalled more than {@code maxStalls} times or has no attempts left; publishes
	 * {@code stalled} or {@code failed}.
	 * @return whether it is waiting again
	 */
	boolean stall(TaskRecord record, int maxStalls, Instant now) {
		record.queue.detach(record);
		revokeLease(record);
		record.stalls++;
		if (record.stalls <= maxStalls && record.attempts < record.maxAttempts) {
			// its attempt was cut short, it is not a new task: it goes back to its place
			makeReady(record, true);
			this.events.publish(TaskEventType.STALLED, record, now);
			return true;
		}
		fail(record, new TaskError("task stalled " + record.stalls + " time(s): its worker stopped renewing its lease",
				STALLED_ERROR_TYPE, null), now);
		return false;
	}

	/** Moves a due delayed or retrying task to waiting; publishes {@code waiting}. */
	void promote(TaskRecord record, Instant now) {
		record.queue.detach(record);
		// a delayed task that has a ready sequence was handed back: back to its
		// place (one enqueued delayed has none yet)
		makeReady(record, record.status == TaskStatus.DELAYED);
		this.events.publish(TaskEventType.WAITING, record, now);
	}

	// --- moves for the operator's operations (TaskOperations) ---

	/**
	 * Moves a finished task to waiting as if new: no attempts, outcome or progress, ready
	 * now, behind every task that became ready before; it takes its idempotency key back
	 * unless another task holds it.
	 */
	void restart(TaskRecord record, Instant now) {
		record.queue.detach(record);
		record.attempts = 0;
		record.stalls = 0;
		record.handBacks = 0;
		record.result = null;
		record.error = null;
		record.progress = null;
		record.startedAt = null;
		record.finishedAt = null;
		// it becomes ready now: the wait metric and oldest-waiting age start again
		record.scheduledAt = now;
		makeReady(record, false);
		this.index.reclaimKey(record);
	}

	/**
	 * Moves a task that is not finished to cancelled, revoking its lease; the caller
	 * trims to retention with {@link #applyCountRetention}.
	 */
	void cancel(TaskRecord record, Instant now) {
		record.queue.detach(record);
		revokeLease(record);
		record.heldFrom = null;
		record.status = TaskStatus.CANCELLED;
		record.finishedAt = now;
		record.queue.attach(record);
	}

	/**
	 * Moves a waiting, delayed or retrying task to held, remembering that status; its
	 * ready sequence and scheduled time stay as they are.
	 */
	void hold(TaskRecord record) {
		record.queue.detach(record);
		record.heldFrom = record.status;
		record.status = TaskStatus.HELD;
		record.queue.attach(record);
	}

	/**
	 * Moves a held task back to the status it was held in, keeping its place; a delayed
	 * or retrying one whose time is not after now becomes waiting at once, as if
	 * promoted.
	 * @return whether it is waiting
	 */
	boolean unhold(TaskRecord record, Instant now) {
		TaskStatus from = record.heldFrom;
		record.queue.detach(record);
		record.heldFrom = null;
		if (from != TaskStatus.WAITING && record.scheduledAt.isAfter(now)) {
			record.status = from;
			record.queue.attach(record);
			return false;
		}
		makeReady(record, from != TaskStatus.RETRYING);
		return true;
	}

	// --- steps of the transitions above ---

	/**
	 * Makes a detached task waiting behind every task that became ready before it, or,
	 * keeping its place, at the place its earlier ready sequence gives it.
	 */
	private void makeReady(TaskRecord record, boolean keepPlace) {
		record.status = TaskStatus.WAITING;
		if (!keepPlace || record.readySequence == 0) {
			record.readySequence = ++this.lastReadySequence;
		}
		record.queue.attach(record);
	}

	/**
	 * Fails a detached task for good, then trims to retention; publishes {@code failed}.
	 */
	private void fail(TaskRecord record, TaskError error, Instant now) {
		QueueState queue = record.queue;
		record.status = TaskStatus.FAILED;
		record.error = error;
		record.finishedAt = now;
		queue.countProcessed(record.startedAt, now, true, now);
		queue.attach(record);
		this.events.publish(TaskEventType.FAILED, record, now);
		applyCountRetention(queue, TaskStatus.FAILED);
	}

	/** Drops the lease, so that writes of the worker that held it are refused. */
	private static void revokeLease(TaskRecord record) {
		record.leaseToken = null;
		record.leaseExpiresAt = null;
	}

	/** Removes, without events, the oldest finished tasks beyond the status's count. */
	void applyCountRetention(QueueState queue, TaskStatus status) {
		long maxCount = this.retention.forQueue(queue.name).forStatus(status).maxCount();
		NavigableSet<TaskRecord> finished = queue.finished(status);
		while (finished.size() > maxCount) {
			delete(finished.first());
		}
	}

	/** Removes a task, whatever its status, from its queue and every index. */
	void delete(TaskRecord record) {
		record.queue.detach(record);
		forget(record);
	}

	/** Forgets a detached task: no lease, no index entry, no idempotency key held. */
	private void forget(TaskRecord record) {
		revokeLease(record);
		this.index.remove(record);
	}

	/**
	 * The next number in base 36: a token fencing writes inside this JVM must be unique
	 * within the store, not unpredictable, and nothing of the store outlives it.
	 */
	private String newLeaseToken() {
		return Long.toString(++this.leases, Character.MAX_RADIX);
	}

}
