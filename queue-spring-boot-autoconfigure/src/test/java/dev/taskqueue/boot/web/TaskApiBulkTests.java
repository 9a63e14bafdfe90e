package dev.taskqueue.boot.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.taskqueue.boot.web.RawHttp.Answer;

import static dev.taskqueue.boot.web.TaskApiHostileInputTests.problem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/tasks/bulk} through a real port: ids in order, each element's options,
 * idempotency keys, all or nothing when an element is bad (named by its index), the
 * bounds of the array, and hostile bodies.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN })
class TaskApiBulkTests extends RawApiTestSupport {

	private static final String BULK = "/api/tasks/bulk";

	private static final AtomicInteger queues = new AtomicInteger();

	@Test
	void storesEveryTaskWithItsOwnOptionsAndAnswersTheIdsInOrder() {
		String queue = newQueue();
		Answer answer = post("""
				[{"type": "echo", "queue": "%1$s", "payload": {"n": 0}},
				 {"type": "echo", "queue": "%1$s", "payload": {"n": 1}, "delay": "1h", "priority": "high"},
				 {"type": "echo", "queue": "%1$s", "payload": {"n": 2}, "maxAttempts": 7, "timeout": "5s"},
				 {"type": "echo", "payload": {"n": 3}}]""".formatted(queue));

		assertThat(answer.status()).as(answer.body()).isEqualTo(202);
		assertThat(answer.contentType()).startsWith("application/json");
		JsonNode body = ApiClient.json.readTree(answer.body());
		assertThat(body.propertyNames()).containsExactly("ids");
		List<String> ids = body.get("ids").valueStream().map(JsonNode::asString).toList();
		assertThat(ids).hasSize(4).doesNotHaveDuplicates();
		for (int i = 0; i < ids.size(); i++) {
			assertThat(this.api.task(ids.get(i)).get("payload").get("n").asInt()).isEqualTo(i);
		}
		JsonNode delayed = this.api.task(ids.get(1));
		assertThat(delayed.get("status").asString()).isEqualTo("delayed");
		assertThat(delayed.get("priority").asInt()).isEqualTo(10);
		JsonNode third = this.api.task(ids.get(2));
		assertThat(third.get("maxAttempts").asInt()).isEqualTo(7);
		assertThat(third.get("timeout").asString()).isEqualTo("PT5S");
		assertThat(third.get("queue").asString()).isEqualTo(queue);
		await().untilAsserted(() -> assertThat(this.api.status(ids.get(3))).isEqualTo("completed"));
	}

	@Test
	void idempotencyKeysGiveOneTaskWithinTheRequestAndAcrossRequests() {
		String queue = newQueue();
		String existing = this.api.enqueue("""
				{"type": "echo", "queue": "%s", "idempotencyKey": "bulk-old"}""".formatted(queue));

		JsonNode ids = json(post("""
				[{"type": "echo", "queue": "%1$s", "idempotencyKey": "bulk-new", "payload": "first"},
				 {"type": "echo", "queue": "%1$s", "idempotencyKey": "bulk-new", "payload": "second"},
				 {"type": "echo", "queue": "%1$s", "idempotencyKey": "bulk-old"},
				 {"type": "echo", "queue": "%1$s"}]""".formatted(queue)), 202).get("ids");

		assertThat(ids.get(1).asString()).isEqualTo(ids.get(0).asString());
		assertThat(ids.get(2).asString()).isEqualTo(existing);
		assertThat(ids.get(3).asString()).isNotIn(ids.get(0).asString(), existing);
		assertThat(this.api.task(ids.get(0).asString()).get("payload").asString()).isEqualTo("first");
		assertThat(tasksOf(queue)).hasSize(3);
	}

