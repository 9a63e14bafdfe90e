package dev.taskqueue.boot.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.taskqueue.Backoff;
import dev.taskqueue.boot.web.RawHttp.Answer;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.TaskBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real answers of a running application, of every endpoint and of every problem status
 * the tests can bring about (400, 403, 404, 406, 409, 413, 415, 422; 503 in
 * {@link TaskApiSafetySettingsTests}), validated against the OpenAPI document it serves
 * ({@link OpenApiContract}): the status is documented for the operation, the media type
 * and required headers are the documented ones, and the body and the events are valid by
 * the document's schemas. At the end, every mapped operation must have answered with a
 * success.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN })
class OpenApiResponseTests extends RawApiTestSupport {

	private static final String BASE = "/api/tasks";

	private static final AtomicInteger queues = new AtomicInteger();

	private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	private static OpenApiContract contract;

	@Autowired
	private TaskBackend backend;

	@Autowired
	private TaskEngine engine;

	@BeforeEach
	void readDocument() {
		if (contract == null) {
			contract = OpenApiContract.served(this.raw, BASE + "/openapi.json");
		}
	}

	@AfterAll
	static void everyMappedOperationAnsweredWithASuccess() {
		Set<String> expected = new TreeSet<>(contract.operations());
		assertThat(contract.succeeded()).as("operations that answered with a success").isEqualTo(expected);
	}

	@Test
	void enqueueAndReadTasks() {
		String queue = newQueue();
		Answer enqueued = send("POST", BASE, JSON, "{\"type\": \"echo\", \"payload\": {\"n\": 1}}", 202);
		assertThat(enqueued.headers().get("location")).endsWith(BASE + "/" + json(enqueued).get("id").asString());
		String id = json(enqueued).get("id").asString();
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
		send("GET", BASE + "/" + id, Map.of(), null, 200);
		send("GET", BASE + "/status/" + id, Map.of(), null, 200);

		String every = json(send("POST", BASE, JSON, """
				{"type": "echo", "queue": "%s", "every": "10m", "limit": 3, "priority": -10, "timeout": "2s",
				 "idempotencyKey": "openapi-every", "backoff": {"type": "fixed", "delay": "500ms"}}""".formatted(queue),
				202))
			.get("id")
			.asString();
		send("POST", BASE, JSON, "{\"type\": \"echo\", \"queue\": \"%s\", \"cron\": \"0 2 * * *\"}".formatted(queue),
				202);
		send("POST", BASE, JSON,
				"{\"type\": \"echo\", \"queue\": \"%s\", \"runAt\": \"9999-12-31T23:59:59.999Z\"}".formatted(queue),
				202);
		JsonNode page = json(
				send("GET", BASE + "?queue=" + queue + "&status=delayed,waiting&limit=2", Map.of(), null, 200));
		assertThat(page.get("items")).hasSize(2);
		send("GET", BASE + "?queue=" + queue + "&cursor=" + page.get("nextCursor").asString(), Map.of(), null, 200);
		assertThat(json(send("GET", BASE + "/all?limit=1000", Map.of(), null, 200)).get("items").toString())
			.contains(every);

		send("GET", BASE + "?status=bogus", Map.of(), null, 400);
		send("GET", BASE + "?limit=0", Map.of(), null, 400);
		send("GET", BASE + "?cursor=%zz", Map.of(), null, 400);
		send("GET", BASE + "/all?limit=1001", Map.of(), null, 400);
		send("GET", BASE + "/no-such-task", Map.of(), null, 404);
		send("GET", BASE + "/status/no-such-task", Map.of(), null, 404);
		send("GET", BASE + "/status/events", Map.of(), null, 404);
		// ids are generated, so only the backend can store a task whose id is "events"
		Instant now = Instant.now();
		this.backend.enqueue(new NewTask("events", queue, "echo", 0, ApiClient.json.readTree("{}"), 1,
				Backoff.fixed(Duration.ofSeconds(1)), null, null, null, 1, now, now, null));
		assertThat(json(send("GET", BASE + "/status/events", Map.of(), null, 200)).get("id").asString())
			.isEqualTo("events");
		send("DELETE", BASE + "/events", Map.of(), null, 200);
		send("GET", BASE + "/" + id, Map.of("Accept", "image/png"), null, 406);
	}

