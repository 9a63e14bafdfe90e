package dev.taskqueue.boot.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
 * The throughput history ({@code GET /queues/{queue}/metrics}) and the counts by type of
 * {@code GET /stats}, through a real server port, hostile parameters included.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN })
class QueueMetricsApiTests {

	@LocalServerPort
	private int port;

	private ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void metricsCountCompletedAndFailedTasksPerMinute() {
		// other tests of this application context may have run metered tasks before
		JsonNode before = this.api.get("/queues/metered/metrics").json();
		List<String> ids = new ArrayList<>();
		for (String payload : new String[] { "\"a\"", "\"b\"", "\"fail\"", "\"c\"" }) {
			ids.add(this.api.enqueue("""
					{"type": "metered", "payload": %s}""".formatted(payload)));
		}
		await().untilAsserted(
				() -> assertThat(ids).allSatisfy((id) -> assertThat(this.api.status(id)).isIn("completed", "failed")));
		Instant asked = Instant.now();

		Response response = this.api.get("/queues/metered/metrics");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).hasValueSatisfying((type) -> assertThat(type).contains("application/json"));
		JsonNode metrics = response.json();
		assertThat(metrics.propertyNames()).containsExactly("queue", "from", "intervalSeconds", "completed", "failed");
		assertThat(metrics.get("queue").asString()).isEqualTo("metered");
		assertThat(metrics.get("intervalSeconds").asLong()).isEqualTo(60);
		assertThat(metrics.get("completed")).hasSize(60);
		assertThat(metrics.get("failed")).hasSize(60);
		assertThat(sum(metrics.get("completed")) - sum(before.get("completed"))).isEqualTo(3);
		assertThat(sum(metrics.get("failed")) - sum(before.get("failed"))).isEqualTo(1);
		Instant from = Instant.parse(metrics.get("from").asString());
		assertThat(from.getEpochSecond() % 60).as("a whole minute").isZero();
		assertThat(from.plus(Duration.ofMinutes(60))).as("the last bucket is the current minute").isAfter(asked);
		assertThat(from.plus(Duration.ofMinutes(59))).isBefore(asked.plusSeconds(60));
	}

	@Test
	void metricsTakeOneMinuteToADayAndDefaultTo60() {
		assertThat(this.api.get("/queues/metered/metrics?minutes=1").json().get("completed")).hasSize(1);
		assertThat(this.api.get("/queues/metered/metrics?minutes=1440").json().get("failed")).hasSize(1440);
		assertThat(this.api.get("/queues/metered/metrics?minutes=%2030%20").json().get("failed")).hasSize(30);
		assertThat(this.api.get("/queues/metered/metrics?minutes=").json().get("completed")).hasSize(60);
		JsonNode unknown = this.api.get("/queues/never-used/metrics?minutes=5").json();
		assertThat(unknown.get("queue").asString()).isEqualTo("never-used");
		assertThat(sum(unknown.get("completed")) + sum(unknown.get("failed"))).isZero();
		assertThat(unknown.get("completed")).hasSize(5);
	}

	@Test
	void badMinutesAreAProblemNamingTheParameter() {
		for (String minutes : new String[] { "0", "-1", "1441", "abc", "99999999999999999999", "1.5", "1e3", "%00",
				"6%200", "%E2%82%AC", "1".repeat(5000), "2147483648", "-2147483649" }) {
			Response response = this.api.get("/queues/metered/metrics?minutes=" + minutes);
			JsonNode problem = problem(response, 400);
			assertThat(problem.get("parameter").asString()).as(minutes).isEqualTo("minutes");
			assertThat(problem.get("detail").asString()).startsWith("minutes must be an integer between 1 and 1440");
		}
	}

	@Test
	void badQueueNameIsTheProblemOfTheOtherQueueEndpoints() {
		for (String queue : new String[] { "bad%20name!", "x".repeat(101), "-leading", "%E2%82%AC" }) {
			JsonNode metrics = problem(this.api.get("/queues/" + queue + "/metrics"), 400);
			JsonNode pause = problem(this.api.post("/queues/" + queue + "/pause"), 400);
			assertThat(metrics.get("title")).isEqualTo(pause.get("title"));
			assertThat(metrics.get("detail")).isEqualTo(pause.get("detail"));
			assertThat(metrics.get("detail").asString()).contains("queue name");
		}
		assertThat(this.api.get("/queues/metered/metrics/extra").status()).isEqualTo(404);
		assertThat(this.api.post("/queues/metered/metrics").status()).isEqualTo(405);
	}

	@Test
	void statsCountTasksByTypeInEveryQueueAndInTotal() {
		String queue = TaskApiTests.newQueue();
		this.api.post("/queues/" + queue + "/pause");
		for (String type : new String[] { "pausable", "echo", "echo", "fail" }) {
			this.api.enqueue("""
					{"type": "%s", "queue": "%s"}""".formatted(type, queue));
		}
		this.api.enqueue("""
				{"type": "echo", "queue": "%s", "delay": "1h"}""".formatted(queue));
		String done = this.api.enqueue("""
				{"type": "metered", "payload": "ok"}""");
		await().untilAsserted(() -> assertThat(this.api.status(done)).isEqualTo("completed"));

		JsonNode stats = this.api.get("/stats").json();

		JsonNode mine = stats.get("queues").get(queue);
		assertThat(mine.propertyNames()).containsExactly("counts", "types", "paused", "oldestWaitingSince", "metrics");
		JsonNode types = mine.get("types");
		assertThat(types.propertyNames()).as("sorted by type").containsExactly("echo", "fail", "pausable");
		assertThat(types.get("echo").propertyNames()).containsExactly("waiting", "delayed", "active", "retrying",
				"held", "completed", "failed", "cancelled");
		assertThat(types.get("echo").get("waiting").asLong()).isEqualTo(2);
		assertThat(types.get("echo").get("delayed").asLong()).isEqualTo(1);
		assertThat(types.get("fail").get("waiting").asLong()).isEqualTo(1);
		assertThat(types.get("pausable").get("completed").asLong()).isZero();
		assertThat(stats.get("queues").get("metered").get("types").get("metered").get("completed").asLong())
			.isPositive();
		JsonNode total = stats.get("total").get("types");
		List<String> totalTypes = List.copyOf(total.propertyNames());
		assertThat(totalTypes).contains("echo", "fail", "metered", "pausable").isSorted();
		assertThat(total.get("echo").get("waiting").asLong()).isGreaterThanOrEqualTo(2);
		assertThat(total.get("metered").propertyNames()).hasSize(8);
		this.api.delete("/queues/" + queue);
		assertThat(this.api.get("/stats").json().get("queues").has(queue)).isFalse();
	}

	private static long sum(JsonNode values) {
		long sum = 0;
		for (JsonNode value : values) {
			sum += value.asLong();
		}
		return sum;
	}

	private static JsonNode problem(Response response, int status) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).hasValue("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		return problem;
	}

}