	@Test
	void aBadElementIsNamedByItsIndexAndNothingIsStored() {
		String queue = newQueue();
		String good = "{\"type\": \"echo\", \"queue\": \"" + queue + "\"}";

		JsonNode blank = problem(post("[" + good + ", " + good + ", " + good + ", {\"type\": \" \"}]"), 400);
		assertThat(blank.get("detail").asString()).startsWith("[3].type ");
		assertThat(blank.get("parameter").asString()).isEqualTo("[3].type");
		assertThat(blank.get("index").asInt()).isEqualTo(3);

		JsonNode delay = problem(post("[" + good + ", {\"type\": \"echo\", \"delay\": \"soon\"}]"), 400);
		assertThat(delay.get("detail").asString()).startsWith("[1].delay 'soon' is not a duration");
		assertThat(delay.get("parameter").asString()).isEqualTo("[1].delay");

		JsonNode both = problem(post("[{\"type\": \"echo\", \"delay\": \"1s\", \"runAt\": \"2030-01-01T00:00:00Z\"}]"),
				400);
		assertThat(both.get("detail").asString()).isEqualTo("[0]: set either delay or runAt, not both");

		JsonNode unknown = problem(post("[" + good + ", {\"type\": \"no-such-type\"}, " + good + "]"), 422);
		assertThat(unknown.get("detail").asString()).startsWith("[1]: ").contains("no-such-type");
		assertThat(unknown.get("taskType").asString()).isEqualTo("no-such-type");
		assertThat(unknown.get("index").asInt()).isEqualTo(1);

		String deep = "[".repeat(150) + "]".repeat(150);
		JsonNode nested = problem(post("[" + good + ", " + good + ", {\"type\": \"echo\", \"payload\": " + deep + "}]"),
				400);
		assertThat(nested.get("detail").asString()).startsWith("[2].payload").contains("nested more than 100 levels");
		assertThat(nested.get("index").asInt()).isEqualTo(2);

		JsonNode surrogate = problem(post("[{\"type\": \"echo\", \"payload\": {\"a\": \"x\\ud800\"}}, " + good + "]"),
				400);
		assertThat(surrogate.get("detail").asString()).startsWith("[0].payload.a holds a lone surrogate");

		JsonNode mistyped = problem(post("[" + good + ", {\"type\": \"echo\", \"maxAttempts\": \"many\"}]"), 400);
		assertThat(mistyped.get("parameter").asString()).isEqualTo("[1].maxAttempts");
		assertThat(mistyped.get("detail").asString()).contains("'[1].maxAttempts' must be an integer");

		JsonNode notAnObject = problem(post("[" + good + ", 7]"), 400);
		assertThat(notAnObject.get("parameter").asString()).isEqualTo("[1]");
		JsonNode nullElement = problem(post("[" + good + ", null]"), 400);
		assertThat(nullElement.get("detail").asString()).startsWith("[1]: null is not a task");

		assertThat(tasksOf(queue)).as("nothing was stored").isEmpty();
	}

	@Test
	void aPayloadOverTheLimitIsNamedByItsIndex() {
		String queue = newQueue();
		// 1 MB of payload fits the request (payload limit + 64 KB) but not the task
		String big = "b".repeat(1024 * 1024);
		JsonNode tooBig = problem(post("[{\"type\": \"echo\", \"queue\": \"" + queue
				+ "\"}, {\"type\": \"echo\", \"queue\": \"" + queue + "\", \"payload\": \"" + big + "\"}]"), 400);
		assertThat(tooBig.get("detail").asString()).startsWith("[1].payload is ")
			.contains("taskqueue.defaults.max-payload-size");
		assertThat(tasksOf(queue)).isEmpty();
	}

