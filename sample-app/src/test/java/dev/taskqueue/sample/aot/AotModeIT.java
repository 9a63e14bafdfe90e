package dev.taskqueue.sample.aot;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.taskqueue.sample.SampleApplication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app as the build's {@code spring-boot:process-aot} prepared it, run in a JVM
 * of its own with {@code -Dspring.aot.enabled=true}: it starts from the generated bean
 * definitions, its handlers run tasks enqueued over REST, its {@code @Recurring} schedule
 * is declared, and the dashboard is served.
 */
class AotModeIT {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final HttpClient http = HttpClient.newHttpClient();

	private Process process;

	@AfterEach
	void stop() throws InterruptedException {
		if (this.process != null) {
			this.process.toHandle().destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

	@Test
	void theAotProcessedApplicationRunsTasks(@TempDir Path dir) throws Exception {
		assertThat(Path.of("target/spring-aot/main/sources")).as("spring-boot:process-aot ran").isDirectory();
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		this.process = new ProcessBuilder(java.toString(), "-Dspring.aot.enabled=true", "-cp",
				System.getProperty("java.class.path"), SampleApplication.class.getName(), "--server.port=0",
				"--spring.main.banner-mode=off", "--sample.outbox-dir=" + dir.resolve("outbox"),
				"--sample.reports-dir=" + dir.resolve("reports"), "--sample.images-dir=" + dir.resolve("images"))
			.redirectErrorStream(true)
			.start();
		List<String> lines = new CopyOnWriteArrayList<>();
		BufferedReader output = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
		Thread reader = new Thread(() -> output.lines().forEach(lines::add), "aot-app-output");
		reader.setDaemon(true);
		reader.start();

		String port = await().atMost(Duration.ofSeconds(90))
			.failFast("the application exited: " + lines, () -> !this.process.isAlive())
			.until(() -> port(lines), Optional::isPresent)
			.orElseThrow();
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("Starting AOT-processed SampleApplication"));
		String base = "http://localhost:" + port;

		HttpResponse<String> enqueued = send(HttpRequest.newBuilder(URI.create(base + "/api/tasks"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"send-email\",\"payload\":"
					+ "{\"to\":[\"ada@example.com\"],\"subject\":\"AOT\",\"text\":\"hello\"}}")));
		assertThat(enqueued.statusCode()).as(enqueued.body()).isEqualTo(202);
		String id = enqueued.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> send(HttpRequest.newBuilder(URI.create(base + "/api/tasks/" + id))).body(),
					(body) -> body.contains("\"status\":\"completed\""));
		try (var files = Files.list(dir.resolve("outbox"))) {
			assertThat(files.count()).as("the handler wrote the email").isEqualTo(1);
		}

		assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/tasks/schedules"))).body())
			.contains("\"id\":\"nightly-report\"");
		HttpResponse<String> dashboard = send(HttpRequest.newBuilder(URI.create(base + "/taskqueue/")));
		assertThat(dashboard.statusCode()).isEqualTo(200);
		assertThat(dashboard.body()).contains("<html");
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
		return this.http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static Optional<String> port(List<String> lines) {
		for (String line : lines) {
			Matcher matcher = PORT.matcher(line);
			if (matcher.find()) {
				return Optional.of(matcher.group(1));
			}
		}
		return Optional.empty();
	}

}
