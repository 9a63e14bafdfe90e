package dev.taskqueue.boot.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.boot.web.ApiClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The REST API's happy paths, through a real server port.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN })
class TaskApiTests {

	private static final AtomicInteger queues = new AtomicInteger();

	@LocalServerPort
	private int port;

	private ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void enqueueAnswers202WithTheTaskAndItsLocation() {
		Response response = this.api.post("", """
				{"type": "echo", "payload": {"to": "ada@example.com", "n": 3}, "priority": "high"}""");
		assertThat(response.status()).isEqualTo(202);
		assertThat(response.contentType()).hasValueSatisfying((type) -> assertThat(type).contains("application/json"));
		JsonNode task = response.json();
		String id = task.get("id").asString();
		assertThat(response.location()).hasValue(this.api.uri("/" + id).toString());
		assertThat(task.get("type").asString()).isEqualTo("echo");
		assertThat(task.get("queue").asString()).isEqualTo("default");
		assertThat(task.get("priority").asInt()).isEqualTo(10);
		assertThat(task.get("payload").get("to").asString()).isEqualTo("ada@example.com");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
		JsonNode done = this.api.get(response.location().get().replace(this.api.uri("").toString(), "")).json();
		assertThat(done.get("result").get("to").asString()).isEqualTo("ada@example.com");
		assertThat(done.get("attempts").asInt()).isEqualTo(1);
		assertThat(Instant.parse(done.get("finishedAt").asString()))
			.isAfterOrEqualTo(Instant.parse(done.get("startedAt").asString()));
	}

	@Test
	void taskJsonHasEveryFieldWithIsoInstants() {
		JsonNode task = this.api.post("", """
				{"type": "echo", "payload": [1, 2], "delay": "1h", "priority": 7, "maxAttempts": 5,
				 "timeout": "PT30S", "idempotencyKey": "json-shape"}""").json();
		assertThat(task.propertyNames()).contains("id", "queue", "type", "status", "priority", "payload", "result",
				"error", "attempts", "maxAttempts", "progress", "createdAt", "scheduledAt", "startedAt", "finishedAt");
		assertThat(task.get("status").asString()).isEqualTo("delayed");
		assertThat(task.get("priority").asInt()).isEqualTo(7);
		assertThat(task.get("maxAttempts").asInt()).isEqualTo(5);
		assertThat(task.get("attempts").asInt()).isZero();
		assertThat(task.get("result").isNull()).isTrue();
		assertThat(task.get("error").isNull()).isTrue();
		assertThat(task.get("startedAt").isNull()).isTrue();
		Instant created = Instant.parse(task.get("createdAt").asString());
		Instant scheduled = Instant.parse(task.get("scheduledAt").asString());
		assertThat(Duration.between(created, scheduled)).isEqualTo(Duration.ofHours(1));
		assertThat(task.get("timeout").asString()).isEqualTo("PT30S");
	}

	@Test
	void enqueueAcceptsEveryOption() {
		String queue = newQueue();
		String runAt = Instant.now().plus(Duration.ofDays(1)).toString();
		JsonNode scheduled = this.api.post("", """
				{"type": "echo", "queue": "%s", "runAt": "%s", "priority": "critical",
				 "backoff": {"type": "fixed", "delay": "2s"}}""".formatted(queue, runAt)).json();
		assertThat(scheduled.get("queue").asString()).isEqualTo(queue);
		assertThat(Instant.parse(scheduled.get("scheduledAt").asString())).isEqualTo(Instant.parse(runAt));
		assertThat(scheduled.get("priority").asInt()).isEqualTo(20);
		assertThat(scheduled.get("backoff").get("delay").asString()).isEqualTo("PT2S");
		JsonNode repeating = this.api.post("", """
				{"type": "echo", "queue": "%s", "delay": "500ms", "every": "PT1H", "limit": 3}""".formatted(queue))
			.json();
		assertThat(repeating.get("repeat").get("limit").asInt()).isEqualTo(3);
		JsonNode cron = this.api.post("", """
				{"type": "echo", "queue": "%s", "delay": "PT5S", "cron": "0 0 * * *"}""".formatted(queue)).json();
		assertThat(cron.get("repeat").get("cron").asString()).isEqualTo("0 0 * * *");
	}

