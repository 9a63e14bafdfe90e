package dev.taskqueue.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.taskqueue.Backoff;
import dev.taskqueue.Repeat;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.spi.NewTask;
import tools.jackson.databind.JsonNode;

/**
 * The mutable state of one stored task. Plain fields and no collections, so that a
 * waiting task costs little heap beyond its payload. Not thread-safe: guarded by the
 * backend's lock.
 * <p>
 * Every other class reads these fields; only {@link TaskStore} assigns them (with
 * {@link AttemptOutcomes}, a step it delegates), as steps of its transitions, so that a
 * record always sits where its status puts it (its Javadoc states that invariant and who
 * may change what). The fields that order a record in its queue's structures
 * ({@code priority}, {@code readySequence}, {@code scheduledAt}, {@code finishedAt})
 * change only while it is detached from them. Two fields are marks of a structure rather
 * than task state: {@code readyEntry}, written by the {@link ReadyQueue} holding the
 * record, and {@code forgotten}, written by the {@link TaskLog}; {@code typeCounts} is a
 * cache of its {@link QueueState}.
 */
final class TaskRecord {

	final String id;

	final QueueState queue;

	final String type;

	final int priority;

	final JsonNode payload;

	final int maxAttempts;

	final Backoff backoff;

	final Duration timeout;

	final String idempotencyKey;

	final Repeat repeat;

	final int occurrence;

	final String scheduleId;

	final Instant createdAt;

	/** What it carries from the code that enqueued it; kept through every attempt. */
	final Map<String, String> headers;

	TaskStatus status;

	/**
	 * While held: the status it was held in (waiting, delayed or retrying); else null.
	 */
	TaskStatus heldFrom;

	JsonNode result;

	TaskError error;

	int attempts;

	int stalls;

	/** How often an engine without a handler for its type handed it back. */
	int handBacks;

	TaskProgress progress;

	Instant scheduledAt;

	Instant startedAt;

	Instant finishedAt;

	/** Orders waiting tasks of equal priority: lower became ready first. */
	long readySequence;

	/**
	 * While waiting: the number of the entry its {@link ReadyQueue} holds for it; else 0.
	 */
	long readyEntry;

	/** The token of the current claim, or {@code null} when not active. */
	String leaseToken;

	Instant leaseExpiresAt;

	/** Whether the store forgot this task (it is left in the {@link TaskLog} a while). */
	boolean forgotten;

	/**
	 * The counts of its type in its queue, kept here so that attaching and detaching it
	 * need no lookup; written by the {@link QueueState} (current while it is attached).
	 */
	TypeCounts typeCounts;

	TaskRecord(NewTask task, QueueState queue) {
		this.id = task.id();
		this.queue = queue;
		this.type = task.type();
		this.priority = task.priority();
		this.payload = task.payload();
		this.maxAttempts = task.maxAttempts();
		this.backoff = task.backoff();
		this.timeout = task.timeout();
		this.idempotencyKey = task.idempotencyKey();
		this.repeat = task.repeat();
		this.occurrence = task.occurrence();
		this.scheduleId = task.scheduleId();
		this.createdAt = task.createdAt();
		this.headers = task.headers();
		this.scheduledAt = task.scheduledAt();
	}

	/**
	 * Whether a claim with this token may still write the task.
	 * @param token the claim's token
	 * @return true if the task is active under that token
	 */
	boolean isHeldBy(String token) {
		return this.status == TaskStatus.ACTIVE && this.leaseToken != null && this.leaseToken.equals(token);
	}

	/**
	 * An immutable snapshot of the current state.
	 * @return the snapshot
	 */
	Task toTask() {
		return new Task(this.id, this.queue.name, this.type, this.status, this.priority, this.payload, this.result,
				this.error, this.attempts, this.maxAttempts, this.progress, this.createdAt, this.scheduledAt,
				this.startedAt, this.finishedAt, this.timeout, this.backoff, this.repeat, this.occurrence,
				this.idempotencyKey, this.scheduleId, this.headers);
	}

}
