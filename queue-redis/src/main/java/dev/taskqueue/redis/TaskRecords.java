package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.taskqueue.Backoff;
import dev.taskqueue.Repeat;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.spi.NewTask;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads task records: the value of a task's field in its queue's {@code tasks}
 * hash, and of the {@code d} field of its events.
 * <p>
 * A record is a header, a newline and a body. The header is JSON kept by the Lua scripts
 * (status, attempts, times, progress, result and error as JSON text; its fields are
 * listed in {@link RecordHeader}); the body is JSON written here once, never parsed by a
 * script: <pre>
 * {"c":"&lt;created at&gt;","d":&lt;payload&gt;,"b":[kind,delay,max delay,jitter],"t":"&lt;timeout&gt;",
 *  "r":[every,cron,limit],"o":&lt;occurrence&gt;,"s":"&lt;schedule id&gt;","h":{&lt;headers&gt;}}
 * </pre> ({@code t}, {@code r}, {@code o}, {@code s} and {@code h} only when set, so a
 * task without headers costs nothing for them; every script keeps the body as it is, so
 * retries and hand-backs keep them). Payloads and results are JSON text through Jackson,
 * never Java serialization. Thread-safe.
 */
final class TaskRecords {

	/** Bodies read lately: every event of a task carries the same body. */
	private static final int BODY_CACHE_SIZE = 4096;

	private static final int DURATION_CACHE_SIZE = 256;

	private static final Map<String, Duration> DURATIONS = new ConcurrentHashMap<>();

	private final ObjectMapper mapper;

	private final Map<String, Body> bodies = new ConcurrentHashMap<>();

	TaskRecords(ObjectMapper mapper) {
		this.mapper = mapper;
	}

	/** The immutable part of a task, as read from a body. */
	private record Body(Instant createdAt, JsonNode payload, Backoff backoff, Duration timeout, Repeat repeat,
			int occurrence, String scheduleId, Map<String, String> headers) {

	}

	/**
	 * The body of a new task.
	 * @param task the task
	 * @return the JSON text
	 */
	String body(NewTask task) {
		ObjectNode body = this.mapper.createObjectNode();
		body.put("c", RedisTimes.format(task.createdAt()));
		body.set("d", task.payload());
		Backoff backoff = task.backoff();
		if (backoff != null) {
			ArrayNode b = body.putArray("b");
			b.add(backoff.kind().name().toLowerCase(java.util.Locale.ROOT));
			b.add(backoff.delay().toString());
			b.add(backoff.maxDelay().toString());
			b.add(backoff.jitter());
		}
		if (task.timeout() != null) {
			body.put("t", task.timeout().toString());
		}
		Repeat repeat = task.repeat();
		if (repeat != null) {
			ArrayNode r = body.putArray("r");
			if (repeat.every() != null) {
				r.add(repeat.every().toString());
			}
			else {
				r.addNull();
			}
			r.add(repeat.cron());
			if (repeat.limit() != null) {
				r.add(repeat.limit());
			}
			else {
				r.addNull();
			}
		}
		if (task.occurrence() != 1) {
			body.put("o", task.occurrence());
		}
		if (task.scheduleId() != null) {
			body.put("s", task.scheduleId());
		}
		if (!task.headers().isEmpty()) {
			ObjectNode h = body.putObject("h");
			task.headers().forEach(h::put);
		}
		return this.mapper.writeValueAsString(body);
	}

	/**
	 * Reads a record.
	 * @param queue the task's queue
	 * @param id the task's id
	 * @param record the record as stored
	 * @return the task
	 */
	Task task(String queue, String id, byte[] record) {
		return read(queue, id, record, false);
	}

	/**
	 * Reads the record an event carries. Every event of a task carries the same body, so
	 * bodies read lately are kept: the snapshots of one task's events share one payload
	 * node, as they do in memory.
	 * @param queue the task's queue
	 * @param id the task's id
	 * @param record the record as stored
	 * @return the task
	 */
	Task eventTask(String queue, String id, byte[] record) {
		return read(queue, id, record, true);
	}

	private Task read(String queue, String id, byte[] record, boolean sharedBody) {
		int newline = indexOf(record, (byte) '\n');
		if (newline < 0) {
			throw new IllegalStateException("task record of '" + id + "' in queue '" + queue + "' is malformed");
		}
		RecordHeader h = RecordHeader.read(this.mapper, record, newline);
		int from = newline + 1;
		Body body;
		if (sharedBody) {
			body = sharedBody(new String(record, from, record.length - from, StandardCharsets.UTF_8));
		}
		else {
			try (JsonParser parser = this.mapper.createParser(record, from, record.length - from)) {
				body = body(parser);
			}
		}
		TaskStatus status = TaskStatus.parse(h.status);
		JsonNode result = (h.result != null) ? this.mapper.readTree(h.result) : null;
		TaskError error = (h.error != null) ? error(h.error) : null;
		TaskProgress progress = (h.progress != null) ? this.mapper.readValue(h.progress, TaskProgress.class) : null;
		return new Task(id, queue, h.type, status, h.priority, body.payload(), result, error, h.attempts, h.maxAttempts,
				progress, body.createdAt(), time(h.scheduledAt), time(h.startedAt), time(h.finishedAt), body.timeout(),
				body.backoff(), body.repeat(), body.occurrence(), h.key, body.scheduleId(), body.headers());
	}