	@Test
	void duplicateIdempotencyKeyReturnsTheExistingTask() {
		String body = """
				{"type": "echo", "delay": "1h", "idempotencyKey": "order-42"}""";
		String first = this.api.enqueue(body);
		String second = this.api.enqueue(body);
		assertThat(second).isEqualTo(first);
	}

	@Test
	void getAndStatusPathsAnswerTheTask() {
		String id = this.api.enqueue("""
				{"type": "echo", "delay": "1h"}""");
		assertThat(this.api.get("/" + id).json().get("id").asString()).isEqualTo(id);
		Response status = this.api.get("/status/" + id);
		assertThat(status.status()).isEqualTo(200);
		assertThat(status.json().get("status").asString()).isEqualTo("delayed");
	}

	@Test
	void listFiltersByQueueTypeAndStatusAndPagesWithACursor() {
		String queue = newQueue();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(this.api.enqueue("""
					{"type": "echo", "queue": "%s"}""".formatted(queue)));
		}
		String delayed = this.api.enqueue("""
				{"type": "echo", "queue": "%s", "delay": "1h"}""".formatted(queue));
		// No worker serves this queue: the first three stay waiting.
		JsonNode page = this.api.get("?queue=" + queue).json();
		assertThat(ids(page)).containsExactly(delayed, ids.get(2), ids.get(1), ids.get(0));
		assertThat(page.get("nextCursor").isNull()).isTrue();
		assertThat(ids(this.api.get("?queue=" + queue + "&status=delayed").json())).containsExactly(delayed);
		assertThat(ids(this.api.get("?queue=" + queue + "&status=WAITING,%20delayed").json())).hasSize(4);
		assertThat(ids(this.api.get("?queue=" + queue + "&type=fail").json())).isEmpty();
		JsonNode first = this.api.get("?queue=" + queue + "&type=echo&limit=3").json();
		assertThat(ids(first)).containsExactly(delayed, ids.get(2), ids.get(1));
		String cursor = first.get("nextCursor").asString();
		JsonNode second = this.api.get("?queue=" + queue + "&limit=3&cursor=" + cursor).json();
		assertThat(ids(second)).containsExactly(ids.get(0));
		assertThat(second.get("nextCursor").isNull()).isTrue();
	}

	@Test
	void allIsUnfilteredAndBounded() {
		for (int i = 0; i < 3; i++) {
			this.api.enqueue("""
					{"type": "echo", "queue": "%s"}""".formatted(newQueue()));
		}
		JsonNode page = this.api.get("/all?limit=2").json();
		assertThat(page.get("items")).hasSize(2);
		assertThat(page.get("nextCursor").isNull()).isFalse();
		JsonNode bounded = this.api.get("/all").json();
		assertThat(bounded.get("items").size()).isBetween(3, 50);
	}

	@Test
	void statsCountPerQueueAndInTotal() {
		String queue = newQueue();
		this.api.enqueue("""
				{"type": "echo", "queue": "%s"}""".formatted(queue));
		this.api.enqueue("""
				{"type": "echo", "queue": "%s", "delay": "1h"}""".formatted(queue));
		this.api.post("/queues/" + queue + "/pause");
		String done = this.api.enqueue("""
				{"type": "echo"}""");
		await().untilAsserted(() -> assertThat(this.api.status(done)).isEqualTo("completed"));
		JsonNode stats = this.api.get("/stats").json();
		JsonNode mine = stats.get("queues").get(queue);
		assertThat(mine.get("counts").get("waiting").asLong()).isEqualTo(1);
		assertThat(mine.get("counts").get("delayed").asLong()).isEqualTo(1);
		assertThat(mine.get("counts").propertyNames()).containsExactly("waiting", "delayed", "active", "retrying",
				"held", "completed", "failed", "cancelled");
		assertThat(mine.get("paused").asBoolean()).isTrue();
		assertThat(mine.get("metrics").propertyNames()).containsExactlyInAnyOrder("processed", "failed", "successRate",
				"avgProcessingMillis", "currentConcurrency", "peakConcurrency");
		JsonNode defaults = stats.get("queues").get("default").get("metrics");
		assertThat(defaults.get("processed").asLong()).isPositive();
		JsonNode total = stats.get("total");
		assertThat(total.get("counts").get("waiting").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(total.get("counts").get("completed").asLong()).isGreaterThanOrEqualTo(1);
		assertThat(total.get("paused").asBoolean()).isTrue();
		assertThat(total.get("metrics").get("processed").asLong())
			.isGreaterThanOrEqualTo(defaults.get("processed").asLong());
		this.api.post("/queues/" + queue + "/resume");
	}

	@Test
	void queuesListsNamesWithPausedFlagAndCounts() {
		String queue = newQueue();
		this.api.enqueue("""
				{"type": "echo", "queue": "%s"}""".formatted(queue));
		JsonNode queues = this.api.get("/queues").json();
		JsonNode mine = find(queues, queue);
		assertThat(mine.get("paused").asBoolean()).isFalse();
		assertThat(mine.get("counts").get("waiting").asLong()).isEqualTo(1);
		assertThat(find(queues, "reports")).isNotNull();
	}

	@Test
	void pauseHoldsTasksAndResumeRunsThem() {
		Response paused = this.api.post("/queues/pausable/pause");
		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.json().get("paused").asBoolean()).isTrue();
		assertThat(find(this.api.get("/queues").json(), "pausable").get("paused").asBoolean()).isTrue();
		String id = this.api.enqueue("""
				{"type": "pausable", "payload": "later"}""");
		assertThat(this.api.status(id)).isEqualTo("waiting");
		Response resumed = this.api.post("/queues/pausable/resume");
		assertThat(resumed.json().get("paused").asBoolean()).isFalse();
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
		assertThat(find(this.api.get("/queues").json(), "pausable").get("paused").asBoolean()).isFalse();
	}

	@Test
	void drainRemovesWaitingAndDelayedTasks() {
		String queue = newQueue();
		String waiting = this.api.enqueue("""
				{"type": "echo", "queue": "%s"}""".formatted(queue));
		String delayed = this.api.enqueue("""
				{"type": "echo", "queue": "%s", "delay": "1h"}""".formatted(queue));
		Response drained = this.api.post("/queues/" + queue + "/drain");
		assertThat(drained.status()).isEqualTo(200);
		assertThat(drained.json().get("queue").asString()).isEqualTo(queue);
		assertThat(drained.json().get("removed").asLong()).isEqualTo(2);
		assertThat(this.api.get("/" + waiting).status()).isEqualTo(404);
		assertThat(this.api.get("/" + delayed).status()).isEqualTo(404);
	}

	@Test
	void cleanRemovesFinishedTasksOfTheChosenStatusesAndAge() {
		String queue = newQueue();
		String cancelled = this.api.enqueue("""
				{"type": "echo", "queue": "%s", "delay": "1h"}""".formatted(queue));
		String waiting = this.api.enqueue("""
				{"type": "echo", "queue": "%s"}""".formatted(queue));
		this.api.post("/" + cancelled + "/cancel");
		Response tooYoung = this.api.post("/queues/" + queue + "/clean?status=cancelled&olderThan=1h");
		assertThat(tooYoung.json().get("removed").asLong()).isZero();
		Response cleaned = this.api.post("/queues/" + queue + "/clean?status=cancelled,failed&olderThan=0s");
		assertThat(cleaned.status()).isEqualTo(200);
		assertThat(cleaned.json().get("removed").asLong()).isEqualTo(1);
		assertThat(this.api.get("/" + cancelled).status()).isEqualTo(404);
		assertThat(this.api.get("/" + waiting).status()).isEqualTo(200);
	}

	@Test
	void obliterateRemovesEverythingOfAQueue() {
		String queue = newQueue();
		String id = this.api.enqueue("""
				{"type": "echo", "queue": "%s"}""".formatted(queue));
		this.api.enqueue("""
				{"type": "echo", "queue": "%s", "delay": "1h"}""".formatted(queue));
		Response obliterated = this.api.delete("/queues/" + queue);
		assertThat(obliterated.status()).isEqualTo(200);
		assertThat(obliterated.json().get("removed").asLong()).isEqualTo(2);
		assertThat(this.api.get("/" + id).status()).isEqualTo(404);
		assertThat(this.api.get("?queue=" + queue).json().get("items")).isEmpty();
	}

	@Test
	void retryRunsAFailedTaskAgain() {
		String id = this.api.enqueue("""
				{"type": "fail"}""");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("failed"));
		JsonNode failed = this.api.task(id);
		assertThat(failed.get("error").get("message").asString()).isEqualTo("boom");
		assertThat(failed.get("error").get("type").asString()).isEqualTo(IllegalStateException.class.getName());
		Response retried = this.api.post("/" + id + "/retry");
		assertThat(retried.status()).isEqualTo(200);
		assertThat(retried.json().get("id").asString()).isEqualTo(id);
		assertThat(retried.json().get("status").asString()).isIn("waiting", "active", "failed");
		await().untilAsserted(() -> assertThat(this.api.task(id).get("finishedAt").asString())
			.isNotEqualTo(failed.get("finishedAt").asString()));
		assertThat(this.api.status(id)).isEqualTo("failed");
	}

	@Test
	void cancelStopsAWaitingTask() {
		String id = this.api.enqueue("""
				{"type": "echo", "delay": "1h"}""");
		Response cancelled = this.api.post("/" + id + "/cancel");
		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
		assertThat(this.api.status(id)).isEqualTo("cancelled");
	}

	@Test
	void holdKeepsATaskOutOfReachUntilReleased() {
		String queue = newQueue();
		// No worker serves this queue: its tasks stay waiting unless held.
		String id = this.api.enqueue("""
				{"type": "echo", "queue": "%s"}""".formatted(queue));
		String other = this.api.enqueue("""
				{"type": "echo", "queue": "%s"}""".formatted(queue));

		Response held = this.api.post("/" + id + "/hold");

		assertThat(held.status()).isEqualTo(200);
		assertThat(held.json().get("id").asString()).isEqualTo(id);
		assertThat(held.json().get("status").asString()).isEqualTo("held");
		assertThat(this.api.status(id)).isEqualTo("held");
		assertThat(ids(this.api.get("?queue=" + queue + "&status=held").json())).containsExactly(id);
		assertThat(ids(this.api.get("?queue=" + queue + "&status=waiting").json())).containsExactly(other);
		JsonNode stats = this.api.get("/stats").json().get("queues").get(queue);
		assertThat(stats.get("counts").get("held").asLong()).isEqualTo(1);
		assertThat(stats.get("counts").get("waiting").asLong()).isEqualTo(1);
		assertThat(stats.get("types").get("echo").get("held").asLong()).isEqualTo(1);

		Response released = this.api.post("/" + id + "/release");

		assertThat(released.status()).isEqualTo(200);
		assertThat(released.json().get("status").asString()).isEqualTo("waiting");
		assertThat(this.api.status(id)).isEqualTo("waiting");
		assertThat(this.api.get("/stats").json().get("queues").get(queue).get("counts").get("held").asLong()).isZero();
	}

	@Test
	void aHeldDelayedTaskIsReleasedToItsTime() {
		JsonNode delayed = this.api.post("", """
				{"type": "echo", "delay": "1h"}""").json();
		String id = delayed.get("id").asString();
		this.api.post("/" + id + "/hold");

		JsonNode released = this.api.post("/" + id + "/release").json();

		assertThat(released.get("status").asString()).isEqualTo("delayed");
		assertThat(released.get("scheduledAt").asString()).isEqualTo(delayed.get("scheduledAt").asString());
		Response cancelled = this.api.post("/" + id + "/cancel");
		assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
	}

	@Test
	void deleteRemovesATask() {
		String id = this.api.enqueue("""
				{"type": "echo", "delay": "1h"}""");
		Response removed = this.api.delete("/" + id);
		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.json().get("id").asString()).isEqualTo(id);
		assertThat(removed.json().get("removed").asBoolean()).isTrue();
		assertThat(this.api.get("/" + id).status()).isEqualTo(404);
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.get("items").forEach((item) -> ids.add(item.get("id").asString()));
		return ids;
	}

	private static JsonNode find(JsonNode queues, String name) {
		for (JsonNode queue : queues) {
			if (queue.get("name").asString().equals(name)) {
				return queue;
			}
		}
		throw new AssertionError("queue " + name + " not listed in " + queues);
	}

	static String newQueue() {
		return "web-test-" + queues.incrementAndGet();
	}

}
