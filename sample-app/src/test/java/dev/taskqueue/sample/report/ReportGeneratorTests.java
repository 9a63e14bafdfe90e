package dev.taskqueue.sample.report;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.sample.SampleClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SampleAppTest
class ReportGeneratorTests {

	private static final Path REPORTS = Path.of("target/test-data/reports");

	@LocalServerPort
	private int port;

	private SampleClient client;

	@BeforeEach
	void client() {
		this.client = new SampleClient(this.port);
	}

	@Test
	void writesACsvWithOneRowPerPaymentAndEndsAtFullProgress() throws Exception {
		var response = this.client.post("/demo/report?rows=240&delayMillisPerChunk=0", null);
		assertThat(response.statusCode()).isEqualTo(202);
		String id = this.client.json(response).path("id").asString();

		JsonNode task = this.client.awaitCompleted(id);

		JsonNode result = task.path("result");
		assertThat(result.path("rows").asInt()).isEqualTo(240);
		Path csv = Path.of(result.path("file").asString());
		List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		assertThat(lines).hasSize(241).first().isEqualTo("month,payment,principal,interest,balance");
		assertThat(lines.get(240)).startsWith("240,").endsWith(",0.00");
		BigDecimal principalPaid = lines.stream()
			.skip(1)
			.map((line) -> new BigDecimal(line.split(",")[2]))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(principalPaid).isEqualByComparingTo("250000.00");
		assertThat(result.path("bytes").asLong()).isEqualTo(Files.size(csv));
		JsonNode progress = task.path("progress");
		assertThat(progress.path("percentage").asInt()).isEqualTo(100);
		assertThat(progress.path("current").asLong()).isEqualTo(240);
		assertThat(progress.path("total").asLong()).isEqualTo(240);
		assertThat(progress.path("message").asString()).isEqualTo("row 240 of 240");

		var download = this.client.getBytes(result.path("downloadUrl").asString());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> type.startsWith("text/csv"));
		assertThat(download.body()).isEqualTo(Files.readAllBytes(csv));
	}

	@Test
	void reportsProgressWhileRunningAndStopsWithoutAFileWhenCancelled() throws Exception {
		String id = this.client.json(this.client.post("/demo/report?rows=100000&delayMillisPerChunk=100", null))
			.path("id")
			.asString();

		JsonNode running = await().atMost(Duration.ofSeconds(20))
			.until(() -> this.client.task(id), (task) -> task.path("progress").path("current").asLong() >= 40);
		assertThat(running.path("status").asString()).isEqualTo("active");
		assertThat(running.path("progress").path("total").asLong()).isEqualTo(100000);
		assertThat(running.path("progress").path("percentage").asInt()).isBetween(0, 99);
		assertThat(running.path("progress").path("message").asString()).matches("row \\d+ of 100000");

		var cancel = this.client.post("/api/tasks/" + id + "/cancel", null);
		assertThat(cancel.statusCode()).isEqualTo(200);

		assertThat(this.client.awaitFinal(id).path("status").asString()).isEqualTo("cancelled");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(filesOf(id)).isEmpty());
	}

	@Test
	void aNightlyReportIsScheduledAndCanBeTriggeredNow() {
		JsonNode schedule = this.client.json(this.client.get("/api/tasks/schedules/nightly-report"));
		assertThat(schedule.path("cron").asString()).isEqualTo("0 0 2 * * *");
		assertThat(schedule.path("zone").asString()).isEqualTo("Europe/Paris");
		assertThat(schedule.path("declared").asBoolean()).isTrue();
		assertThat(schedule.path("queue").asString()).isEqualTo("reports");

		var triggered = this.client.post("/api/tasks/schedules/nightly-report/trigger", null);

		assertThat(triggered.statusCode()).as(triggered.body()).isEqualTo(202);
		String id = this.client.json(triggered).path("id").asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "completed".equals(this.client.task(id).path("status").asString()));
		JsonNode task = this.client.task(id);
		assertThat(task.path("scheduleId").asString()).isEqualTo("nightly-report");
		assertThat(task.path("result").path("rows").asInt()).isEqualTo(120);
	}

	@Test
	void rejectsAReportWithoutRows() {
		var response = this.client.post("/demo/report?rows=0", null);

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.client.json(response).path("detail").asString()).contains("rows must be between 1 and");
	}

	@Test
	void servesNoFileOutsideTheReportsFolder() {
		assertThat(this.client.get("/demo/reports/..%2Fpom.xml").statusCode()).isIn(400, 404);
		assertThat(this.client.get("/demo/reports/report-UNKNOWN.csv").statusCode()).isEqualTo(404);
	}

	private static List<Path> filesOf(String id) throws Exception {
		if (!Files.isDirectory(REPORTS)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(REPORTS)) {
			return files.filter((file) -> file.getFileName().toString().contains(id)).toList();
		}
	}

}
