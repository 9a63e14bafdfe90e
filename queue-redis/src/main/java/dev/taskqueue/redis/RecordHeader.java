package dev.taskqueue.redis;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * The header of a task record: the JSON object of scalars that the Lua scripts keep in
 * front of the body (see {@link TaskRecords}), read here for a snapshot. Its field names
 * are one or two letters because a record is stored per task and a waiting task's memory
 * counts; this table is the one list of them, and {@code common.lua} points here.
 * <table>
 * <caption>Header fields (absent when empty)</caption>
 * <tr>
 * <th>name</th>
 * <th>meaning</th>
 * <th>read by Java</th>
 * </tr>
 * <tr>
 * <td>{@code s}</td>
 * <td>status: {@code waiting}, {@code delayed}, {@code active}, {@code retrying},
 * {@code held}, {@code completed}, {@code failed} or {@code cancelled}</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code ty}</td>
 * <td>type</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code p}</td>
 * <td>priority (a number)</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code a}</td>
 * <td>attempts started (counted at claim, given back when handed back unrun)</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code m}</td>
 * <td>max attempts</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code sc}</td>
 * <td>scheduled at: when it is due (delayed, retrying) or was</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code st}</td>
 * <td>started at: the start of its latest attempt</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code f}</td>
 * <td>finished at</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code k}</td>
 * <td>idempotency key</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code pr}</td>
 * <td>progress (JSON text)</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code res}</td>
 * <td>result (JSON text)</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code err}</td>
 * <td>error (JSON text)</td>
 * <td>yes</td>
 * </tr>
 * <tr>
 * <td>{@code tk}</td>
 * <td>lease token, while active: the writes of a worker check it (fencing)</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code q}</td>
 * <td>ready sequence, 12 hex digits: its place among the waiting tasks of its priority
 * (kept while active, while held, and while delayed after a hand-back)</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code hf}</td>
 * <td>held from, while held: the status it was held in ({@code waiting}, {@code delayed}
 * or {@code retrying}), which releasing restores</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code ns}</td>
 * <td>stalls: how often its lease expired</td>
 * <td>no</td>
 * </tr>
 * <tr>
 * <td>{@code nh}</td>
 * <td>hand-backs by instances without a handler for its type</td>
 * <td>no</td>
 * </tr>
 * </table>
 * Times are written as {@link RedisTimes} writes them. Renaming a field breaks the
 * records already stored: the scripts and this class must change together, with a
 * migration.
 */
final class RecordHeader {

	static final String STATUS = "s";

	static final String TYPE = "ty";

	static final String PRIORITY = "p";

	static final String ATTEMPTS = "a";

	static final String MAX_ATTEMPTS = "m";

	static final String SCHEDULED_AT = "sc";

	static final String STARTED_AT = "st";

	static final String FINISHED_AT = "f";

	static final String KEY = "k";

	static final String PROGRESS = "pr";

	static final String RESULT = "res";

	static final String ERROR = "err";

	String status = "";

	String type = "";

	int priority;

	int attempts;

	int maxAttempts;

	String scheduledAt;

	String startedAt;

	String finishedAt;

	String key;

	String progress;

	String result;

	String error;

	private RecordHeader() {
	}

	/**
	 * Reads a header field by field (no tree built); fields only scripts use are skipped.
	 * @param mapper the JSON mapper
	 * @param record the record as stored
	 * @param length the length of its header (where its newline is)
	 * @return what a snapshot needs of the header
	 */
	static RecordHeader read(ObjectMapper mapper, byte[] record, int length) {
		RecordHeader h = new RecordHeader();
		try (JsonParser parser = mapper.createParser(record, 0, length)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalStateException("task header is not a JSON object");
			}
			String name;
			while ((name = parser.nextName()) != null) {
				if (parser.nextToken() == JsonToken.VALUE_NULL) {
					continue;
				}
				switch (name) {
					case STATUS -> h.status = parser.getValueAsString();
					case TYPE -> h.type = parser.getValueAsString();
					case PRIORITY -> h.priority = parser.getValueAsInt();
					case ATTEMPTS -> h.attempts = parser.getValueAsInt();
					case MAX_ATTEMPTS -> h.maxAttempts = parser.getValueAsInt();
					case SCHEDULED_AT -> h.scheduledAt = parser.getValueAsString();
					case STARTED_AT -> h.startedAt = parser.getValueAsString();
					case FINISHED_AT -> h.finishedAt = parser.getValueAsString();
					case KEY -> h.key = parser.getValueAsString();
					case PROGRESS -> h.progress = parser.getValueAsString();
					case RESULT -> h.result = parser.getValueAsString();
					case ERROR -> h.error = parser.getValueAsString();
					default -> parser.skipChildren();
				}
			}
		}
		return h;
	}

}
