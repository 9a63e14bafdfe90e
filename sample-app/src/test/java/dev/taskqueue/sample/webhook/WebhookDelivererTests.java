package dev.taskqueue.sample.webhook;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.sample.SampleClient;

import static org.assertj.core.api.Assertions.assertThat;

@SampleAppTest
class WebhookDelivererTests {

	@LocalServerPort
	private int port;

	private SampleClient client;

	@BeforeEach
	void client() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void postsTheJsonBodyToTheReceiver() {
		String key = UUID.randomUUID().toString();
		String id = this.client.enqueue("deliver-webhook",
				Map.of("url", receiver(key, 0), "event", "order.paid", "body", Map.of("order", 42, "total", "19.90")));

		JsonNode task = this.client.awaitCompleted(id);

		assertThat(task.path("attempts").asInt()).isEqualTo(1);
		assertThat(task.path("result").path("statusCode").asInt()).isEqualTo(200);
		JsonNode inbox = inbox(key);
		assertThat(inbox.path("calls").asInt()).isEqualTo(1);
		JsonNode delivery = inbox.path("accepted").path(0);
		assertThat(delivery.path("body").path("order").asInt()).isEqualTo(42);
		assertThat(delivery.path("body").path("total").asString()).isEqualTo("19.90");
		assertThat(delivery.path("event").asString()).isEqualTo("order.paid");
		assertThat(delivery.path("idempotencyKey").asString()).isEqualTo(id);
	}

	@Test
	void retriesWhenTheReceiverRefusesTheFirstCall() {
		String key = UUID.randomUUID().toString();
		String id = this.client.enqueue("deliver-webhook", Map.of("url", receiver(key, 1), "body", Map.of("n", 1)));

		JsonNode task = this.client.awaitCompleted(id);

		assertThat(task.path("attempts").asInt()).isEqualTo(2);
		assertThat(task.path("result").path("attempt").asInt()).isEqualTo(2);
		JsonNode inbox = inbox(key);
		assertThat(inbox.path("calls").asInt()).isEqualTo(2);
		assertThat(inbox.path("accepted")).hasSize(1);
		assertThat(inbox.path("accepted").path(0).path("call").asInt()).isEqualTo(2);
	}

	private String receiver(String key, int failFirst) {
		return this.client.baseUrl() + "/demo/webhook-receiver/" + key + "?failFirst=" + failFirst;
	}

	private JsonNode inbox(String key) {
		var response = this.client.get("/demo/webhook-receiver/" + key);
		assertThat(response.statusCode()).isEqualTo(200);
		return this.client.json(response);
	}

}
