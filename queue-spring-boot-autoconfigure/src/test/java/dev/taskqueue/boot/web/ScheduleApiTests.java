package dev.taskqueue.boot.web;

import java.time.Instant;

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
 * {@code {base-path}/schedules} through a real server port: create, replace, read, pause,
 * resume, trigger and remove, and a clear problem detail for each bad value.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN })
class ScheduleApiTests {

	@LocalServerPort
	private int port;

	private ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	private static String unique(String name) {
		return name + "-" + System.nanoTime();
	}

	@Test
	void putCreatesThenReplacesInPlace() {
		String id = unique("nightly");
		String body = "{\"type\": \"echo\", \"payload\": {\"n\": 1}, \"cron\": \"0 30 2 * * *\", \"zone\": \"Europe/Paris\"}";

		Response created = this.api.put("/schedules/" + id, body);
		Response replaced = this.api.put("/schedules/" + id,
				body.replace("\"n\": 1", "\"n\": 2").replace("}", ", \"misfire\": \"skip\"}"));

		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.location())
			.hasValueSatisfying((uri) -> assertThat(uri).endsWith("/api/tasks/schedules/" + id));
		JsonNode schedule = created.json();
		assertThat(schedule.get("id").asString()).isEqualTo(id);
		assertThat(schedule.get("zone").asString()).isEqualTo("Europe/Paris");
		assertThat(schedule.get("misfire").asString()).isEqualTo("run-once");
		assertThat(schedule.get("queue").asString()).isEqualTo("default");
		assertThat(schedule.get("runs").asLong()).isZero();
		assertThat(schedule.get("ended").asBoolean()).isFalse();
		Instant next = Instant.parse(schedule.get("nextDueAt").asString());
		assertThat(next).isAfter(Instant.now());
		assertThat(replaced.status()).as(replaced.text()).isEqualTo(200);
		assertThat(replaced.json().get("payload").get("n").asInt()).isEqualTo(2);
		assertThat(replaced.json().get("misfire").asString()).isEqualTo("skip");
		assertThat(Instant.parse(replaced.json().get("nextDueAt").asString())).isEqualTo(next);
		assertThat(this.api.get("/schedules/" + id).json().get("payload").get("n").asInt()).isEqualTo(2);
		assertThat(this.api.get("/schedules").json().valueStream().map((each) -> each.get("id").asString()))
			.contains(id);
	}

	@Test
	void pauseResumeTriggerAndRemove() {
		String id = unique("manual");
		assertThat(this.api
			.put("/schedules/" + id,
					"{\"type\": \"echo\", \"payload\": \"hi\", \"every\": \"1h\", "
							+ "\"startAt\": \"2099-01-01T00:00:00Z\"}")
			.status()).isEqualTo(201);

		Response paused = this.api.post("/schedules/" + id + "/pause");
		Response triggered = this.api.post("/schedules/" + id + "/trigger");
		Response resumed = this.api.post("/schedules/" + id + "/resume");

		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.json().get("paused").asBoolean()).isTrue();
		assertThat(triggered.status()).as(triggered.text()).isEqualTo(202);
		String taskId = triggered.json().get("id").asString();
		assertThat(triggered.location()).hasValueSatisfying((uri) -> assertThat(uri).endsWith("/api/tasks/" + taskId));
		await().until(() -> "completed".equals(this.api.status(taskId)));
		JsonNode task = this.api.task(taskId);
		assertThat(task.get("scheduleId").asString()).isEqualTo(id);
		assertThat(task.get("result").asString()).isEqualTo("hi");
		assertThat(resumed.json().get("paused").asBoolean()).isFalse();
		JsonNode after = this.api.get("/schedules/" + id).json();
		assertThat(after.get("runs").asLong()).isEqualTo(1);
		assertThat(after.get("lastTaskId").asString()).isEqualTo(taskId);
		assertThat(after.get("lastTaskStatus").asString()).isEqualTo("completed");

		assertThat(this.api.delete("/schedules/" + id).status()).isEqualTo(204);
		Response again = this.api.delete("/schedules/" + id);
		assertThat(again.status()).isEqualTo(404);
		assertThat(again.json().get("scheduleId").asString()).isEqualTo(id);
		assertThat(this.api.get("/schedules/" + id).status()).isEqualTo(404);
		assertThat(this.api.post("/schedules/" + id + "/pause").status()).isEqualTo(404);
		assertThat(this.api.post("/schedules/" + id + "/trigger").status()).isEqualTo(404);
	}

	@Test
	void badValuesAreProblemsNamingTheParameter() {
		String id = unique("bad");
		assertBad(id, "{\"type\": \"echo\", \"cron\": \"0 0 25 * * *\"}", "cron");
		assertBad(id, "{\"type\": \"echo\", \"cron\": \"@daily\", \"zone\": \"Mars/Olympus\"}", "zone");
		assertBad(id, "{\"type\": \"echo\", \"every\": \"soon\"}", "every");
		assertBad(id, "{\"type\": \"echo\", \"every\": \"-5s\"}", "every");
		assertBad(id, "{\"type\": \"echo\", \"every\": \"P99999999D\"}", "every");
		assertBad(id, "{\"type\": \"echo\", \"every\": \"1m\", \"startAt\": \"+999999999-12-31T23:59:59Z\"}",
				"startAt");
		assertBad(id, "{\"type\": \"echo\", \"every\": \"1m\", \"misfire\": \"twice\"}", "misfire");
		assertBad(id, "{\"every\": \"1m\"}", "type");
		assertBad("bad%20id", "{\"type\": \"echo\", \"every\": \"1m\"}", "id");
		assertBad("x".repeat(201), "{\"type\": \"echo\", \"every\": \"1m\"}", "id");
		assertBad(id, "{\"type\": \"echo\", \"every\": \"1m\", \"cron\": \"@daily\"}", "every");
		assertBad(id, "{\"type\": \"echo\"}", "cron");
		assertBad(id, "{\"type\": \"echo\", \"every\": \"1m\", \"zone\": \"UTC\"}", "zone");
		assertBad(id, "{\"type\": \"echo\", \"every\": \"1m\", \"limit\": 0}", "limit");
		assertBad(id, "{\"type\": \"echo\", \"every\": \"PT0.0001S\"}", "every");
		Response unknown = this.api.put("/schedules/" + id, "{\"type\": \"nobody\", \"every\": \"1m\"}");
		assertThat(unknown.status()).isEqualTo(422);
		assertThat(this.api.get("/schedules/" + id).status()).isEqualTo(404);
	}

	@Test
	void hostileBodiesAreRefusedAndStoreNothing() {
		String id = unique("hostile");
		String deep = "[".repeat(5000) + "]".repeat(5000);
		Response nested = this.api.put("/schedules/" + id,
				"{\"type\": \"echo\", \"every\": \"1m\", \"payload\": " + deep + "}");
		Response huge = this.api.put("/schedules/" + id,
				"{\"type\": \"echo\", \"every\": \"1m\", \"payload\": \"" + "x".repeat(1200 * 1024) + "\"}");
		Response lone = this.api.put("/schedules/" + id,
				"{\"type\": \"echo\", \"every\": \"1m\", \"payload\": \"\\ud800\"}");
		Response huger = this.api.put("/schedules/" + id,
				"{\"type\": \"echo\", \"every\": \"1m\", \"limit\": 99999999999999999999}");
		Response cron = this.api.put("/schedules/" + id,
				"{\"type\": \"echo\", \"cron\": \"" + "* ".repeat(10_000) + "\"}");

		assertThat(nested.status()).as(nested.text()).isEqualTo(400);
		assertThat(huge.status()).as(huge.text()).isEqualTo(413);
		assertThat(lone.status()).as(lone.text()).isEqualTo(400);
		assertThat(huger.status()).as(huger.text()).isEqualTo(400);
		assertThat(cron.status()).as(cron.text()).isEqualTo(400);
		assertThat(this.api.get("/schedules/" + id).status()).isEqualTo(404);
		assertThat(this.api.put("/schedules/" + id, "{\"type\": \"echo\", \"every\": \"1h\"}").status())
			.as("the API still works")
			.isEqualTo(201);
	}

	private void assertBad(String id, String body, String parameter) {
		Response response = this.api.put("/schedules/" + id, body);
		assertThat(response.status()).as(body + " -> " + response.text()).isEqualTo(400);
		assertThat(response.contentType()).hasValueSatisfying((type) -> assertThat(type).contains("problem+json"));
		assertThat(response.json().get("parameter").asString()).as(body).isEqualTo(parameter);
	}

}
