package dev.taskqueue.boot.web;

import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.boot.web.ApiClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input to the REST API: every case is a 4xx problem detail naming what was wrong,
 * and the application keeps working afterwards.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN })
class TaskApiErrorTests {

	@LocalServerPort
	private int port;

	private ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@AfterEach
	void applicationStillWorks() {
		String id = this.api.enqueue("""
				{"type": "echo", "payload": "still working"}""");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
	}

	static Stream<Arguments> badEnqueueBodies() {
		return Stream.of(arguments("{\"type\": \"echo\", ", 400, "not valid JSON"),
				arguments("[1, 2]", 400, "not valid JSON"), arguments("\"echo\"", 400, "not valid JSON"),
				arguments("{\"payload\": 1}", 400, "type is required"),
				arguments("{\"type\": \"  \"}", 400, "type is required"),
				arguments("{\"type\": \"no-such-type\"}", 422, "'no-such-type'"),
				arguments("{\"type\": \"echo\", \"priority\": \"urgent\"}", 400, "priority 'urgent'"),
				arguments("{\"type\": \"echo\", \"priority\": 1.5}", 400, "priority must be"),
				arguments("{\"type\": \"echo\", \"priority\": 99999999999}", 400, "priority must be"),
				arguments("{\"type\": \"echo\", \"delay\": \"soon\"}", 400, "delay 'soon' is not a duration"),
				arguments("{\"type\": \"echo\", \"delay\": \"-5s\"}", 400, "delay must not be negative"),
				arguments("{\"type\": \"echo\", \"delay\": \"5s\", \"runAt\": \"2030-01-01T00:00:00Z\"}", 400,
						"either delay or runAt"),
				arguments("{\"type\": \"echo\", \"runAt\": \"tomorrow\"}", 400, "runAt 'tomorrow'"),
				arguments("{\"type\": \"echo\", \"maxAttempts\": 0}", 400, "maxAttempts must be at least 1"),
				arguments("{\"type\": \"echo\", \"maxAttempts\": \"many\"}", 400, "field 'maxAttempts'"),
				arguments("{\"type\": \"echo\", \"timeout\": \"0s\"}", 400, "timeout must be positive"),
				arguments("{\"type\": \"echo\", \"queue\": \"no spaces!\"}", 400, "queue name 'no spaces!'"),
				arguments("{\"type\": \"echo\", \"idempotencyKey\": \" \"}", 400, "idempotencyKey"),
				arguments("{\"type\": \"echo\", \"limit\": 3}", 400, "limit needs a repeat"),
				arguments("{\"type\": \"echo\", \"every\": \"1h\", \"cron\": \"0 * * * *\"}", 400, "exactly one"),
				arguments("{\"type\": \"echo\", \"cron\": \"every day\"}", 400, "every day"),
				arguments("{\"type\": \"echo\", \"backoff\": {\"type\": \"linear\", \"delay\": \"1s\"}}", 400,
						"backoff 'linear'"),
				arguments("{\"type\": \"echo\", \"backoff\": {\"type\": \"fixed\"}}", 400, "backoff.delay"),
				arguments("{\"type\": \"echo\", \"backoff\": {\"delay\": \"1s\", \"jitter\": 2}}", 400, "jitter"));
	}

	@ParameterizedTest
	@MethodSource("badEnqueueBodies")
	void badEnqueueIsAProblem(String body, int status, String detail) {
		Response response = this.api.post("", body);
		assertProblem(response, status, detail);
	}

	@Test
	void unknownTypeNamesTheType() {
		JsonNode problem = assertProblem(this.api.post("", "{\"type\": \"resize-image\"}"), 422, "resize-image");
		assertThat(problem.get("taskType").asString()).isEqualTo("resize-image");
	}

	@Test
	void missingTypeNamesTheField() {
		JsonNode problem = assertProblem(this.api.post("", "{}"), 400, "type is required");
		assertThat(problem.get("parameter").asString()).isEqualTo("type");
	}

	@Test
	void emptyBodyIsAProblem() {
		assertProblem(this.api.post("", ""), 400, "missing");
	}

	@Test
	void otherContentTypeIsAProblem() {
		assertProblem(this.api.post("", "text/plain", "echo"), 415, "text/plain");
	}

	@Test
	void badStatusFilterNamesTheParameter() {
		JsonNode problem = assertProblem(this.api.get("?status=waiting,sleeping"), 400, "status");
		assertThat(problem.get("parameter").asString()).isEqualTo("status");
		assertThat(problem.get("detail").asString()).contains("sleeping");
	}

