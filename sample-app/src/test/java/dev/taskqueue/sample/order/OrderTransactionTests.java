package dev.taskqueue.sample.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.test.TaskQueueTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's orders through a real port and the app's H2 database: a placed order's
 * receipt task is stored with it, a declined payment rolls back both the order and the
 * receipt task.
 */
@SampleAppTest
class OrderTransactionTests {

	@LocalServerPort
	int port;

	@Autowired
	TaskQueue taskQueue;

	@Autowired
	TaskQueueTester tester;

	@Autowired
	OrderService orders;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void aPlacedOrderHasItsReceiptTask() throws Exception {
		String item = "book-" + UUID.randomUUID();
		HttpResponse<String> response = post(item, false);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		String taskId = response.body().replaceAll(".*\"receiptTaskId\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		assertThat(this.taskQueue.get(taskId)).hasValueSatisfying(
				(task) -> assertThat(task.payload().get("subject").asString()).isEqualTo("Your order: " + item));
		assertThat(this.orders.orders()).extracting(Order::item).contains(item);
	}

	@Test
	void aDeclinedPaymentLeavesNeitherTheOrderNorItsReceipt() throws Exception {
		String item = "declined-" + UUID.randomUUID();
		HttpResponse<String> response = post(item, true);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(402);
		assertThat(this.orders.orders()).extracting(Order::item).doesNotContain(item);
		assertThat(this.tester.enqueued("send-email"))
			.noneSatisfy((task) -> assertThat(task.payload().toString()).contains(item));
	}

	@Test
	void aMissingOrOverlongFieldIsA400AndNoTask() throws Exception {
		int before = this.tester.enqueued("send-email").size();
		HttpResponse<String> missing = send("{\"item\":\"a book\"}");
		HttpResponse<String> overlong = send(
				"{\"email\":\"ada@example.com\",\"item\":\"%s\"}".formatted("x".repeat(100_000)));

		assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
		assertThat(missing.body()).contains("email must be 1 to 320 characters");
		assertThat(overlong.statusCode()).as(overlong.body()).isEqualTo(400);
		assertThat(overlong.body()).contains("item must be 1 to 200 characters");
		assertThat(this.tester.enqueued("send-email")).hasSize(before);
	}

	private HttpResponse<String> post(String item, boolean declinePayment) throws Exception {
		return send("{\"email\":\"ada@example.com\",\"item\":\"%s\",\"declinePayment\":%s}".formatted(item,
				declinePayment));
	}

	private HttpResponse<String> send(String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/demo/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
