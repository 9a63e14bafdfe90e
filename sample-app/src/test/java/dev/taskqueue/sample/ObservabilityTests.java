package dev.taskqueue.sample;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SampleAppTest
class ObservabilityTests {

	@LocalServerPort
	private int port;

	private SampleClient client;

	@BeforeEach
	void client() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void healthShowsTheTaskQueueComponent() {
		var response = this.client.get("/actuator/health");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode health = this.client.json(response);
		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("taskqueue").path("status").asString()).isEqualTo("UP");
	}

	@Test
	void prometheusExposesTaskMetricsPerQueueAndType() {
		this.client.awaitCompleted(this.client.enqueue("resize-image", Map.of("width", 16)));

		var response = this.client.get("/actuator/prometheus");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).containsPattern("taskqueue_tasks_completed_total\\{[^}]*queue=\"images\"")
			.containsPattern("taskqueue_task_duration_seconds_count\\{[^}]*type=\"resize-image\"");
	}

	@Test
	void servesTheDemoPage() {
		var response = this.client.get("/");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("<progress id=\"bar\"").contains("app.js");
		assertThat(this.client.get("/app.js").body()).contains("from '/taskqueue/client.js'").contains("client.watch(");
		assertThat(this.client.get("/taskqueue/client.js").body()).contains("export function createClient(");
	}

}
