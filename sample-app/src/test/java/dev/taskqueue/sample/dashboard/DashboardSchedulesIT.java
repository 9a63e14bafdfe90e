package dev.taskqueue.sample.dashboard;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import dev.taskqueue.sample.Chromium;
import dev.taskqueue.sample.ChromiumExtension;
import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.sample.SampleClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's schedules view in a real headless Chromium, with writes enabled, under
 * {@code Content-Security-Policy: default-src 'self'}: the sample's
 * {@code nightly-report} (declared with {@code @Recurring}) listed, paused, resumed and
 * run now, and a schedule made over REST showing up live and removed after confirmation.
 */
@SampleAppTest
@Import(ContentSecurityPolicyConfiguration.class)
@DirtiesContext
class DashboardSchedulesIT {

	private static final String NIGHTLY = "#schedules tr[data-schedule='nightly-report']";

	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension();

	@LocalServerPort
	private int port;

	@AfterEach
	void nightlyReportRunsAndNoPolicyViolations() {
		if (schedule("nightly-report").path("paused").asBoolean()) {
			api().post("/api/tasks/schedules/nightly-report/resume", null);
		}
		assertThat(Chromium.policyViolations(Chromium.consoleMessages(chromium.driver())))
			.as("Content-Security-Policy violations in the browser's console")
			.isEmpty();
	}

	@Test
	void theNightlyReportIsListedWithItsTriggerAndNextDueTime() {
		Instant nextDueAt = Instant.parse(schedule("nightly-report").path("nextDueAt").asString());
		assertThat(nextDueAt.atZone(ZoneId.of("Europe/Paris")).toLocalTime()).isEqualTo(LocalTime.of(2, 0));
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/schedules");

		// the row is redrawn when the event stream opens: each look is a wait, or one
		// script
		assertThat(dashboard.find("[data-nav='schedules']").getDomAttribute("aria-current")).isEqualTo("page");
		dashboard.awaitText(NIGHTLY + " th", "nightly-report (in code)");
		dashboard.awaitText(NIGHTLY + " td[data-label='type']", "generate-report");
		dashboard.awaitText(NIGHTLY + " td[data-label='queue']", "reports");
		dashboard.awaitText(NIGHTLY + " [data-trigger]", "0 0 2 * * * Europe/Paris");
		dashboard.awaitText(NIGHTLY + " td[data-label='state'] .badge", "scheduled");
		dashboard.awaitText(NIGHTLY + " [data-next-due]", (text) -> text.matches("(?s).*in \\d+[smhd].*"),
				"the time until the next run");
		@SuppressWarnings("unchecked")
		List<String> next = (List<String>) dashboard.script("const time = document.querySelector(arguments[0]); "
				+ "return [time.getAttribute('datetime'), time.textContent, "
				+ "Intl.DateTimeFormat().resolvedOptions().timeZone]", NIGHTLY + " [data-next-due] time");
		assertThat(Instant.parse(next.get(0))).isEqualTo(nextDueAt);
		// written in the browser's own zone
		assertThat(next.get(1)).isEqualTo(LOCAL_TIME.format(nextDueAt.atZone(ZoneId.of(next.get(2)))));
		assertThat(dashboard.texts(NIGHTLY + " button")).containsExactly("Pause", "Run now", "Remove");
		Chromium.screenshot(chromium.driver(), "dashboard-schedules");
	}

	@Test
	void theNightlyReportIsPausedAndResumed() {
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/schedules");

		dashboard.click(NIGHTLY + " [data-action='pause']");

		dashboard.awaitText(NIGHTLY + " td[data-label='state'] .badge", "paused");
		assertThat(dashboard.text("#notice")).contains("Paused schedule nightly-report");
		assertThat(schedule("nightly-report").path("paused").asBoolean()).as("paused over REST").isTrue();

		dashboard.click(NIGHTLY + " [data-action='resume']");

		dashboard.awaitText(NIGHTLY + " td[data-label='state'] .badge", "scheduled");
		assertThat(dashboard.text("#notice")).contains("Resumed schedule nightly-report");
		assertThat(schedule("nightly-report").path("paused").asBoolean()).as("paused over REST").isFalse();
	}

