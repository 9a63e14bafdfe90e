package dev.taskqueue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * An immutable snapshot of a task, as the backend last recorded it.
 *
 * @param id unique, time-ordered id
 * @param queue the queue it runs in
 * @param type the task type (names its handler)
 * @param status the life-cycle state
 * @param priority higher runs first
 * @param payload the payload as JSON
 * @param result the handler's result as JSON, once completed
 * @param error why the last attempt failed, or {@code null}
 * @param attempts attempts started so far
 * @param maxAttempts attempts allowed before the task fails for good
 * @param progress the last progress reported, or {@code null}
 * @param createdAt when it was enqueued
 * @param scheduledAt when it becomes (or became) ready to run
 * @param startedAt when its latest attempt started, or {@code null}
 * @param finishedAt when it reached a final status, or {@code null}
 * @param timeout how long one attempt may run, or {@code null} for no limit
 * @param backoff the delay policy between attempts
 * @param repeat how it repeats, or {@code null}
 * @param occurrence which occurrence of its repeat this is (1 for the first; 1 when not
 * repeating)
 * @param idempotencyKey its idempotency key, or {@code null}
 * @param scheduleId the id of the schedule that made it, or {@code null}
 * @param headers what it carries from the code that enqueued it, such as the trace
 * context (see {@link TaskHeaders}); never {@code null}, empty for none
 */
public record Task(String id, String queue, String type, TaskStatus status, int priority, JsonNode payload,
		JsonNode result, TaskError error, int attempts, int maxAttempts, TaskProgress progress, Instant createdAt,
		Instant scheduledAt, Instant startedAt, Instant finishedAt, Duration timeout, Backoff backoff, Repeat repeat,
		int occurrence, String idempotencyKey, String scheduleId, Map<String, String> headers) {

	public Task {
		headers = (headers != null) ? Map.copyOf(headers) : Map.of();
	}

	/**
	 * A task without headers.
	 * @param id unique, time-ordered id
	 * @param queue the queue it runs in
	 * @param type the task type
	 * @param status the life-cycle state
	 * @param priority higher runs first
	 * @param payload the payload as JSON
	 * @param result the handler's result as JSON, once completed
	 * @param error why the last attempt failed, or {@code null}
	 * @param attempts attempts started so far
	 * @param maxAttempts attempts allowed
	 * @param progress the last progress reported, or {@code null}
	 * @param createdAt when it was enqueued
	 * @param scheduledAt when it becomes (or became) ready to run
	 * @param startedAt when its latest attempt started, or {@code null}
	 * @param finishedAt when it reached a final status, or {@code null}
	 * @param timeout how long one attempt may run, or {@code null}
	 * @param backoff the delay policy between attempts
	 * @param repeat how it repeats, or {@code null}
	 * @param occurrence which occurrence of its repeat this is
	 * @param idempotencyKey its idempotency key, or {@code null}
	 * @param scheduleId the id of the schedule that made it, or {@code null}
	 */
	public Task(String id, String queue, String type, TaskStatus status, int priority, JsonNode payload,
			JsonNode result, TaskError error, int attempts, int maxAttempts, TaskProgress progress, Instant createdAt,
			Instant scheduledAt, Instant startedAt, Instant finishedAt, Duration timeout, Backoff backoff,
			Repeat repeat, int occurrence, String idempotencyKey, String scheduleId) {
		this(id, queue, type, status, priority, payload, result, error, attempts, maxAttempts, progress, createdAt,
				scheduledAt, startedAt, finishedAt, timeout, backoff, repeat, occurrence, idempotencyKey, scheduleId,
				Map.of());
	}

}
