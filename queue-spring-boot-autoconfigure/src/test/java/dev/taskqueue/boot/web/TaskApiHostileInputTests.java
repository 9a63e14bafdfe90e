package dev.taskqueue.boot.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.taskqueue.boot.web.RawHttp.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests that once broke the API or the workers (a huge timeout or backoff, a deep
 * payload, a far-future instant, a HEAD of an event stream, a huge body, an overflowing
 * duration, a lone surrogate, an ambiguous path, a broken query string, a cross-site
 * form): each is now a 4xx problem detail in the client's terms, and the application
 * keeps working.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN })
@ExtendWith(OutputCaptureExtension.class)
class TaskApiHostileInputTests extends RawApiTestSupport {

	private static final String BASE = "/api/tasks";

	@AfterEach
	void applicationStillWorks(CapturedOutput output) {
		assertStillWorks();
		assertThat(output.getOut() + output.getErr()).doesNotContain(" ERROR ");
	}

	@Test
	void hugeTimeoutIsRefusedNamingTheRange() {
		JsonNode problem = problem(post("""
				{"type": "echo", "timeout": "PT9999999999999H"}"""), 400);
		assertThat(problem.get("parameter").asString()).isEqualTo("timeout");
		assertThat(problem.get("detail").asString()).contains("between 0 and 36500 days");
	}

	@Test
	void hugeBackoffDelayIsRefused() {
		JsonNode problem = problem(post("""
				{"type": "fail", "backoff": {"type": "fixed", "delay": "PT9999999999999H"}}"""), 400);
		assertThat(problem.get("parameter").asString()).isEqualTo("backoff.delay");
	}

