package dev.taskqueue.boot.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.boot.web.ApiClient.Response;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.spi.TaskBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET {base-path}/instances} through a real server port: this application's
 * engine, announced under {@code spring.application.name} with its queues and running
 * tasks, and another engine sharing the backend, listed while it runs.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN,
				"spring.application.name=instances-test", "taskqueue.worker.heartbeat-interval=100ms" })
class InstanceApiTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TaskEngine engine;

	@Autowired
	private TaskBackend backend;

	private ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void listsThisInstanceWithItsQueuesAndRunningTasks() {
		String gate = "instances-" + System.nanoTime();
		String id = this.api.enqueue("{\"type\": \"report\", \"payload\": {\"gate\": \"" + gate + "\"}}");
		try {
			await().untilAsserted(() -> assertThat(queuesOf(own())).containsEntry("reports", List.of(5, 1)));
			Response response = this.api.get("/instances");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.contentType())
				.hasValueSatisfying((type) -> assertThat(type).contains("application/json"));
			JsonNode instance = own();
			assertThat(instance.propertyNames()).containsExactly("id", "application", "host", "pid", "version",
					"startedAt", "lastHeartbeat", "queues");
			assertThat(instance.get("id").asString()).isEqualTo(this.engine.instanceId().orElseThrow());
			assertThat(instance.get("application").asString()).isEqualTo("instances-test");
			assertThat(instance.get("host").asString()).isNotBlank();
			assertThat(instance.get("pid").isIntegralNumber()).isTrue();
			assertThat(instance.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
			assertThat(instance.get("version").asString()).isNotBlank();
			Instant startedAt = Instant.parse(instance.get("startedAt").asString());
			assertThat(Instant.parse(instance.get("lastHeartbeat").asString())).isAfterOrEqualTo(startedAt);
			JsonNode reports = instance.get("queues")
				.valueStream()
				.filter((queue) -> queue.get("queue").asString().equals("reports"))
				.findFirst()
				.orElseThrow();
			assertThat(reports.propertyNames()).containsExactly("queue", "concurrency", "running");
			assertThat(queuesOf(instance)).containsOnlyKeys("default", "reports", "pausable", "metered");
		}
		finally {
			WebTestApplication.Gates.open(gate);
			WebTestApplication.Gates.open(gate + "-finish");
		}
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
		await().untilAsserted(() -> assertThat(queuesOf(own())).containsEntry("reports", List.of(5, 0)));
	}

	@Test
	void listsAnotherEngineSharingTheBackendWhileItRuns() {
		TaskEngine other = TaskEngine.builder()
			.backend(this.backend)
			.applicationName("other-app")
			.settings(
					EngineSettings.defaults().withConcurrency(2, Map.of()).withShutdownTimeout(Duration.ofMillis(200)))
			.handler(HandlerDefinition.of("other-job", "others", (payload, context) -> null))
			.build();
		other.start();
		try {
			String otherId = other.instanceId().orElseThrow();
			await().untilAsserted(() -> assertThat(instances()).extracting((node) -> node.get("id").asString())
				.containsExactly(this.engine.instanceId().orElseThrow(), otherId));
			JsonNode listed = instances().get(1);
			assertThat(listed.get("application").asString()).isEqualTo("other-app");
			assertThat(queuesOf(listed)).containsExactly(Map.entry("others", List.of(2, 0)));
		}
		finally {
			other.stop();
		}

		assertThat(instances()).extracting((node) -> node.get("id").asString())
			.containsExactly(this.engine.instanceId().orElseThrow());
	}

	private List<JsonNode> instances() {
		Response response = this.api.get("/instances");
		assertThat(response.status()).isEqualTo(200);
		return new ArrayList<>(response.json().valueStream().toList());
	}

	private JsonNode own() {
		String id = this.engine.instanceId().orElseThrow();
		return instances().stream()
			.filter((node) -> node.get("id").asString().equals(id))
			.findFirst()
			.orElseThrow(() -> new AssertionError("instance " + id + " is not listed"));
	}

	/** Queue name to {@code [concurrency, running]}. */
	private static Map<String, List<Integer>> queuesOf(JsonNode instance) {
		Map<String, List<Integer>> queues = new LinkedHashMap<>();
		instance.get("queues")
			.valueStream()
			.forEach((queue) -> queues.put(queue.get("queue").asString(),
					List.of(queue.get("concurrency").asInt(), queue.get("running").asInt())));
		return queues;
	}

}