	@Test
	void tasksWithProgressErrorsAndResults() {
		String gate = "openapi-" + queues.incrementAndGet();
		String report = this.api.enqueue("{\"type\": \"report\", \"payload\": {\"gate\": \"" + gate + "\"}}");
		await().untilAsserted(() -> assertThat(this.api.task(report).get("progress").isNull()).isFalse());
		send("GET", BASE + "/" + report, Map.of(), null, 200);
		WebTestApplication.Gates.open(gate);
		WebTestApplication.Gates.open(gate + "-finish");
		await().untilAsserted(() -> assertThat(this.api.status(report)).isEqualTo("completed"));
		send("GET", BASE + "/" + report, Map.of(), null, 200);

		String failed = this.api.enqueue("{\"type\": \"fail\"}");
		await().untilAsserted(() -> assertThat(this.api.status(failed)).isEqualTo("failed"));
		send("GET", BASE + "/" + failed, Map.of(), null, 200);
		send("GET", BASE + "?status=failed,completed", Map.of(), null, 200);
		send("POST", BASE + "/" + failed + "/retry", Map.of(), null, 200);
		await().untilAsserted(() -> assertThat(this.api.status(failed)).isEqualTo("failed"));
		send("POST", BASE + "/" + failed + "/cancel", Map.of(), null, 409);
		send("POST", BASE + "/no-such-task/retry", Map.of(), null, 404);
	}

	@Test
	void writesOfOneTask() {
		String queue = newQueue();
		String delayed = this.api
			.enqueue("{\"type\": \"echo\", \"queue\": \"%s\", \"delay\": \"1h\"}".formatted(queue));
		send("POST", BASE + "/" + delayed + "/retry", Map.of(), null, 409);
		send("POST", BASE + "/" + delayed + "/release", Map.of(), null, 409);
		send("POST", BASE + "/" + delayed + "/hold", Map.of(), null, 200);
		send("POST", BASE + "/" + delayed + "/hold", Map.of(), null, 409);
		send("POST", BASE + "/" + delayed + "/release", Map.of(), null, 200);
		send("POST", BASE + "/" + delayed + "/hold", Map.of(), null, 200);
		send("POST", BASE + "/" + delayed + "/cancel", Map.of(), null, 200);
		send("DELETE", BASE + "/" + delayed, Map.of(), null, 200);
		send("DELETE", BASE + "/" + delayed, Map.of(), null, 404);
		send("POST", BASE + "/no-such-task/cancel", Map.of(), null, 404);
		send("POST", BASE + "/no-such-task/hold", Map.of(), null, 404);
		send("POST", BASE + "/no-such-task/release", Map.of(), null, 404);
	}

	@Test
	void enqueueRefusals() {
		send("POST", BASE, JSON, "{\"type\": \"echo\", \"delay\": \"soon\"}", 400);
		send("POST", BASE, JSON, "{\"type\": \"echo\", \"maxAttempts\": \"many\"}", 400);
		send("POST", BASE, JSON, "{\"type\": ", 400);
		send("POST", BASE, Map.of("Content-Type", "application/json", "Origin", "https://evil.example"),
				"{\"type\": \"echo\"}", 403);
		send("POST", BASE, Map.of("Content-Type", "application/json", "Accept", "text/html"), "{\"type\": \"echo\"}",
				406);
		send("POST", BASE, JSON, "{\"type\": \"echo\", \"payload\": \"" + "x".repeat(1200 * 1024) + "\"}", 413);
		send("POST", BASE, Map.of("Content-Type", "text/plain"), "{\"type\": \"echo\"}", 415);
		send("POST", BASE, Map.of("Content-Type", "text/csv"), "a,b", 415);
		send("POST", BASE, JSON, "{\"type\": \"no-such-type\"}", 422);
		send("POST", BASE, Map.of("Content-Type", "not a media type"), "{}", 400);
	}