	@Test
	void badLimitNamesTheParameter() {
		for (String limit : new String[] { "0", "1001", "ten", "-1" }) {
			JsonNode problem = assertProblem(this.api.get("?limit=" + limit), 400, "limit must be");
			assertThat(problem.get("parameter").asString()).isEqualTo("limit");
			assertProblem(this.api.get("/all?limit=" + limit), 400, "limit must be");
		}
	}

	@Test
	void unknownIdIsNotFound() {
		String missing = "01J0000000000000000000000X";
		for (Response response : new Response[] { this.api.get("/" + missing), this.api.get("/status/" + missing),
				this.api.post("/" + missing + "/retry"), this.api.post("/" + missing + "/cancel"),
				this.api.post("/" + missing + "/hold"), this.api.post("/" + missing + "/release"),
				this.api.delete("/" + missing), this.api.get("/" + missing + "/events") }) {
			JsonNode problem = assertProblem(response, 404, missing);
			assertThat(problem.get("taskId").asString()).isEqualTo(missing);
		}
	}

	@Test
	void wrongStateIsAConflict() {
		String id = this.api.enqueue("""
				{"type": "echo", "delay": "1h"}""");
		JsonNode notFinal = assertProblem(this.api.post("/" + id + "/retry"), 409, id);
		assertThat(notFinal.get("taskStatus").asString()).isEqualTo("delayed");
		this.api.post("/" + id + "/cancel");
		JsonNode alreadyCancelled = assertProblem(this.api.post("/" + id + "/cancel"), 409, id);
		assertThat(alreadyCancelled.get("taskStatus").asString()).isEqualTo("cancelled");
	}

	@Test
	void holdingOrReleasingInTheWrongStatusIsAConflict() {
		String id = this.api.enqueue("""
				{"type": "echo", "delay": "1h"}""");
		JsonNode notHeld = assertProblem(this.api.post("/" + id + "/release"), 409, id);
		assertThat(notHeld.get("taskStatus").asString()).isEqualTo("delayed");
		assertThat(notHeld.get("detail").asString()).contains("only held tasks can be released");
		this.api.post("/" + id + "/hold");
		JsonNode heldTwice = assertProblem(this.api.post("/" + id + "/hold"), 409, id);
		assertThat(heldTwice.get("taskStatus").asString()).isEqualTo("held");
		this.api.post("/" + id + "/cancel");
		JsonNode cancelled = assertProblem(this.api.post("/" + id + "/hold"), 409, id);
		assertThat(cancelled.get("taskStatus").asString()).isEqualTo("cancelled");
	}

	@Test
	void holdingARunningTaskIsAConflictThatSuggestsCancelling() {
		String id = this.api.enqueue("""
				{"type": "report", "payload": {"gate": "hold-active"}}""");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("active"));
		try {
			JsonNode problem = assertProblem(this.api.post("/" + id + "/hold"), 409, id);
			assertThat(problem.get("taskStatus").asString()).isEqualTo("active");
			assertThat(problem.get("detail").asString()).contains("cancel it instead");
			assertThat(this.api.status(id)).isEqualTo("active");
		}
		finally {
			WebTestApplication.Gates.open("hold-active");
			WebTestApplication.Gates.open("hold-active-finish");
		}
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
	}

	@Test
	void badQueueOperationsAreProblems() {
		assertProblem(this.api.post("/queues/default/clean?status=waiting"), 400, "clean removes only");
		assertProblem(this.api.post("/queues/default/clean?status=done"), 400, "status");
		JsonNode olderThan = assertProblem(this.api.post("/queues/default/clean?olderThan=yesterday"), 400,
				"olderThan 'yesterday'");
		assertThat(olderThan.get("parameter").asString()).isEqualTo("olderThan");
		assertProblem(this.api.post("/queues/default/clean?olderThan=-1h"), 400, "olderThan must not be negative");
		assertProblem(this.api.post("/queues/bad%20name!/pause"), 400, "queue name");
	}

	private static JsonNode assertProblem(Response response, int status, String detail) {
		assertThat(response.status()).as(response.text()).isEqualTo(status);
		assertThat(response.contentType()).hasValue("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("title").asString()).isNotBlank();
		assertThat(problem.get("detail").asString()).contains(detail);
		return problem;
	}

}
