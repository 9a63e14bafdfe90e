package dev.taskqueue.sample.email;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.sample.SampleClient;

import static org.assertj.core.api.Assertions.assertThat;

@SampleAppTest
class EmailSenderSmtpTests {

	private static final SmtpTestServer smtp = SmtpTestServer.start();

	@LocalServerPort
	private int port;

	private SampleClient client;

	@DynamicPropertySource
	static void smtpServer(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "localhost");
		registry.add("spring.mail.port", smtp::port);
	}

	@AfterAll
	static void stopSmtpServer() throws Exception {
		smtp.close();
	}

	@BeforeEach
	void client() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void sendsThroughSmtpWhenAMailHostIsConfigured() {
		String id = this.client.enqueue("send-email",
				Map.of("to", List.of("ada@example.com"), "subject", "Over SMTP", "text", "Hello over the wire"));

		JsonNode receipt = this.client.awaitCompleted(id).path("result");

		assertThat(receipt.path("transport").asString()).isEqualTo("smtp");
		assertThat(receipt.path("location").asString()).isEqualTo("smtp://localhost:" + smtp.port());
		assertThat(smtp.messages()).singleElement().satisfies((message) -> {
			assertThat(message.from()).isEqualTo("tasks@sample.taskqueue.dev");
			assertThat(message.recipients()).containsExactly("ada@example.com");
			assertThat(message.data()).contains("Message-ID: <" + id + "@sample.taskqueue.dev>\r\n")
				.contains("Subject: Over SMTP\r\n")
				.endsWith("\r\n\r\nHello over the wire\r\n");
		});
		assertThat(Path.of("target/test-data/outbox", id + ".eml")).doesNotExist();
	}

}
