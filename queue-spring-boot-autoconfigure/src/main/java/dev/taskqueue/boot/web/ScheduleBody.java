package dev.taskqueue.boot.web;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

import dev.taskqueue.Misfire;
import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.engine.CronSchedule;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code PUT {base-path}/schedules/{id}}. Durations and instants as in
 * {@link EnqueueRequest}.
 *
 * @param type the task type (required)
 * @param payload the payload of its tasks, any JSON
 * @param cron a cron expression in Spring's syntax (exactly one of cron and every)
 * @param zone the zone the cron expression is evaluated in, such as {@code Europe/Paris}
 * (UTC by default)
 * @param every the interval between due times
 * @param limit how many runs in all
 * @param startAt no due time before this ISO-8601 instant
 * @param endAt no due time after this ISO-8601 instant
 * @param misfire {@code run-once} (the default) or {@code skip}
 * @param queue the queue of its tasks, instead of the handler's
 * @param priority as in {@link EnqueueRequest}
 * @param maxAttempts attempts before a task fails for good
 * @param timeout how long one attempt may run
 * @param backoff the delay policy between attempts
 */
record ScheduleBody(String type, JsonNode payload, String cron, String zone, String every, Integer limit,
		String startAt, String endAt, String misfire, String queue, JsonNode priority, Integer maxAttempts,
		String timeout, EnqueueRequest.BackoffRequest backoff) {

	/**
	 * The request this body describes.
	 * @param id the schedule's id, from the path
	 * @return the request
	 * @throws InvalidParameterException if a value is invalid, naming it
	 */
	ScheduleRequest toRequest(String id) {
		try {
			ScheduleRequest.checkId(id);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException("id", ex.getMessage(), ex);
		}
		if ((this.cron == null) == (this.every == null)) {
			throw new InvalidParameterException((this.cron == null) ? "cron" : "every",
					"a schedule needs exactly one of cron and every");
		}
		if (this.zone != null && this.cron == null) {
			throw new InvalidParameterException("zone", "a zone applies to a cron expression, not to an interval");
		}
		if (this.limit != null && this.limit < 1) {
			throw new InvalidParameterException("limit", "limit must be at least 1, was " + this.limit);
		}
		EnqueueRequest task = new EnqueueRequest(this.type, this.payload, this.queue, this.priority, null, null,
				this.maxAttempts, this.timeout, null, null, null, null, this.backoff);
		ScheduleRequest.Builder builder = ScheduleRequest.builder(id, task.requiredType())
			.payload(task.payloadValue())
			.options(task.toOptions());
		if (this.cron != null) {
			try {
				CronSchedule.parse(this.cron);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidParameterException("cron", ex.getMessage(), ex);
			}
			builder.cron(this.cron);
		}
		if (this.zone != null) {
			builder.zone(zone(this.zone));
		}
		Duration interval = ParameterParser.duration("every", this.every);
		if (interval != null) {
			if (interval.toMillis() < 1) {
				throw new InvalidParameterException("every",
						"every must be at least one millisecond, was " + this.every);
			}
			builder.every(interval);
		}
		if (this.limit != null) {
			builder.limit(this.limit);
		}
		builder.startAt(ParameterParser.instant("startAt", this.startAt));
		builder.endAt(ParameterParser.instant("endAt", this.endAt));
		if (this.misfire != null) {
			builder.misfire(misfire(this.misfire));
		}
		return builder.build();
	}

	private static ZoneId zone(String text) {
		try {
			return ZoneId.of(text.trim());
		}
		catch (DateTimeException ex) {
			throw new InvalidParameterException("zone",
					"zone '" + text
							+ "' is not a time zone; use a region such as Europe/Paris or an offset such as +02:00",
					ex);
		}
	}

	private static Misfire misfire(String text) {
		try {
			return Misfire.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidParameterException("misfire", ex.getMessage(), ex);
		}
	}

}
