package dev.taskqueue.boot.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes random hostile requests to every endpoint of the REST API, reproducibly from a
 * seed: wrong methods and media types, odd ids and paths, broken query strings, malformed
 * and mistyped JSON (alone or as elements of a bulk enqueue), extreme numbers, durations
 * and instants, deep nesting, huge bodies, bad encodings and cross-site origins. Every
 * target is one the servlet container accepts (its own 400s for targets it refuses to
 * parse never reach the application).
 */
final class HostileRequests {

	/** One request. */
	record Request(String method, String target, Map<String, String> headers, byte[] body, boolean chunked) {

		@Override
		public String toString() {
			String text = (this.body != null)
					? new String(this.body, 0, Math.min(this.body.length, 300), StandardCharsets.ISO_8859_1) : "";
			return this.method + " " + this.target + " " + this.headers + (this.chunked ? " chunked " : " ")
					+ ((this.body != null) ? this.body.length + " bytes: " + text : "");
		}

	}

	private static final String[] METHODS = { "GET", "GET", "GET", "POST", "POST", "POST", "DELETE", "HEAD", "PUT",
			"PATCH", "OPTIONS" };

	private static final String[] PATHS = { "", "/", "/all", "/stats", "/queues", "/events", "/{id}", "/status/{id}",
			"/{id}/events", "/{id}/retry", "/{id}/cancel", "/queues/{queue}/pause", "/queues/{queue}/resume",
			"/queues/{queue}/drain", "/queues/{queue}/clean", "/queues/{queue}/metrics", "/queues/{queue}",
			"/status/events", "/{id}/{id}", "/queues/{queue}/{id}", "/{id}/events/{id}", "//{id}", "/{id}/", "/bulk",
			"/openapi.json" };

	private static final String[] ODD_IDS = { "", "x", "status", "events", "queues", "all", "stats", "..", "%2e%2e",
			".", "%E2%82%AC", "%F0%9F%98%80", "a%20b", "a;b", "a%3Bb", "*", "%25", "%2525", "0", "-1",
			"01J0000000000000000000000X", "%C3%A9t%C3%A9", "a+b", "~", "null", "undefined" };

	private static final String[] QUEUES = { "fuzz-a", "fuzz-b", "fuzz.c", "bad%20name", "%E2%82%AC", "..", "a;b",
			"-leading", "x".repeat(101), "fuzz_d" };

	private static final String[] PARAMETERS = { "queue", "type", "status", "limit", "cursor", "olderThan", "minutes" };

	private static final String[] PARAMETER_VALUES = { "", "%", "%zz", "%ED%A0%80", "%C0%AF", "%FF", "%00",
			"waiting,active", "done", "completed,,", "0", "-1", "1001", "1000", "99999999999999999999", "1e3", "NaN",
			"PT9999999999999H", "-PT1S", "P1000000000D", "1h", "abc", "fuzz-a", "echo", "%E2%82%AC", "a+b", "a%2Bb",
			"x".repeat(1500) };

	private static final String[] CONTENT_TYPES = { "application/json", "application/json", "application/json",
			"application/json;charset=UTF-8", "application/json; charset=utf-16", "application/problem+json",
			"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "x/y/z", "garbage",
			"application/xml", "*/*", "" };

	private static final String[] ACCEPTS = { "*/*", "application/json", "text/html", "text/event-stream",
			"application/xml", "image/png", "garbage", "application/problem+json", "" };

	private static final String[] ORIGINS = { "https://evil.example", "null", "http://localhost", "garbage://x" };

	private static final String[] TYPES = { "echo", "echo", "fail", "pausable", "no-such-type", "", " ",
			"\u00e9t\u00e9", "x".repeat(10_000) };

	private static final String[] DURATIONS = { "PT9999999999999H", "-PT1S", "P1000000000D", "P36500D", "P36501D",
			"9999999999999999999999ms", "", "  ", "P", "PT-0S", "5", "-5", "0", "1s", "500ms", "1d", "PT0.000000001S",
			"PT1H1M1.5S", "1 h", "\u0661s" };

	private static final String[] INSTANTS = { "+300000000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z",
			"9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z", "2030-02-30T00:00:00Z", "0000-01-01T00:00:00Z",
			"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "now", "", "2030-01-01T00:00:00+01:00",
			"2030-01-01T00:00:00.123456789Z" };

