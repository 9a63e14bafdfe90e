package dev.taskqueue.boot.handler;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import org.springframework.boot.convert.DurationStyle;

import dev.taskqueue.Misfire;
import dev.taskqueue.ScheduleRequest;

/**
 * A schedule declared with {@link dev.taskqueue.Recurring @Recurring}, its placeholders
 * resolved: turned into a {@link ScheduleRequest} at start-up, with the overrides of
 * {@code taskqueue.schedules.<id>.*} applied. A value that cannot be read fails with an
 * {@link InvalidTaskHandlerException} naming the method and the attribute (or the
 * property).
 *
 * @param id the schedule's id
 * @param type the task type of the method's {@code @TaskHandler}
 * @param cron the {@code cron} attribute (empty when not set)
 * @param every the {@code every} attribute (empty when not set)
 * @param zone the {@code zone} attribute (empty for UTC)
 * @param payload the {@code payload} attribute, JSON (empty for none)
 * @param misfire the {@code misfire} attribute
 * @param description the method, for messages
 */
public record RecurringDeclaration(String id, String type, String cron, String every, String zone, String payload,
		String misfire, String description) {

	/**
	 * The schedule to upsert.
	 * @param override the properties of this id, or {@code null}
	 * @param mapper reads the payload
	 * @return the request, marked as declared in code
	 * @throws InvalidTaskHandlerException if a value cannot be read or is invalid
	 */
	public ScheduleRequest toRequest(ScheduleOverride override, ObjectMapper mapper) {
		String source = "@Recurring(id = \"" + this.id + "\")";
		String cronText = this.cron.trim();
		String everyText = this.every.trim();
		String zoneText = this.zone.trim();
		if (override != null) {
			if (override.cron() != null && override.every() != null) {
				throw invalid("taskqueue.schedules." + this.id + " sets both cron and every; set one of them");
			}
			if (override.cron() != null) {
				cronText = override.cron().trim();
				everyText = "";
				source = "taskqueue.schedules." + this.id + ".cron";
			}
			if (override.every() != null) {
				everyText = override.every().toString();
				cronText = "";
				zoneText = "";
				source = "taskqueue.schedules." + this.id + ".every";
			}
			if (override.zone() != null) {
				zoneText = override.zone().trim();
			}
		}
		ScheduleRequest.Builder builder = ScheduleRequest.builder(this.id, this.type).declared(true);
		if (!cronText.isEmpty()) {
			builder.cron(cronText);
		}
		if (!everyText.isEmpty()) {
			builder.every(duration(everyText));
		}
		if (!zoneText.isEmpty()) {
			builder.zone(zone(zoneText));
		}
		if (!this.payload.isBlank()) {
			builder.payload(json(mapper));
		}
		try {
			return builder.misfire(Misfire.parse(this.misfire)).build();
		}
		catch (IllegalArgumentException ex) {
			throw invalid(source + ": " + ex.getMessage());
		}
	}

	private Duration duration(String text) {
		try {
			return DurationStyle.detectAndParse(text);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("every = \"" + text + "\" is not a duration; write it like \"10m\", \"30s\" or \"PT1H\"");
		}
	}

	private ZoneId zone(String text) {
		try {
			return ZoneId.of(text);
		}
		catch (DateTimeException ex) {
			throw invalid("zone = \"" + text + "\" is not a time zone; write a region such as \"Europe/Paris\"");
		}
	}

	private Object json(ObjectMapper mapper) {
		try {
			return mapper.readTree(this.payload);
		}
		catch (JacksonException ex) {
			throw invalid("payload = \"" + this.payload + "\" is not JSON: " + ex.getOriginalMessage());
		}
	}

	private InvalidTaskHandlerException invalid(String problem) {
		return new InvalidTaskHandlerException(
				"Invalid @Recurring schedule '" + this.id + "' on " + this.description + ": " + problem,
				"Fix the @Recurring attribute or the taskqueue.schedules." + this.id + ".* property named above.");
	}

	/**
	 * The properties {@code taskqueue.schedules.<id>.*}, which override a declared
	 * schedule's attributes.
	 *
	 * @param cron replaces the trigger with this cron expression, or {@code null}
	 * @param every replaces the trigger with this interval, or {@code null}
	 * @param zone replaces the zone, or {@code null}
	 * @param enabled {@code false} to leave the schedule out (and remove it if it exists)
	 */
	public record ScheduleOverride(String cron, Duration every, String zone, boolean enabled) {

	}

}