	@Test
	void bulkEnqueue() {
		String queue = newQueue();
		String element = "{\"type\": \"echo\", \"queue\": \"" + queue + "\"}";
		JsonNode ids = json(send("POST", BASE + "/bulk", JSON, "[" + element + ", " + element + "]", 202)).get("ids");
		assertThat(ids).hasSize(2);
		send("POST", BASE + "/bulk", JSON, "[" + element + ", {\"type\": \"echo\", \"delay\": \"x\"}]", 400);
		send("POST", BASE + "/bulk", JSON, "[]", 400);
		send("POST", BASE + "/bulk", JSON, "{}", 400);
		send("POST", BASE + "/bulk", JSON, "[" + String.join(",", Collections.nCopies(1001, element)) + "]", 400);
		send("POST", BASE + "/bulk", JSON, "[" + element + ", {\"type\": \"no-such-type\"}]", 422);
		send("POST", BASE + "/bulk", JSON, "[{\"type\": \"echo\", \"payload\": \"" + "x".repeat(1200 * 1024) + "\"}]",
				413);
		send("POST", BASE + "/bulk", Map.of("Content-Type", "application/x-www-form-urlencoded"), "a=b", 415);
		send("POST", BASE + "/bulk", Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"),
				"[" + element + "]", 403);
		assertThat(this.api.get("?queue=" + queue).json().get("items")).hasSize(2);
	}

	@Test
	void queues() {
		String queue = newQueue();
		this.api.enqueue("{\"type\": \"echo\", \"queue\": \"%s\"}".formatted(queue));
		this.api.enqueue("{\"type\": \"echo\", \"queue\": \"%s\", \"delay\": \"1h\"}".formatted(queue));
		send("POST", BASE + "/queues/" + queue + "/pause", Map.of(), null, 200);
		JsonNode stats = json(send("GET", BASE + "/stats", Map.of(), null, 200));
		assertThat(stats.get("queues").get(queue).get("oldestWaitingSince").isNull()).isFalse();
		assertThat(json(send("GET", BASE + "/queues", Map.of(), null, 200)).toString()).contains(queue);
		send("GET", BASE + "/stats", Map.of("Accept", "text/html"), null, 406);
		send("POST", BASE + "/queues/" + queue + "/resume", Map.of(), null, 200);
		send("POST", BASE + "/queues/" + queue + "/drain", Map.of(), null, 200);
		send("POST", BASE + "/queues/" + queue + "/clean?status=completed,failed&olderThan=1s", Map.of(), null, 200);
		send("POST", BASE + "/queues/" + queue + "/clean?olderThan=forever", Map.of(), null, 400);
		send("POST", BASE + "/queues/" + queue + "/clean?status=done", Map.of(), null, 400);
		send("DELETE", BASE + "/queues/" + queue, Map.of(), null, 200);
		send("POST", BASE + "/queues/" + queue + "/pause", Map.of("Content-Type", "multipart/form-data; boundary=x"),
				"--x--", 415);
		send("POST", BASE + "/queues/" + queue + "/pause", Map.of("Origin", "null"), null, 403);
	}