	@Test
	void deepPayloadIsRefusedAndPagesStayReadable() {
		String deep = "[".repeat(498) + "]".repeat(498);
		JsonNode refused = problem(post("{\"type\": \"echo\", \"payload\": " + deep + "}"), 400);
		assertThat(refused.get("detail").asString()).contains("nested more than 100 levels deep");
		problem(post("{\"type\": \"echo\", \"payload\": " + "[".repeat(600) + "]".repeat(600) + "}"), 400);

		String deepest = "[".repeat(100) + "]".repeat(100);
		String id = this.api.enqueue("{\"type\": \"echo\", \"payload\": " + deepest + "}");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
		ApiClient.Response page = this.api.get("?limit=1000");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().get("items").toString()).contains(id);
	}

	@Test
	void instantsAndDurationsOutOfRangeAreRefusedNamingTheField() {
		assertThat(problem(post("""
				{"type": "echo", "runAt": "+300000000-01-01T00:00:00Z"}"""), 400).get("parameter").asString())
			.isEqualTo("runAt");
		assertThat(problem(post("""
				{"type": "echo", "runAt": "1969-12-31T23:59:59Z"}"""), 400).get("parameter").asString())
			.isEqualTo("runAt");
		for (String field : new String[] { "delay", "every", "timeout" }) {
			JsonNode problem = problem(post("{\"type\": \"echo\", \"" + field + "\": \"PT9999999999999H\"}"), 400);
			assertThat(problem.get("parameter").asString()).isEqualTo(field);
			problem(post("{\"type\": \"echo\", \"" + field + "\": \"99999999999999999999d\"}"), 400);
		}
		JsonNode clean = problem(
				this.raw.send("POST", BASE + "/queues/default/clean?olderThan=PT9999999999999H", Map.of(), null, false),
				400);
		assertThat(clean.get("parameter").asString()).isEqualTo("olderThan");

		String id = this.api.enqueue("""
				{"type": "echo", "runAt": "9999-12-31T23:59:59.999Z"}""");
		JsonNode task = this.api.task(id);
		assertThat(task.get("status").asString()).isEqualTo("delayed");
		assertThat(task.get("scheduledAt").asString()).isEqualTo("9999-12-31T23:59:59.999Z");
		this.api.delete("/" + id);
	}

	@Test
	void loneSurrogatesAreRefused() {
		assertThat(problem(post("""
				{"type": "echo", "payload": {"text": "a\\ud800b"}}"""), 400).get("detail").asString())
			.contains("payload.text holds a lone surrogate");
		assertThat(problem(post("""
				{"type": "echo", "idempotencyKey": "k\\udfff"}"""), 400).get("detail").asString())
			.contains("idempotencyKey holds a lone surrogate");
	}

	@Test
	void headOfAnEventStreamOpensNoSubscription() {
		int before = this.listeners.listeners();
		for (int i = 0; i < 50; i++) {
			Answer answer = this.raw.send("HEAD", BASE + "/events", Map.of(), null, false);
			assertThat(answer.status()).isEqualTo(200);
			assertThat(answer.contentType()).startsWith("text/event-stream");
		}
		String id = this.api.enqueue("""
				{"type": "echo", "payload": 1}""");
		assertThat(this.raw.send("HEAD", BASE + "/" + id + "/events", Map.of(), null, false).status()).isEqualTo(200);
		assertThat(this.raw.send("HEAD", BASE + "/nope/events", Map.of(), null, false).status()).isEqualTo(404);
		assertThat(this.listeners.listeners()).isEqualTo(before);
	}

	@Test
	void bodiesOverTheLimitAreRefusedBeforeTheyAreRead() {
		byte[] huge = ("{\"type\": \"echo\", \"payload\": \"" + "a".repeat(2 * 1024 * 1024) + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		for (boolean chunked : new boolean[] { false, true }) {
			Answer answer = this.raw.send("POST", BASE, Map.of("Content-Type", "application/json"), huge, chunked);
			JsonNode problem = problem(answer, 413);
			assertThat(problem.get("maxBytes").asLong()).isEqualTo(1024 * 1024 + 64 * 1024);
			assertThat(problem.get("detail").asString()).contains("taskqueue.web.max-request-size");
		}
	}

	@Test
	void statusEventsIsNotAmbiguous() {
		JsonNode problem = problem(this.raw.send("GET", BASE + "/status/events", Map.of(), null, false), 404);
		assertThat(problem.get("taskId").asString()).isEqualTo("events");
	}

	@Test
	void unknownPathsMethodsAndMediaTypesAreProblems() {
		problem(this.raw.send("GET", BASE + "/no/such/path", Map.of(), null, false), 404);
		Answer put = this.raw.send("PUT", BASE, Map.of(), null, false);
		assertThat(problem(put, 405).get("detail").asString()).contains("use GET, POST");
		assertThat(put.headers().get("allow")).contains("GET").contains("POST");
		problem(this.raw.send("PATCH", BASE + "/some-id", Map.of(), null, false), 405);
		Answer getHold = this.raw.send("GET", BASE + "/some-id/hold", Map.of(), null, false);
		assertThat(problem(getHold, 405).get("detail").asString()).contains("use POST");
		assertThat(getHold.headers().get("allow")).contains("POST");
		problem(this.raw.send("GET", BASE + "/stats", Map.of("Accept", "text/html"), null, false), 406);
		problem(this.raw.send("GET", BASE + "/some-id", Map.of("Accept", "image/png"), null, false), 406);
		problem(this.raw.send("POST", BASE, Map.of("Content-Type", "text/csv"), "a,b".getBytes(), false), 415);
	}

	@Test
	void brokenPercentEncodingIsABadRequestWithoutAnErrorLog() {
		for (String query : new String[] { "?cursor=%", "?cursor=%zz", "?type=%ED%A0%80", "?queue=%C0%AF", "?%=1" }) {
			Answer answer = this.raw.send("GET", BASE + query, Map.of(), null, false);
			assertThat(answer.status()).as(query).isLessThan(500);
			if (answer.status() != 200) {
				problem(answer, answer.status());
			}
		}
		problem(this.raw.send("GET", BASE + "?cursor=%", Map.of(), null, false), 400);
	}

	@Test
	void messagesNameFieldsNotJavaTypes() {
		for (String body : new String[] { "{\"type\": \"echo\", \"maxAttempts\": \"many\"}",
				"{\"type\": \"echo\", \"maxAttempts\": 99999999999}", "{\"type\": \"echo\", \"backoff\": []}",
				"{\"type\": \"echo\", \"backoff\": {\"jitter\": \"x\"}}", "{\"type\": {\"a\": 1}}", "[1]", "\"echo\"",
				"{\"a\":", "{\"type\": \"echo\", \"limit\": 1e400}" }) {
			JsonNode problem = problem(post(body), 400);
			assertThat(problem.toString()).doesNotContain("java.", "dev.taskqueue", "tools.jackson", "$", "`",
					"Exception");
		}
		assertThat(problem(post("{\"type\": \"echo\", \"maxAttempts\": 99999999999}"), 400).get("detail").asString())
			.contains("field 'maxAttempts' must be an integer between");
		assertThat(problem(post("{\"type\": \"echo\", \"backoff\": []}"), 400).get("parameter").asString())
			.isEqualTo("backoff");
	}

	@Test
	void failedTasksHideTheirStackTrace() {
		String id = this.api.enqueue("""
				{"type": "fail"}""");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("failed"));
		JsonNode error = this.api.task(id).get("error");
		assertThat(error.get("message").asString()).isEqualTo("boom");
		assertThat(error.get("type").asString()).isEqualTo("java.lang.IllegalStateException");
		assertThat(error.get("stackTrace").isNull()).isTrue();
		assertThat(this.api.get("?status=failed").text()).doesNotContain("WebTestApplication");
	}

	@Test
	void crossSiteWritesAreRefused() {
		String pause = BASE + "/queues/pausable/pause";
		JsonNode byOrigin = problem(this.raw.send("POST", pause, Map.of("Origin", "https://evil.example"), null, false),
				403);
		assertThat(byOrigin.get("title").asString()).isEqualTo("Cross-site request refused");
		problem(this.raw.send("POST", pause, Map.of("Origin", "null"), null, false), 403);
		problem(this.raw.send("POST", pause, Map.of("Sec-Fetch-Site", "cross-site"), null, false), 403);
		problem(this.raw.send("POST", pause, Map.of("Sec-Fetch-Site", "same-site"), null, false), 403);
		problem(this.raw.send("DELETE", BASE + "/some-id",
				Map.of("Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"), null, false), 403);
		problem(this.raw.send("POST", pause, Map.of("Content-Type", "application/x-www-form-urlencoded"),
				"a=b".getBytes(), false), 415);
		problem(this.raw.send("POST", pause, Map.of("Content-Type", "text/plain"), "x".getBytes(), false), 415);
		problem(this.raw.send("POST", BASE, Map.of("Content-Type", "text/plain", "Origin", "https://evil.example"),
				"{\"type\": \"echo\"}".getBytes(), false), 403);
		assertThat(this.api.get("/queues")
			.json()
			.valueStream()
			.filter((queue) -> queue.get("name").asString().equals("pausable"))
			.map((queue) -> queue.get("paused").asBoolean())).containsExactly(false);

		String own = "http://localhost:" + this.port;
		assertThat(this.raw.send("POST", pause, Map.of("Origin", own), null, false).status()).isEqualTo(200);
		assertThat(this.raw
			.send("POST", BASE + "/queues/pausable/resume", Map.of("Sec-Fetch-Site", "same-origin", "Origin", own),
					null, false)
			.status()).isEqualTo(200);
		assertThat(this.raw.send("GET", BASE + "/stats", Map.of("Sec-Fetch-Site", "cross-site"), null, false).status())
			.isEqualTo(200);
	}

	private Answer post(String body) {
		return this.raw.send("POST", BASE, Map.of("Content-Type", "application/json"),
				body.getBytes(StandardCharsets.UTF_8), false);
	}

	static JsonNode problem(Answer answer, int status) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.contentType()).as(answer.body()).isEqualTo("application/problem+json");
		JsonNode problem = ApiClient.json.readTree(answer.body());
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).isNotBlank();
		return problem;
	}

}
