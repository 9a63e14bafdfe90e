package dev.taskqueue.redis;

import dev.taskqueue.Schedule;
import dev.taskqueue.spi.StoredSchedule;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads a schedule as it is kept in Redis: its revision, a colon, and the
 * schedule as a JSON object with the names of {@link Schedule}'s components, independent
 * of the application's mapper settings (the revision in front lets a script compare it
 * without parsing JSON). Fields it does not know (written by a later version) are
 * ignored. Thread-safe.
 */
final class ScheduleRecords {

	private final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * The stored form.
	 * @param stored the schedule and its revision
	 * @return {@code <revision>:<JSON>}
	 */
	String write(StoredSchedule stored) {
		return stored.revision() + ":" + this.json.writeValueAsString(stored.schedule().withLastTaskStatus(null));
	}

	/**
	 * Reads the stored form.
	 * @param text {@code <revision>:<JSON>}
	 * @return the schedule and its revision
	 * @throws RuntimeException if it is not a record this class wrote
	 */
	StoredSchedule read(String text) {
		int colon = text.indexOf(':');
		long revision = Long.parseLong(text.substring(0, colon));
		return new StoredSchedule(revision, this.json.readValue(text.substring(colon + 1), Schedule.class));
	}

}