	@Test
	void theArrayHoldsOneToMaxBulkSizeTasks() {
		JsonNode empty = problem(post("[]"), 400);
		assertThat(empty.get("detail").asString()).contains("no tasks");

		String queue = newQueue();
		String element = "{\"type\": \"echo\", \"queue\": \"" + queue + "\"}";
		JsonNode tooMany = problem(post("[" + String.join(",", java.util.Collections.nCopies(1001, element)) + "]"),
				400);
		assertThat(tooMany.get("maxTasks").asInt()).isEqualTo(1000);
		assertThat(tooMany.get("detail").asString()).contains("1001").contains("taskqueue.web.max-bulk-size");
		assertThat(tasksOf(queue)).isEmpty();

		JsonNode accepted = json(post("[" + String.join(",", java.util.Collections.nCopies(1000, element)) + "]"), 202);
		assertThat(accepted.get("ids")).hasSize(1000);
		this.api.delete("/queues/" + queue);
	}

	@Test
	void bodiesThatAreNotAnArrayOfObjectsAreProblems() {
		JsonNode object = problem(post("{\"type\": \"echo\"}"), 400);
		assertThat(object.get("detail").asString()).contains("must be a JSON array of enqueue requests");
		for (String body : new String[] { "\"echo\"", "1", "true", "null", "", "[", "[{\"type\": \"echo\"},]",
				"[{\"type\": \"echo\"}] [1]", "[{'type': 'echo'}]", "[[{\"type\": \"echo\"}]]" }) {
			JsonNode problem = problem(post(body), 400);
			assertThat(problem.toString()).as(body).doesNotContain("java.", "dev.taskqueue", "tools.jackson", "$", "`");
		}
		String deep = "[".repeat(3000) + "]".repeat(3000);
		problem(post(deep), 400);
		problem(post("[{\"type\": \"echo\", \"payload\": " + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}]"),
				400);

		byte[] invalidUtf8 = { '[', '{', '"', 't', 'y', 'p', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0x80, '"', '}',
				']' };
		problem(this.raw.send("POST", BULK, Map.of("Content-Type", "application/json"), invalidUtf8, false), 400);
		byte[] huge = ("[{\"type\": \"echo\", \"payload\": \"" + "h".repeat(2 * 1024 * 1024) + "\"}]")
			.getBytes(StandardCharsets.UTF_8);
		for (boolean chunked : new boolean[] { false, true }) {
			JsonNode problem = problem(
					this.raw.send("POST", BULK, Map.of("Content-Type", "application/json"), huge, chunked), 413);
			assertThat(problem.get("maxBytes").asLong()).isEqualTo(1024 * 1024 + 64 * 1024);
		}
		problem(this.raw.send("POST", BULK, Map.of("Content-Type", "text/plain"), "[]".getBytes(), false), 415);
		problem(this.raw.send("POST", BULK, Map.of("Content-Type", "application/x-www-form-urlencoded"),
				"a=b".getBytes(), false), 415);
		assertStillWorks();
	}

	@Test
	void crossSiteBulkWritesAreRefused() {
		String queue = newQueue();
		byte[] body = ("[{\"type\": \"echo\", \"queue\": \"" + queue + "\"}]").getBytes(StandardCharsets.UTF_8);
		JsonNode byOrigin = problem(
				this.raw.send("POST", BULK,
						Map.of("Content-Type", "application/json", "Origin", "https://evil.example"), body, false),
				403);
		assertThat(byOrigin.get("title").asString()).isEqualTo("Cross-site request refused");
		problem(this.raw.send("POST", BULK, Map.of("Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"),
				body, false), 403);
		assertThat(tasksOf(queue)).isEmpty();
	}

	private Answer post(String body) {
		return this.raw.send("POST", BULK, Map.of("Content-Type", "application/json"),
				body.getBytes(StandardCharsets.UTF_8), false);
	}

	private static JsonNode json(Answer answer, int status) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		return ApiClient.json.readTree(answer.body());
	}

	private List<String> tasksOf(String queue) {
		List<String> ids = new ArrayList<>();
		this.api.get("?limit=1000&queue=" + queue)
			.json()
			.get("items")
			.forEach((task) -> ids.add(task.get("id").asString()));
		return ids;
	}

	private static String newQueue() {
		return "bulk-test-" + queues.incrementAndGet();
	}

}
