package dev.taskqueue.sample.email;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.sample.SampleClient;

import static org.assertj.core.api.Assertions.assertThat;

@SampleAppTest
class EmailSenderTests {

	@LocalServerPort
	private int port;

	private SampleClient client;

	@BeforeEach
	void client() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void writesAnEmlFileWithTheHeadersWhenNoSmtpServerIsConfigured() throws Exception {
		String id = this.client.enqueue("send-email", Map.of("to", List.of("ada@example.com", "bob@example.org"),
				"subject", "Quarterly report ✓", "text", "Hello Ada,\nthe report is ready."));

		JsonNode task = this.client.awaitCompleted(id);

		JsonNode receipt = task.path("result");
		assertThat(receipt.path("transport").asString()).isEqualTo("file");
		assertThat(receipt.path("messageId").asString()).isEqualTo("<" + id + "@sample.taskqueue.dev>");
		Path eml = Path.of(receipt.path("location").asString());
		assertThat(eml).isRegularFile().hasFileName(id + ".eml");
		String raw = Files.readString(eml, StandardCharsets.US_ASCII);
		// RFC 5322: CRLF line ends, headers then an empty line then the body
		List<String> headers = List.of(raw.substring(0, raw.indexOf("\r\n\r\n")).split("\r\n"));
		assertThat(headers)
			.contains("Message-ID: <" + id + "@sample.taskqueue.dev>",
					"From: Task Queue Sample <tasks@sample.taskqueue.dev>", "To: ada@example.com, bob@example.org",
					"MIME-Version: 1.0")
			.anyMatch((header) -> header.startsWith("Subject: =?UTF-8?"))
			.anyMatch((header) -> header.startsWith("Date: "));
		try (InputStream in = Files.newInputStream(eml)) {
			MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), in);
			assertThat(message.getSubject()).isEqualTo("Quarterly report ✓");
			assertThat(message.getRecipients(Message.RecipientType.TO)).extracting((a) -> (InternetAddress) a)
				.extracting(InternetAddress::getAddress)
				.containsExactly("ada@example.com", "bob@example.org");
			assertThat(message.getContent()).asString()
				.isEqualToNormalizingNewlines("Hello Ada,\nthe report is ready.");
		}
	}

	@Test
	void failsAfterThreeAttemptsWhenARecipientIsNotAnAddress() {
		String id = this.client.enqueue("send-email",
				Map.of("to", List.of("not an address"), "subject", "Hi", "text", "Hello"));

		JsonNode task = this.client.awaitFinal(id);

		assertThat(task.path("status").asString()).isEqualTo("failed");
		assertThat(task.path("attempts").asInt()).isEqualTo(3);
		assertThat(task.path("error").path("type").asString()).isEqualTo("jakarta.mail.internet.AddressException");
		assertThat(Path.of("target/test-data/outbox", id + ".eml")).doesNotExist();
	}

	@Test
	void demoEndpointEnqueuesAnEmailAndRejectsOneWithoutRecipients() {
		var accepted = this.client.post("/demo/email", Map.of("to", List.of("grace@example.com"), "subject", "Hi"));
		assertThat(accepted.statusCode()).isEqualTo(202);
		String id = this.client.json(accepted).path("id").asString();
		assertThat(accepted.headers().firstValue("Location")).hasValue("/api/tasks/" + id);
		JsonNode task = this.client.awaitCompleted(id);
		assertThat(task.path("priority").asInt()).isEqualTo(10);
		assertThat(Path.of(task.path("result").path("location").asString())).isRegularFile();

		var rejected = this.client.post("/demo/email", Map.of("subject", "nobody to send to"));
		assertThat(rejected.statusCode()).isEqualTo(400);
	}

}