	@Test
	void runNowMakesATaskWhosePageIsReachedFromTheRow() {
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/schedules");
		long runs = schedule("nightly-report").path("runs").asLong();

		dashboard.click(NIGHTLY + " [data-action='trigger']");

		String notice = dashboard.awaitText("#notice", (text) -> text.contains("Schedule nightly-report made task "),
				"the run's outcome");
		String taskId = notice.replaceAll("(?s).*made task (\\S+).*", "$1");
		JsonNode schedule = schedule("nightly-report");
		assertThat(schedule.path("lastTaskId").asString()).isEqualTo(taskId);
		assertThat(schedule.path("runs").asLong()).isEqualTo(runs + 1);
		String link = NIGHTLY + " [data-last-run] a[href='#/task/" + taskId + "']";
		dashboard.waitFor(By.cssSelector(link));
		// the row follows the task's events to its end
		dashboard.awaitText(link, "completed");
		dashboard.awaitText(NIGHTLY + " [data-runs]", String.valueOf(runs + 1));

		dashboard.click(link);

		dashboard.awaitText("#task-id", taskId);
		dashboard.awaitText("#task-status", "completed");
		assertThat(dashboard.text("#task-fields [data-field='scheduleId']")).isEqualTo("nightly-report");
	}

	@Test
	void aScheduleMadeOverRestShowsUpLiveAndIsRemovedAfterConfirmation() {
		String id = "dashboard-doomed";
		String row = "#schedules tr[data-schedule='" + id + "']";
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/schedules");
		dashboard.script("window.stillThisPage = true");

		HttpResponse<String> created = api().put("/api/tasks/schedules/" + id,
				Map.of("type", "generate-report", "every", "90m", "startAt",
						Instant.now().plus(Duration.ofDays(1)).toString(), "payload", Map.of("rows", 1)));

		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		dashboard.waitFor(By.cssSelector(row));
		assertThat(dashboard.script("return window.stillThisPage")).as("no reload").isEqualTo(true);
		dashboard.awaitText(row + " [data-trigger]", (text) -> text.matches("(?s)every 1h 30m\\s+from .*"),
				"the interval and its start");
		dashboard.awaitText(row + " th", id);

		dashboard.click(row + " [data-action='remove']");
		assertThat(dashboard.find("#confirm").isDisplayed()).as("the confirmation dialog").isTrue();
		assertThat(dashboard.text("#confirm-text")).contains(id).contains("The tasks it made stay");
		dashboard.click("#confirm-cancel");
		assertThat(dashboard.find("#confirm").isDisplayed()).isFalse();
		assertThat(api().get("/api/tasks/schedules/" + id).statusCode()).as("kept when not confirmed").isEqualTo(200);

		dashboard.click(row + " [data-action='remove']");
		dashboard.click("#confirm-ok");

		dashboard.awaitText("#notice", (text) -> text.contains("Removed schedule " + id), "the removal's outcome");
		dashboard.wait(Duration.ofSeconds(30))
			.withMessage("the removed schedule's row to go")
			.until((driver) -> dashboard.findAll(row).isEmpty());
		assertThat(api().get("/api/tasks/schedules/" + id).statusCode()).isEqualTo(404);
		assertThat(dashboard.findAll(NIGHTLY)).as("the other schedules stay").hasSize(1);
	}

	private DashboardBrowser dashboard() {
		return new DashboardBrowser(chromium.driver(), this.port);
	}

	private SampleClient api() {
		return new SampleClient(this.port);
	}

	private JsonNode schedule(String id) {
		HttpResponse<String> response = api().get("/api/tasks/schedules/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return api().json(response);
	}

}