	@Test
	void schedules() {
		String id = "openapi-" + System.nanoTime();
		String path = BASE + "/schedules/" + id;
		String body = "{\"type\": \"echo\", \"payload\": {\"a\": 1}, \"cron\": \"0 0 3 * * *\", \"zone\": \"Europe/Paris\"}";
		send("PUT", path, JSON, body, 201);
		send("PUT", path, JSON, body.replace("0 0 3", "0 0 4"), 200);
		send("PUT", path, JSON, "{\"type\": \"echo\", \"cron\": \"never\"}", 400);
		send("PUT", path, JSON, "{\"type\": \"no-such-type\", \"every\": \"1h\"}", 422);
		send("PUT", path, Map.of("Content-Type", "text/plain"), body, 415);
		send("PUT", path, Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"), body, 403);
		send("GET", path, Map.of(), null, 200);
		send("GET", BASE + "/schedules", Map.of(), null, 200);
		send("GET", BASE + "/schedules/no-such-schedule", Map.of(), null, 404);
		send("POST", path + "/pause", Map.of(), null, 200);
		send("POST", path + "/resume", Map.of(), null, 200);
		send("POST", path + "/trigger", Map.of(), null, 202);
		send("DELETE", path, Map.of(), null, 204);
		send("DELETE", path, Map.of(), null, 404);
		send("POST", path + "/trigger", Map.of(), null, 404);
	}

	@Test
	void queueMetrics() {
		long before = completed(json(send("GET", BASE + "/queues/metered/metrics?minutes=5", Map.of(), null, 200)));
		String id = this.api.enqueue("{\"type\": \"metered\", \"payload\": \"ok\"}");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
		JsonNode metrics = json(send("GET", BASE + "/queues/metered/metrics?minutes=5", Map.of(), null, 200));
		assertThat(metrics.get("completed")).hasSize(5);
		assertThat(completed(metrics)).as("completed in the last 5 minutes").isGreaterThan(before);
		JsonNode stats = json(send("GET", BASE + "/stats", Map.of(), null, 200));
		assertThat(stats.get("queues").get("metered").get("types").get("metered").get("completed").asLong())
			.isPositive();
		send("GET", BASE + "/queues/metered/metrics?minutes=1441", Map.of(), null, 400);
		send("GET", BASE + "/queues/metered/metrics", Map.of("Accept", "text/html"), null, 406);
	}

	private static long completed(JsonNode metrics) {
		long completed = 0;
		for (JsonNode minute : metrics.get("completed")) {
			completed += minute.asLong();
		}
		return completed;
	}

	@Test
	void instances() {
		JsonNode instances = json(send("GET", BASE + "/instances", Map.of(), null, 200));
		assertThat(instances).as("this application's engine").hasSize(1);
		assertThat(instances.get(0).get("queues").isArray()).isTrue();
		send("GET", BASE + "/instances", Map.of("Accept", "text/html"), null, 406);
	}

	@Test
	void eventStreams() throws Exception {
		String id = this.api.enqueue("{\"type\": \"echo\", \"payload\": [1, 2]}");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
		send("GET", BASE + "/" + id + "/events", Map.of("Accept", "text/event-stream"), null, 200);
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/" + id + "/events"))) {
			await().until(stream::hasEnded);
			assertThat(stream.eventNames()).containsExactly("completed");
			contract.checkEvents(BASE + "/" + id + "/events", stream.events());
		}

		String queue = newQueue();
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/events?queue=" + queue))) {
			send("GET", BASE + "/events?queue=" + queue, Map.of(), null, 200);
			String delayed = this.api
				.enqueue("{\"type\": \"echo\", \"queue\": \"%s\", \"delay\": \"1h\"}".formatted(queue));
			this.api.post("/" + delayed + "/hold");
			this.api.post("/" + delayed + "/release");
			this.api.post("/" + delayed + "/cancel");
			this.api.post("/queues/" + queue + "/pause");
			this.api.post("/queues/" + queue + "/resume");
			// while the queue holds a task: workers of queues without any are not
			// announced
			this.engine.register(new HandlerDefinition("worker-of-" + queue, queue, 1, 0, null, (payload, ctx) -> null,
					"a handler registered late"));
			// announced asynchronously: the task must still be there when it is
			await().until(() -> stream.eventNames().contains("worker-started"));
			this.api.delete("/" + delayed);
			await().untilAsserted(() -> assertThat(stream.eventNames()).contains("added", "held", "released",
					"cancelled", "paused", "resumed", "removed", "worker-started"));
			contract.checkEvents(BASE + "/events?queue=" + queue, stream.events());
		}

		send("HEAD", BASE + "/events", Map.of(), null, 200);
		send("HEAD", BASE + "/" + id + "/events", Map.of(), null, 200);
		send("HEAD", BASE + "/no-such-task/events", Map.of(), null, 404);
		send("GET", BASE + "/no-such-task/events", Map.of(), null, 404);
		send("GET", BASE + "/events?queue=%", Map.of(), null, 400);
	}

	@Test
	void theDocumentItself() {
		JsonNode document = json(send("GET", BASE + "/openapi.json", Map.of(), null, 200));
		assertThat(document.get("paths").has(BASE + "/bulk")).isTrue();
		send("GET", BASE + "/openapi.json", Map.of("Accept", "text/html"), null, 406);
	}

	private Answer send(String method, String target, Map<String, String> headers, String body, int status) {
		Answer answer = this.raw.send(method, target, headers,
				(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null, false);
		assertThat(answer.status()).as("%s %s: %s", method, target, answer.body()).isEqualTo(status);
		contract.check(method, target, answer);
		if (status < 300 && body != null) {
			contract.checkAcceptedRequest(method, target, body);
		}
		return answer;
	}

	private static JsonNode json(Answer answer) {
		return ApiClient.json.readTree(answer.body());
	}

	private static String newQueue() {
		return "openapi-test-" + queues.incrementAndGet();
	}

}
