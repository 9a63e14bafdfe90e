package dev.taskqueue.boot.web;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.taskqueue.boot.web.RawHttp.Answer;
import dev.taskqueue.redis.RedisServerSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The REST API of an application on Redis while Redis is down: every request that needs
 * Redis answers 503 with a problem detail and {@code Retry-After} within the command
 * timeout, requests that do not (a malformed body, an unknown path) answer as usual, no
 * request logs an ERROR, and the API serves again once Redis is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisApiOutageIT {

	private RedisServerSupport server;

	private ConfigurableApplicationContext context;

	@AfterEach
	void tearDown() {
		if (this.context != null) {
			this.context.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void requestsDuringAnOutageAnswer503AndTheApiServesAgainAfter(CapturedOutput output) {
		this.server = RedisServerSupport.startOwn(true);
		this.context = new SpringApplicationBuilder(WebTestApplication.class)
			.properties("server.port=0", "taskqueue.backend=redis", "spring.data.redis.host=" + this.server.host(),
					"spring.data.redis.port=" + this.server.port(), "taskqueue.redis.key-prefix=api-outage",
					WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN,
					"taskqueue.redis.command-timeout=2s")
			.run();
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		ApiClient api = new ApiClient(port);
		RawHttp raw = new RawHttp(port);
		String id = api.enqueue("{\"type\": \"echo\", \"payload\": 1}");
		await().untilAsserted(() -> assertThat(api.status(id)).isEqualTo("completed"));
		int errorsBefore = errors(output);

		this.server.stop();
		for (String[] request : new String[][] { { "GET", "/api/tasks/stats" }, { "GET", "/api/tasks/" + id },
				{ "GET", "/api/tasks?limit=5" }, { "POST", "/api/tasks/queues/default/pause" } }) {
			long start = System.nanoTime();
			JsonNode problem = TaskApiHostileInputTests.problem(raw.send(request[0], request[1], Map.of(), null, false),
					503);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("within the command timeout")
				.isLessThan(Duration.ofSeconds(4));
			assertThat(problem.get("title").asString()).isEqualTo("Task queue unavailable");
			assertThat(problem.get("detail").asString()).contains("Redis");
		}
		Answer enqueue = raw.send("POST", "/api/tasks", Map.of("Content-Type", "application/json"),
				"{\"type\": \"echo\", \"payload\": 2}".getBytes(), false);
		TaskApiHostileInputTests.problem(enqueue, 503);
		assertThat(enqueue.headers().get("retry-after")).isEqualTo("5");
		TaskApiHostileInputTests.problem(raw.send("POST", "/api/tasks", Map.of("Content-Type", "application/json"),
				"{\"type\": ".getBytes(), false), 400);
		TaskApiHostileInputTests.problem(raw.send("GET", "/api/tasks/no/such/path", Map.of(), null, false), 404);
		assertThat(errors(output)).as("ERROR lines logged during the outage").isEqualTo(errorsBefore);

		this.server.start();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(api.get("/stats").status()).isEqualTo(200));
		assertThat(api.post("/queues/default/resume").status()).isEqualTo(200);
		String after = api.enqueue("{\"type\": \"echo\", \"payload\": 3}");
		await().untilAsserted(() -> assertThat(api.status(after)).isEqualTo("completed"));
	}

	private static int errors(CapturedOutput output) {
		return (int) output.getAll().lines().filter((line) -> line.contains(" ERROR ")).count();
	}

}
