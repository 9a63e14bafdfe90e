package dev.taskqueue.spi;

import java.time.Instant;

import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskStatus;
import tools.jackson.databind.JsonNode;

/**
 * How an attempt ended, as the engine reports it to the backend in
 * {@link TaskBackend#finish(TaskOutcome, boolean, java.time.Duration)}. The engine
 * decides the policy (retry or not, and when); the backend records it atomically.
 */
public sealed interface TaskOutcome permits TaskOutcome.Completed, TaskOutcome.Failed {

	/**
	 * The claim this outcome is for.
	 * @return the claim
	 */
	ClaimedTask claim();

	/**
	 * When the attempt ended.
	 * @return the instant
	 */
	Instant finishedAt();

	/**
	 * The task as this outcome leaves it once recorded: completed, retrying or failed.
	 * @return the task after the attempt
	 */
	Task task();

	/**
	 * The attempt succeeded.
	 *
	 * @param claim the claim
	 * @param result the result as JSON, or {@code null}
	 * @param finishedAt when
	 */
	record Completed(ClaimedTask claim, JsonNode result, Instant finishedAt) implements TaskOutcome {

		@Override
		public Task task() {
			Task t = this.claim.task();
			return new Task(t.id(), t.queue(), t.type(), TaskStatus.COMPLETED, t.priority(), t.payload(), this.result,
					null, t.attempts(), t.maxAttempts(), t.progress(), t.createdAt(), t.scheduledAt(), t.startedAt(),
					this.finishedAt, t.timeout(), t.backoff(), t.repeat(), t.occurrence(), t.idempotencyKey(),
					t.scheduleId(), t.headers());
		}

	}

	/**
	 * The attempt failed.
	 *
	 * @param claim the claim
	 * @param error why
	 * @param finishedAt when
	 * @param retryAt when to run the next attempt (status retrying), or {@code null} when
	 * the task fails for good
	 */
	record Failed(ClaimedTask claim, TaskError error, Instant finishedAt, Instant retryAt) implements TaskOutcome {

		@Override
		public Task task() {
			Task t = this.claim.task();
			boolean retrying = this.retryAt != null;
			return new Task(t.id(), t.queue(), t.type(), retrying ? TaskStatus.RETRYING : TaskStatus.FAILED,
					t.priority(), t.payload(), null, this.error, t.attempts(), t.maxAttempts(), t.progress(),
					t.createdAt(), retrying ? this.retryAt : t.scheduledAt(), t.startedAt(),
					retrying ? null : this.finishedAt, t.timeout(), t.backoff(), t.repeat(), t.occurrence(),
					t.idempotencyKey(), t.scheduleId(), t.headers());
		}

	}

}
