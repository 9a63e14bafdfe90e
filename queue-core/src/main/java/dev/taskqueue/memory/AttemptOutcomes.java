package dev.taskqueue.memory;

import java.time.Instant;

import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.TaskOutcome;

/**
 * How the outcome of a claimed attempt changes an in-memory task: a step of
 * {@link TaskStore}'s finish transition, which alone calls it, on a task it detached and
 * whose lease it revoked. Not thread-safe: called with the backend's lock held.
 */
final class AttemptOutcomes {

	private AttemptOutcomes() {
	}

	/**
	 * Applies an outcome to a detached task: completed, retrying until its next attempt,
	 * or failed; counts a final one in its queue's metrics.
	 * @param record the task
	 * @param outcome the outcome
	 * @param now the backend's time (the minute the throughput counts it in)
	 * @return the event the change publishes
	 */
	static TaskEventType apply(TaskRecord record, TaskOutcome outcome, Instant now) {
		if (outcome instanceof TaskOutcome.Completed completed) {
			record.status = TaskStatus.COMPLETED;
			record.result = completed.result();
			record.error = null;
			record.finishedAt = completed.finishedAt();
			record.queue.countProcessed(record.startedAt, record.finishedAt, false, now);
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
		record.queue.countProcessed(record.startedAt, record.finishedAt, true, now);
		return TaskEventType.FAILED;
	}

}
