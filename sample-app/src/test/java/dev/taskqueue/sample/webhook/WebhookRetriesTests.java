package dev.taskqueue.sample.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.sample.SampleClient;
import dev.taskqueue.test.TaskQueueTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A controller that enqueues and a handler that retries, tested with the
 * {@link TaskQueueTester} and workers off: every attempt runs on the test's thread when
 * the test says so, and the backoff between attempts passes by moving the clock, not by
 * waiting. (The README's example.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "taskqueue.worker.enabled=false")
@ActiveProfiles("test")
class WebhookRetriesTests {

	@LocalServerPort
	int port;

	@Autowired
	TaskQueueTester tester;

	@Test
	void demoEndpointEnqueuesAWebhookThatSucceedsOnItsThirdAttempt() {
		SampleClient client = new SampleClient(this.port);

		// the controller enqueues and answers 202; nothing has run yet
		var response = client.post("/demo/webhook?failFirst=2", null);
		assertThat(response.statusCode()).isEqualTo(202);
		String id = client.json(response).path("id").asString();
		Task enqueued = this.tester.assertThat()
			.hasEnqueued("deliver-webhook")
			.inQueue("webhooks")
			.withStatus(TaskStatus.WAITING)
			.single();
		assertThat(enqueued.id()).isEqualTo(id);

		// first attempt, on this thread: the receiver answers 503, so the task retries
		assertThat(this.tester.runDue()).singleElement().satisfies((task) -> {
			assertThat(task.status()).isEqualTo(TaskStatus.RETRYING);
			assertThat(task.error().message()).contains("answered 503");
		});
		// the retry is not due before its backoff has passed
		assertThat(this.tester.runDue()).isEmpty();

		// second attempt fails too; the third succeeds
		this.tester.advanceClock(Duration.ofMinutes(1));
		assertThat(this.tester.runDue()).extracting(Task::status).containsExactly(TaskStatus.RETRYING);
		this.tester.advanceClock(Duration.ofMinutes(1));
		assertThat(this.tester.runDue()).singleElement().satisfies((task) -> {
			assertThat(task.status()).isEqualTo(TaskStatus.COMPLETED);
			assertThat(task.attempts()).isEqualTo(3);
			assertThat(task.result().path("statusCode").asInt()).isEqualTo(200);
		});
		this.tester.assertThat().noFailedTasks();
	}

	@Test
	void failsAfterFiveAttemptsWhenTheReceiverKeepsRefusing() {
		SampleClient client = new SampleClient(this.port);
		String key = UUID.randomUUID().toString();
		String url = client.baseUrl() + "/demo/webhook-receiver/" + key + "?failFirst=100";
		String id = client.enqueue("deliver-webhook", Map.of("url", url, "body", Map.of("n", 1)));

		for (int attempt = 1; attempt <= 5; attempt++) {
			assertThat(this.tester.runDue()).extracting(Task::attempts).containsExactly(attempt);
			this.tester.advanceClock(Duration.ofMinutes(1));
		}

		assertThat(this.tester.runDue()).as("no sixth attempt").isEmpty();
		JsonNode task = client.task(id);
		assertThat(task.path("status").asString()).isEqualTo("failed");
		assertThat(task.path("error").path("message").asString()).contains("answered 503");
		JsonNode inbox = client.json(client.get("/demo/webhook-receiver/" + key));
		assertThat(inbox.path("calls").asInt()).isEqualTo(5);
	}

}