	private static final String[] NUMBERS = { "0", "-0", "1", "-1", "2147483647", "2147483648", "-2147483649",
			"9223372036854775807", "9223372036854775808", "1e309", "-1e309", "1.5", "1e-400",
			"123456789012345678901234567890", "1".repeat(1200), "0.1", "3.0", "1E2" };

	private static final String[] STRINGS = { "\"\"", "\"x\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"",
			"\"\\u0000\"", "\"\u2028\"", "\"" + "y".repeat(5000) + "\"", "\"\\\"\"", "\"%s\"", "\"<script>\"" };

	private static final String[] FIELDS = { "type", "payload", "queue", "priority", "delay", "runAt", "maxAttempts",
			"timeout", "idempotencyKey", "every", "cron", "limit", "backoff", "unknownField" };

	private final Random random;

	private final List<String> ids;

	HostileRequests(long seed, List<String> ids) {
		this.random = new Random(seed);
		this.ids = ids;
	}

	Request next() {
		String method = pick(METHODS);
		boolean enqueue = method.equals("POST") && chance(0.6);
		boolean bulk = enqueue && chance(0.25);
		String path = enqueue ? (bulk ? "/bulk" : "") : pick(PATHS).replace("{queue}", pick(QUEUES));
		while (path.contains("{id}")) {
			path = path.replaceFirst("\\{id\\}", id());
		}
		String target = "/api/tasks" + path + query();
		Map<String, String> headers = new LinkedHashMap<>();
		if (chance(enqueue ? 0.2 : 0.7)) {
			headers.put("Accept", pick(ACCEPTS));
		}
		if (chance(0.1)) {
			headers.put("Origin", pick(ORIGINS));
		}
		if (chance(0.05)) {
			headers.put("Sec-Fetch-Site", chance(0.5) ? "cross-site" : "same-origin");
		}
		byte[] body = null;
		if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH") || chance(0.05)) {
			body = body();
			headers.put("Content-Type", pick(CONTENT_TYPES));
			if (headers.get("Content-Type").isEmpty()) {
				headers.remove("Content-Type");
			}
		}
		if (enqueue && chance(0.8)) {
			headers.put("Content-Type", "application/json");
		}
		if (bulk && body != null && chance(0.7)) {
			body = bulkOf(body);
		}
		return new Request(method, target, headers, body, body != null && chance(0.2));
	}

	private String id() {
		if (!this.ids.isEmpty() && chance(0.4)) {
			return this.ids.get(this.random.nextInt(this.ids.size()));
		}
		return pick(ODD_IDS);
	}

	private String query() {
		if (!chance(0.4)) {
			return "";
		}
		StringBuilder query = new StringBuilder("?");
		int count = 1 + this.random.nextInt(3);
		for (int i = 0; i < count; i++) {
			if (i > 0) {
				query.append(chance(0.9) ? "&" : ";");
			}
			query.append(chance(0.9) ? pick(PARAMETERS) : pick(PARAMETER_VALUES))
				.append('=')
				.append(pick(PARAMETER_VALUES));
		}
		return query.toString();
	}

	private byte[] body() {
		double kind = this.random.nextDouble();
		if (kind < 0.55) {
			return enqueue().getBytes(StandardCharsets.UTF_8);
		}
		if (kind < 0.65) {
			String valid = enqueue();
			return valid.substring(0, this.random.nextInt(valid.length() + 1)).getBytes(StandardCharsets.UTF_8);
		}
		if (kind < 0.72) {
			byte[] bytes = new byte[this.random.nextInt(200)];
			this.random.nextBytes(bytes);
			return bytes;
		}
		if (kind < 0.80) {
			int depth = 1 + this.random.nextInt(2000);
			String open = chance(0.5) ? "[" : "{\"a\":";
			String close = open.equals("[") ? "]" : "}";
			return ("{\"type\": \"echo\", \"payload\": " + open.repeat(depth) + "1" + close.repeat(depth) + "}")
				.getBytes(StandardCharsets.UTF_8);
		}
		if (kind < 0.82) {
			return ("{\"type\": \"echo\", \"payload\": \"" + "z".repeat(1024 * 1024 + this.random.nextInt(300_000))
					+ "\"}")
				.getBytes(StandardCharsets.UTF_8);
		}
		if (kind < 0.86) {
			byte[] text = enqueue().getBytes(StandardCharsets.UTF_16);
			return text;
		}
		if (kind < 0.90) {
			// invalid UTF-8 inside a string
			byte[] prefix = "{\"type\": \"echo\", \"payload\": \"".getBytes(StandardCharsets.UTF_8);
			byte[] bytes = new byte[prefix.length + 4];
			System.arraycopy(prefix, 0, bytes, 0, prefix.length);
			bytes[prefix.length] = (byte) 0xC0;
			bytes[prefix.length + 1] = (byte) 0xAF;
			bytes[prefix.length + 2] = '"';
			bytes[prefix.length + 3] = '}';
			return bytes;
		}
		if (kind < 0.95) {
			return pick(new String[] { "", "null", "[]", "{}", "\"echo\"", "1", "true", "[{\"type\":\"echo\"}]",
					"{\"type\": \"echo\"} trailing", "{\"type\": \"echo\", \"type\": \"fail\"}", "{'type': 'echo'}",
					"{\"type\": \"echo\",}" })
				.getBytes(StandardCharsets.UTF_8);
		}
		return ("{\"type\": \"echo\", \"payload\": " + pick(NUMBERS) + "}").getBytes(StandardCharsets.UTF_8);
	}

	/** A bulk body around a body: the body as its first element, then a few more. */
	private byte[] bulkOf(byte[] first) {
		StringBuilder rest = new StringBuilder();
		int more = this.random.nextInt(4);
		for (int i = 0; i < more; i++) {
			rest.append(", ").append(chance(0.9) ? enqueue() : value());
		}
		byte[] tail = (rest + "]").getBytes(StandardCharsets.UTF_8);
		byte[] bulk = new byte[1 + first.length + tail.length];
		bulk[0] = '[';
		System.arraycopy(first, 0, bulk, 1, first.length);
		System.arraycopy(tail, 0, bulk, 1 + first.length, tail.length);
		return bulk;
	}

	private String enqueue() {
		Map<String, String> fields = new LinkedHashMap<>();
		if (chance(0.95)) {
			fields.put("type", chance(0.8) ? quoted(pick(TYPES)) : value());
		}
		int extra = this.random.nextInt(4);
		List<String> names = new ArrayList<>(List.of(FIELDS));
		for (int i = 0; i < extra; i++) {
			String name = names.get(this.random.nextInt(names.size()));
			fields.put(name, valueFor(name));
		}
		StringBuilder json = new StringBuilder("{");
		fields.forEach((name, value) -> json.append(json.length() > 1 ? ", " : "")
			.append('"')
			.append(name)
			.append("\": ")
			.append(value));
		return json.append('}').toString();
	}

	private String valueFor(String field) {
		if (chance(0.15)) {
			return value();
		}
		return switch (field) {
			case "delay", "timeout", "every" -> quoted(pick(DURATIONS));
			case "runAt" -> quoted(pick(INSTANTS));
			case "priority" -> chance(0.5) ? pick(NUMBERS) : quoted(pick(new String[] { "low", "high", "urgent", "" }));
			case "maxAttempts", "limit" -> pick(NUMBERS);
			case "queue" -> quoted(pick(QUEUES));
			case "cron" -> quoted(pick(new String[] { "* * * * *", "0 0 0 1 * MON", "61 * * * *", "", "x",
					"*/0 * * * *", "0 0 31 2 *", "* * * * * * *" }));
			case "backoff" -> "{\"type\": " + quoted(pick(new String[] { "fixed", "exponential", "linear" }))
					+ ", \"delay\": " + quoted(pick(DURATIONS)) + ", \"maxDelay\": " + quoted(pick(DURATIONS))
					+ ", \"jitter\": " + pick(NUMBERS) + "}";
			default -> value();
		};
	}

	private String value() {
		return switch (this.random.nextInt(6)) {
			case 0 -> pick(NUMBERS);
			case 1 -> pick(STRINGS);
			case 2 -> "null";
			case 3 -> "[1, \"a\", {}]";
			case 4 -> "{\"nested\": {\"deeper\": [" + pick(NUMBERS) + "]}}";
			default -> chance(0.5) ? "true" : "false";
		};
	}

	private static String quoted(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private boolean chance(double probability) {
		return this.random.nextDouble() < probability;
	}

	private String pick(String[] values) {
		return values[this.random.nextInt(values.length)];
	}

}
