package dev.taskqueue.boot.actuatortest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code taskqueue} actuator endpoint through a real HTTP port, exposed as a user
 * exposes it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,taskqueue")
class TaskQueueEndpointTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private TaskQueue taskQueue;

	@Autowired
	private TaskEngine engine;

	@Test
	void describesTheQueuesTheSchedulesAndThisInstancesWorkers() throws Exception {
		JsonNode before = read("/actuator/taskqueue");
		assertThat(before.get("backend").asString()).isEqualTo("memory");
		assertThat(before.get("instanceId").asString()).isEqualTo(this.engine.instanceId().orElseThrow());
		assertThat(before.has("schedules")).as("no schedule exists").isFalse();
		JsonNode reports = before.get("queues").get("reports");
		assertThat(reports.get("name").asString()).isEqualTo("reports");
		assertThat(reports.get("paused").asBoolean()).isFalse();
		for (TaskStatus status : TaskStatus.values()) {
			assertThat(reports.get("counts").has(status.value())).as(status.value()).isTrue();
		}
		JsonNode worker = before.get("workers").get(0);
		assertThat(worker.get("queue").asString()).isEqualTo("reports");
		assertThat(worker.get("alive").asBoolean()).isTrue();
		assertThat(worker.get("concurrency").asInt()).isEqualTo(2);

		this.taskQueue.upsertSchedule(ScheduleRequest.builder("hourly-report", "report")
			.every(Duration.ofHours(1))
			.payload(new ActuatorTestApplication.Request("ACME"))
			.build());
		try {
			JsonNode schedule = read("/actuator/taskqueue").get("schedules").get(0);
			assertThat(schedule.get("id").asString()).isEqualTo("hourly-report");
			assertThat(schedule.get("type").asString()).isEqualTo("report");
			assertThat(schedule.get("queue").asString()).isEqualTo("reports");
			assertThat(schedule.get("trigger").asString()).isEqualTo("every PT1H");
			assertThat(schedule.get("nextDueAt").isString()).isTrue();
			assertThat(schedule.get("paused").asBoolean()).isFalse();
		}
		finally {
			this.taskQueue.removeSchedule("hourly-report");
		}
	}

	@Test
	void describesOneQueueAndAnswers404ForAnUnknownOne() throws Exception {
		JsonNode reports = read("/actuator/taskqueue/reports");
		assertThat(reports.get("name").asString()).isEqualTo("reports");
		assertThat(reports.get("counts").get("waiting").isNumber()).isTrue();
		assertThat(get("/actuator/taskqueue/no-such-queue").statusCode()).isEqualTo(404);
	}

	@Test
	void pausesAndResumesAQueue() throws Exception {
		HttpResponse<String> paused = post("/actuator/taskqueue/reports", "{\"state\": \"paused\"}");
		try {
			assertThat(paused.statusCode()).isEqualTo(200);
			assertThat(this.json.readTree(paused.body()).get("paused").asBoolean()).isTrue();
			assertThat(this.taskQueue.stats("reports").paused()).isTrue();
			assertThat(read("/actuator/taskqueue").get("queues").get("reports").get("paused").asBoolean()).isTrue();
		}
		finally {
			HttpResponse<String> resumed = post("/actuator/taskqueue/reports", "{\"state\": \"resumed\"}");
			assertThat(resumed.statusCode()).isEqualTo(200);
			assertThat(this.json.readTree(resumed.body()).get("paused").asBoolean()).isFalse();
		}
		assertThat(this.taskQueue.stats("reports").paused()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"state\": \"sleeping\"}", "{\"state\": \"PAUSED\"}", "{\"state\": 1}", "{}",
			"{\"state\": null}", "not json", "[\"paused\"]" })
	void aBadStateChangeIsRefusedWith400(String body) throws Exception {
		assertThat(post("/actuator/taskqueue/reports", body).statusCode()).isEqualTo(400);
		assertThat(this.taskQueue.stats("reports").paused()).isFalse();
	}

	@Test
	void aStateChangeOfAnUnknownQueueAnswers404() throws Exception {
		assertThat(post("/actuator/taskqueue/no-such-queue", "{\"state\": \"paused\"}").statusCode()).isEqualTo(404);
		assertThat(this.taskQueue.queues()).doesNotContain("no-such-queue");
	}

	private JsonNode read(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = get(path);
		assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
		return this.json.readTree(response.body());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
		return this.http.send(request(path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10));
	}

}
