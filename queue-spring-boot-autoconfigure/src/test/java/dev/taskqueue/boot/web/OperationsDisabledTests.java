package dev.taskqueue.boot.web;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.boot.web.ApiClient.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code taskqueue.web.operations-enabled} unset, every write answers 403 naming the
 * property and changes nothing, while reads work.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = WebTestApplication.SHORT_SHUTDOWN)
class OperationsDisabledTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TaskQueue taskQueue;

	private ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void everyWriteIsForbidden() {
		String id = this.taskQueue.enqueue("echo", "hello",
				dev.taskqueue.TaskOptions.builder().delay(java.time.Duration.ofHours(1)).build());
		List<Response> writes = List.of(this.api.post("", "{\"type\": \"echo\"}"), this.api.post("", "{ not json"),
				this.api.post("", "{\"type\": \"no-such-type\"}"), this.api.post("/bulk", "[{\"type\": \"echo\"}]"),
				this.api.post("/bulk", "[]"), this.api.post("/" + id + "/retry"), this.api.post("/" + id + "/cancel"),
				this.api.post("/" + id + "/hold"), this.api.post("/" + id + "/release"), this.api.delete("/" + id),
				this.api.post("/queues/default/pause"), this.api.post("/queues/default/resume"),
				this.api.post("/queues/default/drain"), this.api.post("/queues/default/clean?olderThan=0s"),
				this.api.delete("/queues/default"),
				this.api.put("/schedules/guarded", "{\"type\": \"echo\", \"every\": \"1h\"}"),
				this.api.post("/schedules/guarded/pause"), this.api.post("/schedules/guarded/resume"),
				this.api.post("/schedules/guarded/trigger"), this.api.delete("/schedules/guarded"));
		OpenApiContract contract = OpenApiContract.served(new RawHttp(this.port), "/api/tasks/openapi.json");
		for (Response response : writes) {
			assertThat(response.status()).as(response.text()).isEqualTo(403);
			contract.validate("/components/responses/Forbidden/content/application~1problem+json/schema",
					response.text(), "403 " + response.text());
			assertThat(response.contentType()).hasValue("application/problem+json");
			JsonNode problem = response.json();
			assertThat(problem.get("status").asInt()).isEqualTo(403);
			assertThat(problem.get("detail").asString()).contains("taskqueue.web.operations-enabled");
			assertThat(problem.get("property").asString()).isEqualTo("taskqueue.web.operations-enabled");
		}
		assertThat(this.taskQueue.get(id))
			.hasValueSatisfying((task) -> assertThat(task.status()).isEqualTo(TaskStatus.DELAYED));
		assertThat(this.taskQueue.isPaused("default")).isFalse();
		assertThat(this.taskQueue.getSchedule("guarded")).isEmpty();
		assertThat(this.api.get("?type=no-such-type").json().get("items")).isEmpty();
	}

	@Test
	void readsWork() {
		String id = this.taskQueue.enqueue("echo", "read me");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
		assertThat(this.api.get("/status/" + id).status()).isEqualTo(200);
		assertThat(this.api.get("").status()).isEqualTo(200);
		assertThat(this.api.get("/all").status()).isEqualTo(200);
		assertThat(this.api.get("/stats").status()).isEqualTo(200);
		assertThat(this.api.get("/queues").status()).isEqualTo(200);
		assertThat(this.api.get("/" + id + "/events").text()).contains("event:completed");
		assertThat(this.api.get("/openapi.json").status()).as("the document is a read").isEqualTo(200);
		assertThat(this.api.get("/schedules").status()).isEqualTo(200);
	}

}
