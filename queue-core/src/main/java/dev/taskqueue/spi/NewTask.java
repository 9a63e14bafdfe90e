package dev.taskqueue.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.taskqueue.Backoff;
import dev.taskqueue.Repeat;
import dev.taskqueue.Task;
import dev.taskqueue.TaskHeaders;
import dev.taskqueue.TaskStatus;
import tools.jackson.databind.JsonNode;

/**
 * A task the engine asks a backend to store: validated, with every default applied.
 *
 * @param id the new task's id (unique, time-ordered)
 * @param queue the queue
 * @param type the task type
 * @param priority higher runs first
 * @param payload the payload as JSON
 * @param maxAttempts at least 1
 * @param backoff the delay policy between attempts
 * @param timeout how long one attempt may run, or {@code null}
 * @param idempotencyKey the idempotency key, or {@code null}
 * @param repeat how it repeats, or {@code null}
 * @param occurrence which occurrence of the repeat this is (1 for the first)
 * @param createdAt when it was enqueued
 * @param scheduledAt when it becomes ready; after {@code createdAt} means delayed
 * @param scheduleId the id of the schedule that makes it, or {@code null}
 * @param headers what it carries from the code that enqueues it (the trace context);
 * checked against {@link TaskHeaders#check}; never {@code null}, empty for none
 */
public record NewTask(String id, String queue, String type, int priority, JsonNode payload, int maxAttempts,
		Backoff backoff, Duration timeout, String idempotencyKey, Repeat repeat, int occurrence, Instant createdAt,
		Instant scheduledAt, String scheduleId, Map<String, String> headers) {

	public NewTask {
		headers = TaskHeaders.check(headers);
	}

	/**
	 * A task without headers.
	 * @param id the new task's id
	 * @param queue the queue
	 * @param type the task type
	 * @param priority higher runs first
	 * @param payload the payload as JSON
	 * @param maxAttempts at least 1
	 * @param backoff the delay policy between attempts
	 * @param timeout how long one attempt may run, or {@code null}
	 * @param idempotencyKey the idempotency key, or {@code null}
	 * @param repeat how it repeats, or {@code null}
	 * @param occurrence which occurrence of the repeat this is
	 * @param createdAt when it was enqueued
	 * @param scheduledAt when it becomes ready
	 * @param scheduleId the id of the schedule that makes it, or {@code null}
	 */
	public NewTask(String id, String queue, String type, int priority, JsonNode payload, int maxAttempts,
			Backoff backoff, Duration timeout, String idempotencyKey, Repeat repeat, int occurrence, Instant createdAt,
			Instant scheduledAt, String scheduleId) {
		this(id, queue, type, priority, payload, maxAttempts, backoff, timeout, idempotencyKey, repeat, occurrence,
				createdAt, scheduledAt, scheduleId, Map.of());
	}

	/**
	 * This task with other headers.
	 * @param headers the headers (checked as by the constructor)
	 * @return the task
	 */
	public NewTask withHeaders(Map<String, String> headers) {
		return new NewTask(this.id, this.queue, this.type, this.priority, this.payload, this.maxAttempts, this.backoff,
				this.timeout, this.idempotencyKey, this.repeat, this.occurrence, this.createdAt, this.scheduledAt,
				this.scheduleId, headers);
	}

	/**
	 * Whether the task waits for its scheduled time at {@code now}.
	 * @param now the current time
	 * @return true if it must be stored as delayed
	 */
	public boolean isDelayedAt(Instant now) {
		return this.scheduledAt.isAfter(now);
	}

	/**
	 * The task as it is once stored: waiting, or delayed when it is scheduled after its
	 * creation.
	 * @return the stored task, before any attempt
	 */
	public Task toTask() {
		TaskStatus status = isDelayedAt(this.createdAt) ? TaskStatus.DELAYED : TaskStatus.WAITING;
		return new Task(this.id, this.queue, this.type, status, this.priority, this.payload, null, null, 0,
				this.maxAttempts, null, this.createdAt, this.scheduledAt, null, null, this.timeout, this.backoff,
				this.repeat, this.occurrence, this.idempotencyKey, this.scheduleId, this.headers);
	}

}