	private Body sharedBody(String text) {
		Body cached = this.bodies.get(text);
		if (cached != null) {
			return cached;
		}
		Body read;
		try (JsonParser parser = this.mapper.createParser(text)) {
			read = body(parser);
		}
		if (this.bodies.size() >= BODY_CACHE_SIZE) {
			this.bodies.clear();
		}
		this.bodies.put(text, read);
		return read;
	}

	/**
	 * Reads a body field by field; only the payload (and a repeat) becomes a tree.
	 */
	private Body body(JsonParser parser) {
		if (parser.nextToken() != JsonToken.START_OBJECT) {
			throw new IllegalStateException("task body is not a JSON object");
		}
		Instant createdAt = null;
		JsonNode payload = null;
		Backoff backoff = null;
		Duration timeout = null;
		Repeat repeat = null;
		int occurrence = 1;
		String scheduleId = null;
		Map<String, String> headers = Map.of();
		String name;
		while ((name = parser.nextName()) != null) {
			if (parser.nextToken() == JsonToken.VALUE_NULL && !name.equals("d")) {
				continue;
			}
			switch (name) {
				case "c" -> createdAt = RedisTimes.parse(parser.getValueAsString());
				case "d" -> payload = parser.readValueAsTree();
				case "b" -> backoff = backoff(parser);
				case "t" -> timeout = duration(parser.getValueAsString());
				case "r" -> repeat = repeat(parser.readValueAsTree());
				case "o" -> occurrence = parser.getValueAsInt();
				case "s" -> scheduleId = parser.getString();
				case "h" -> headers = headers(parser);
				default -> parser.skipChildren();
			}
		}
		return new Body(createdAt, payload, backoff, timeout, repeat, occurrence, scheduleId, headers);
	}

	/**
	 * Reads the headers object: names and text values, as {@link NewTask} checked them.
	 */
	private static Map<String, String> headers(JsonParser parser) {
		if (!parser.isExpectedStartObjectToken()) {
			parser.skipChildren();
			return Map.of();
		}
		Map<String, String> headers = new HashMap<>();
		String name;
		while ((name = parser.nextName()) != null) {
			parser.nextToken();
			String value = parser.getValueAsString();
			if (value != null) {
				headers.put(name, value);
			}
		}
		return Map.copyOf(headers);
	}

	private static int indexOf(byte[] bytes, byte value) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Reads an ISO-8601 duration; the few distinct ones an application uses (backoff
	 * delays, timeouts) are parsed once.
	 */
	private static Duration duration(String value) {
		Duration duration = DURATIONS.get(value);
		if (duration == null) {
			duration = Duration.parse(value);
			if (DURATIONS.size() < DURATION_CACHE_SIZE) {
				DURATIONS.put(value, duration);
			}
		}
		return duration;
	}

	/**
	 * The JSON text of a result.
	 * @param result the result, or {@code null}
	 * @return the text, or {@code ""} for none
	 */
	String json(JsonNode result) {
		return (result != null) ? this.mapper.writeValueAsString(result) : "";
	}

	String json(TaskError error) {
		return this.mapper.writeValueAsString(error);
	}

	String json(TaskProgress progress) {
		return this.mapper.writeValueAsString(progress);
	}

	private TaskError error(String json) {
		JsonNode node = this.mapper.readTree(json);
		return new TaskError(text(node, "message"), text(node, "type"), text(node, "stackTrace"));
	}

	private static String text(JsonNode node, String field) {
		return node.hasNonNull(field) ? node.get(field).asString() : null;
	}

	private static Instant time(String text) {
		return (text != null) ? RedisTimes.parse(text) : null;
	}

	/** Reads a backoff array: kind, delay, max delay, jitter. */
	private static Backoff backoff(JsonParser parser) {
		if (!parser.isExpectedStartArrayToken()) {
			parser.skipChildren();
			return null;
		}
		parser.nextToken();
		Backoff.Kind kind = Backoff.Kind.parse(parser.getValueAsString());
		parser.nextToken();
		Duration delay = duration(parser.getValueAsString());
		parser.nextToken();
		Duration maxDelay = duration(parser.getValueAsString());
		parser.nextToken();
		double jitter = parser.getValueAsDouble();
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			parser.skipChildren();
		}
		return new Backoff(kind, delay, maxDelay, jitter);
	}

	private static Repeat repeat(JsonNode r) {
		if (r == null || !r.isArray()) {
			return null;
		}
		Duration every = r.get(0).isNull() ? null : duration(r.get(0).asString());
		String cron = r.get(1).isNull() ? null : r.get(1).asString();
		Integer limit = r.get(2).isNull() ? null : r.get(2).asInt();
		return new Repeat(every, cron, limit);
	}

}
