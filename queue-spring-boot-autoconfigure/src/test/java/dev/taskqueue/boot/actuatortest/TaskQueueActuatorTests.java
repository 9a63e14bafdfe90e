package dev.taskqueue.boot.actuatortest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.Task;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health and metrics of the task queue through a real HTTP port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,metrics,prometheus",
				"management.endpoint.health.show-details=always" })
class TaskQueueActuatorTests {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private TaskQueue taskQueue;

	@Test
	void healthShowsTheTaskQueueWithDetails() throws Exception {
		HttpResponse<String> response = get("/actuator/health/taskqueue");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = this.json.readTree(response.body());
		assertThat(health.get("status").asString()).isEqualTo("UP");
		JsonNode details = health.get("details");
		assertThat(details.get("backend").asString()).isEqualTo("memory");
		assertThat(details.get("scheduler").get("alive").asBoolean()).isTrue();
		JsonNode worker = details.get("workers").get("reports");
		assertThat(worker.get("alive").asBoolean()).isTrue();
		assertThat(worker.get("concurrency").asInt()).isEqualTo(2);
		JsonNode queue = details.get("queues").get("reports");
		assertThat(queue.get("paused").asBoolean()).isFalse();
		assertThat(queue.has("waiting")).isTrue();
	}

	@Test
	void metricsCountCompletedTasks() throws Exception {
		String id = this.taskQueue.enqueue("report", new ActuatorTestApplication.Request("ACME"));
		Task task = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.taskQueue.get(id).orElseThrow(), (current) -> current.status().isFinal());
		assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpResponse<String> response = get("/actuator/metrics/taskqueue.tasks.completed?tag=type:report");
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode count = this.json.readTree(response.body()).get("measurements").get(0);
			assertThat(count.get("statistic").asString()).isEqualTo("COUNT");
			assertThat(count.get("value").asDouble()).isGreaterThanOrEqualTo(1);
		});
		HttpResponse<String> prometheus = get("/actuator/prometheus");
		assertThat(prometheus.statusCode()).isEqualTo(200);
		assertThat(prometheus.body())
			.containsPattern("taskqueue_tasks_completed_total\\{[^}]*type=\"report\"[^}]*\\} [1-9]")
			.contains("taskqueue_queue_size{")
			.contains("taskqueue_workers_active{")
			.contains("taskqueue_queue_oldest_age_seconds{")
			.contains("taskqueue_task_duration_seconds_count{")
			.contains("taskqueue_task_wait_seconds_count{");
	}

	@Test
	void theTaskQueueEndpointIsNotExposedUnlessAsked() throws Exception {
		assertThat(get("/actuator/taskqueue").statusCode()).isEqualTo(404);
		assertThat(get("/actuator").body()).doesNotContain("taskqueue-");
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.GET()
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
