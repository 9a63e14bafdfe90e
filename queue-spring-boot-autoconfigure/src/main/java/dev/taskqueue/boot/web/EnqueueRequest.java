package dev.taskqueue.boot.web;

import java.time.Duration;

import tools.jackson.databind.JsonNode;

import dev.taskqueue.Backoff;
import dev.taskqueue.Priority;
import dev.taskqueue.TaskOptions;

/**
 * The body of {@code POST {base-path}}. Durations are text in ISO-8601 ({@code PT5S}) or
 * simple ({@code 5s}, {@code 500ms}) form; a bare number is milliseconds.
 *
 * @param type the task type (required)
 * @param payload the payload, any JSON
 * @param queue the queue, instead of the handler's
 * @param priority a name ({@code low}, {@code normal}, {@code high}, {@code critical}) or
 * an integer
 * @param delay run no earlier than this long from now
 * @param runAt run no earlier than this ISO-8601 instant
 * @param maxAttempts attempts before the task fails for good
 * @param timeout how long one attempt may run
 * @param idempotencyKey a key that makes a duplicate enqueue return the existing task
 * @param every repeat at this interval
 * @param cron repeat on this cron schedule (UTC)
 * @param limit how many occurrences a repeat has
 * @param backoff the delay policy between attempts
 */
record EnqueueRequest(String type, JsonNode payload, String queue, JsonNode priority, String delay, String runAt,
		Integer maxAttempts, String timeout, String idempotencyKey, String every, String cron, Integer limit,
		BackoffRequest backoff) {

	/**
	 * The task type, checked to be present.
	 * @return the type
	 * @throws InvalidParameterException if it is missing or blank
	 */
	String requiredType() {
		if (this.type == null || this.type.isBlank()) {
			throw new InvalidParameterException("type", "type is required: the task type to run");
		}
		return this.type;
	}

	/**
	 * The payload to enqueue: {@code null} for a missing or JSON null payload.
	 * @return the payload
	 */
	Object payloadValue() {
		return (this.payload == null || this.payload.isNull() || this.payload.isMissingNode()) ? null : this.payload;
	}

	/**
	 * The options this request describes.
	 * @return the options
	 * @throws IllegalArgumentException if a value is invalid, naming it
	 */
	TaskOptions toOptions() {
		TaskOptions.Builder builder = TaskOptions.builder();
		if (this.queue != null) {
			builder.queue(this.queue);
		}
		Integer priorityValue = priorityValue();
		if (priorityValue != null) {
			builder.priority(priorityValue);
		}
		builder.delay(ParameterParser.duration("delay", this.delay));
		builder.runAt(ParameterParser.instant("runAt", this.runAt));
		if (this.maxAttempts != null) {
			builder.maxAttempts(this.maxAttempts);
		}
		builder.timeout(ParameterParser.duration("timeout", this.timeout));
		builder.idempotencyKey(this.idempotencyKey);
		builder.every(ParameterParser.duration("every", this.every));
		builder.cron(this.cron);
		if (this.limit != null) {
			builder.limit(this.limit);
		}
		if (this.backoff != null) {
			builder.backoff(this.backoff.toBackoff());
		}
		return builder.build();
	}

	private Integer priorityValue() {
		if (this.priority == null || this.priority.isNull() || this.priority.isMissingNode()) {
			return null;
		}
		if (this.priority.isIntegralNumber() && this.priority.canConvertToInt()) {
			return this.priority.intValue();
		}
		if (this.priority.isString()) {
			try {
				return Priority.parse(this.priority.stringValue());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidParameterException("priority", ex.getMessage(), ex);
			}
		}
		throw new InvalidParameterException("priority",
				"priority must be low, normal, high, critical or an integer, was " + this.priority);
	}

	/**
	 * The {@code backoff} field of an enqueue request.
	 *
	 * @param type {@code fixed} or {@code exponential} (the default)
	 * @param delay the delay after the first failure (required)
	 * @param maxDelay the longest delay, for exponential backoff
	 * @param jitter the fraction (0 to 1) of each delay that is randomised away
	 */
	record BackoffRequest(String type, String delay, String maxDelay, Double jitter) {

		Backoff toBackoff() {
			Backoff.Kind kind = (this.type != null) ? Backoff.Kind.parse(this.type) : Backoff.Kind.EXPONENTIAL;
			Duration first = ParameterParser.duration("backoff.delay", this.delay);
			if (first == null) {
				throw new InvalidParameterException("backoff.delay", "backoff.delay is required");
			}
			Duration max = ParameterParser.duration("backoff.maxDelay", this.maxDelay);
			if (max == null) {
				max = (kind == Backoff.Kind.FIXED) ? first : Backoff.exponential(first).maxDelay();
			}
			return new Backoff(kind, first, max, (this.jitter != null) ? this.jitter : 0);
		}

	}

}
