package dev.taskqueue.sample.dashboard;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import dev.taskqueue.sample.Chromium;
import dev.taskqueue.sample.ChromiumExtension;
import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.sample.SampleClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard of the sample app in a real headless Chromium, with writes enabled, under
 * the application's {@code Content-Security-Policy: default-src 'self'}: after each test
 * the browser's console must hold no policy violation.
 */
@SampleAppTest
@Import(ContentSecurityPolicyConfiguration.class)
@DirtiesContext
class DashboardIT {

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension();

	/** Set by the test that makes a violation on purpose. */
	private boolean violationExpected;

	@LocalServerPort
	private int port;

	@AfterEach
	void noPolicyViolations() {
		List<String> messages = Chromium.consoleMessages(chromium.driver());
		if (this.violationExpected) {
			return;
		}
		assertThat(Chromium.policyViolations(messages))
			.as("Content-Security-Policy violations in the browser's console")
			.isEmpty();
	}

	private DashboardBrowser dashboard() {
		return new DashboardBrowser(chromium.driver(), this.port);
	}

	private SampleClient api() {
		return new SampleClient(this.port);
	}

	@Test
	void theOverviewListsTheQueuesAndItsCountsChangeWithoutAReload() {
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/");
		assertThat(dashboard.attributes("#queues tbody tr", "data-queue")).contains("emails", "images", "reports",
				"webhooks");
		String delayed = "#queues td[data-queue='reports'][data-status='delayed']";
		long before = dashboard.count(delayed);
		dashboard.script("window.stillThisPage = true");

		String id = enqueueDelayedReport();

		dashboard.awaitText(delayed, (text) -> text.equals(String.valueOf(before + 1)),
				"the delayed count of reports to become " + (before + 1));
		assertThat(dashboard.script("return window.stillThisPage")).as("no reload").isEqualTo(true);
		assertThat(dashboard.find("#api-link").getDomAttribute("href")).isEqualTo("/api/tasks/openapi.json");
		String chart = "[data-chart-queue='reports'] .chart-body";
		dashboard.waitFor(By.cssSelector(chart + "[data-chart]"));
		assertThat(dashboard.findAll(chart + " canvas")).as("the throughput chart").isNotEmpty();
		int concurrency = 0;
		for (JsonNode instance : api().json(api().get("/api/tasks/instances"))) {
			for (JsonNode worker : instance.path("queues")) {
				if (worker.path("queue").asString().equals("reports")) {
					concurrency += worker.path("concurrency").asInt();
				}
			}
		}
		assertThat(concurrency).as("the reports queue's concurrency on this instance").isPositive();
		dashboard.awaitText("[data-concurrency='reports']", String.valueOf(concurrency));
		Chromium.screenshot(chromium.driver(), "dashboard-overview");
		api().post("/api/tasks/" + id + "/cancel", null);
	}

	@Test
	void aReportsProgressBarMovesTo100PercentOnItsTaskPage() {
		String id = api().enqueue("generate-report", Map.of("rows", 1500, "delayMillisPerChunk", 40));
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/task/" + id);

		dashboard.wait(Duration.ofSeconds(30)).withMessage("the progress bar to be under way").until((driver) -> {
			int value = Integer.parseInt(dashboard.find("#task-progress").getDomProperty("value"));
			return value > 0 && value < 100;
		});
		Chromium.screenshot(chromium.driver(), "dashboard-task");
		dashboard.awaitText("#task-status", "completed");

		assertThat(dashboard.find("#task-progress").getDomProperty("value")).isEqualTo("100");
		assertThat(dashboard.text("#task-percent")).isEqualTo("100%");
		assertThat(dashboard.text("#task-message")).isEqualTo("row 1500 of 1500");
		assertThat(dashboard.findAll("#timeline li[data-event='progress']")).hasSizeGreaterThan(1);
		assertThat(dashboard.findAll("#timeline li[data-event='completed']")).hasSize(1);
		assertThat(dashboard.text("#task-result")).contains("\"rows\": 1500");
	}

	@Test
	void aFailedTaskIsRetriedFromItsPage() {
		String id = failedWebhook();
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/task/" + id);
		dashboard.awaitText("#task-status", "failed");
		assertThat(dashboard.text("#error-message")).contains("503");
		Chromium.screenshot(chromium.driver(), "dashboard-failed-task");

		dashboard.click("#task-actions [data-action='retry']");

		dashboard.awaitText("#notice", (text) -> text.contains("Retried task " + id), "the retry's outcome");
		dashboard.awaitText("#task-status", "completed");
		assertThat(api().task(id).path("status").asString()).isEqualTo("completed");
	}

	@Test
	void retryAllFailedRetriesEveryFailedTaskOfTheQueueAfterConfirmation() {
		List<String> ids = List.of(failedWebhook(), failedWebhook());
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/queue/webhooks");

		dashboard.click("#queue-actions [data-action='retry-all']");
		assertThat(dashboard.find("#confirm").isDisplayed()).as("the confirmation dialog").isTrue();
		assertThat(dashboard.text("#confirm-text")).contains("webhooks");
		dashboard.click("#confirm-ok");

		String notice = dashboard.awaitText("#notice",
				(text) -> text.matches("(?s)Retried (\\d+) of \\1 failed tasks.*"), "the retry-all's outcome");
		assertThat(Integer.parseInt(notice.replaceAll("(?s)Retried (\\d+) of.*", "$1"))).isGreaterThanOrEqualTo(2);
		for (String id : ids) {
			api().awaitCompleted(id);
		}
	}

	@Test
	void aCancelledConfirmationChangesNothing() {
		String id = enqueueDelayedReport();
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/queue/reports");

		dashboard.click("#queue-actions [data-action='drain']");
		assertThat(dashboard.find("#confirm").isDisplayed()).isTrue();
		dashboard.click("#confirm-cancel");

		assertThat(dashboard.find("#confirm").isDisplayed()).isFalse();
		assertThat(dashboard.find("#notice").isDisplayed()).isFalse();
		assertThat(api().task(id).path("status").asString()).isEqualTo("delayed");
		api().post("/api/tasks/" + id + "/cancel", null);
	}

	@Test
	void aQueueIsPausedAndResumedFromTheOverview() {
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/");

		dashboard.click("[data-action='pause-emails']");
		dashboard.awaitText("#queues tr[data-queue='emails'] .badge", "paused");
		assertThat(dashboard.text("#notice")).contains("Paused emails");
		assertThat(api().json(api().get("/api/tasks/stats")).path("queues").path("emails").path("paused").asBoolean())
			.isTrue();

		dashboard.click("[data-action='resume-emails']");
		dashboard.awaitText("#queues tr[data-queue='emails'] .badge", "running");
		assertThat(api().json(api().get("/api/tasks/stats")).path("queues").path("emails").path("paused").asBoolean())
			.isFalse();
	}

	@Test
	void theQueuePageFiltersPagesAndFindsById() {
		for (int i = 0; i < 55; i++) {
			assertThat(api()
				.post("/api/tasks", Map.of("type", "resize-image", "payload", Map.of("width", 10), "delay", "1h"))
				.statusCode()).isEqualTo(202);
		}
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/queue/images?status=delayed&type=resize-image");
		dashboard.awaitText("#queue-counts dd[data-status='delayed']", (text) -> Long.parseLong(text) >= 55,
				"55 delayed images");
		Set<String> first = taskIds(dashboard);
		assertThat(first).hasSize(50);
		assertThat(dashboard.count("#type-counts tr[data-type='resize-image'] td[data-status='delayed']"))
			.as("counts by type")
			.isGreaterThanOrEqualTo(55);
		Chromium.screenshot(chromium.driver(), "dashboard-queue");

		dashboard.click("#next-page");
		// the new view starts empty: wait for its rows
		dashboard.wait(Duration.ofSeconds(30)).until((driver) -> {
			Set<String> shown = taskIds(dashboard);
			return !shown.isEmpty() && !shown.equals(first);
		});
		Set<String> second = taskIds(dashboard);
		assertThat(second).isNotEmpty().doesNotContainAnyElementsOf(first);
		assertThat(dashboard.hash()).contains("cursor=");

		new Select(dashboard.find("#filter-status")).selectByValue("cancelled");
		dashboard.click("#filter button[type='submit']");
		dashboard.wait(Duration.ofSeconds(30))
			.until((driver) -> dashboard.hash().equals("#/queue/images?status=cancelled&type=resize-image"));

		String id = second.iterator().next();
		dashboard.find("#find-id").sendKeys(id);
		dashboard.click("#find button[type='submit']");
		dashboard.awaitText("#task-status", "delayed");
		assertThat(dashboard.text("#task-id")).isEqualTo(id);
		api().post("/api/tasks/queues/images/drain", null);
	}

	@Test
	void theInstancesPageShowsThisInstanceWithItsQueues() {
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/instances");

		assertThat(dashboard.findAll("#instances tbody tr")).as("this application's instance").hasSize(1);
		assertThat(dashboard.text("#instances tbody tr")).contains("reports");
		Chromium.screenshot(chromium.driver(), "dashboard-instances");
	}

	@Test
	void theApiLinkPointsAtTheOpenApiDocument() {
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/");
		assertThat(dashboard.find("#api-link").getDomAttribute("href")).isEqualTo("/api/tasks/openapi.json");

		HttpResponse<String> document = api().get("/api/tasks/openapi.json");
		assertThat(document.statusCode()).isEqualTo(200);
		assertThat(document.body()).contains("\"openapi\"");
	}

	@Test
	void everyViewIsReadableAt375PixelsWide() {
		String id = api().enqueue("generate-report", Map.of("rows", 5, "delayMillisPerChunk", 0));
		api().awaitCompleted(id);
		WebDriver.Window window = chromium.driver().manage().window();
		Dimension size = window.getSize();
		window.setSize(new Dimension(375, 812));
		try {
			DashboardBrowser dashboard = dashboard();
			for (String route : new String[] { "/", "/queue/reports", "/task/" + id, "/schedules", "/instances" }) {
				dashboard.open(route);
				assertThat((Long) dashboard.script("return window.innerWidth")).as(route).isLessThanOrEqualTo(400L);
				assertThat((Long) dashboard.script("return document.documentElement.scrollWidth"))
					.as("page width at %s", route)
					.isLessThanOrEqualTo((Long) dashboard.script("return window.innerWidth"));
				if (route.equals("/")) {
					Chromium.screenshot(chromium.driver(), "dashboard-overview-375");
				}
				if (route.equals("/schedules")) {
					Chromium.screenshot(chromium.driver(), "dashboard-schedules-375");
				}
			}
		}
		finally {
			window.setSize(size);
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void theKeyboardReachesAQueueAndFollowsItsLink() {
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/");
		List<Object> focused = List.of();
		for (int i = 0; i < 40; i++) {
			new Actions(chromium.driver()).sendKeys(Keys.TAB).perform();
			// one look at the focused element: the table may be redrawn between two calls
			focused = (List<Object>) dashboard.script("const e = document.activeElement; return [e.tagName, "
					+ "e.textContent, getComputedStyle(e).outlineStyle, e.closest('#queues') !== null]");
			if ("A".equals(focused.get(0)) && "reports".equals(focused.get(1)) && Boolean.TRUE.equals(focused.get(3))) {
				break;
			}
		}
		assertThat(focused).as("the queue's link, reached with Tab").startsWith("A", "reports", "solid", true);

		new Actions(chromium.driver()).sendKeys(Keys.ENTER).perform();

		dashboard.wait(Duration.ofSeconds(30)).until((driver) -> dashboard.hash().equals("#/queue/reports"));
		assertThat(dashboard.script("return document.activeElement.tagName"))
			.as("the focus moves to the new view's heading")
			.isEqualTo("H1");
	}

	@Test
	void theViolationCheckSeesAnInlineStyle() {
		HttpResponse<String> page = api().get("/taskqueue/");
		assertThat(page.headers().allValues("Content-Security-Policy"))
			.contains(ContentSecurityPolicyConfiguration.POLICY);
		DashboardBrowser dashboard = dashboard();
		dashboard.open("/");
		this.violationExpected = true;

		dashboard.script("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')");

		dashboard.wait(Duration.ofSeconds(10))
			.withMessage("a policy violation in the console")
			.until((driver) -> !Chromium.policyViolations(Chromium.consoleMessages(chromium.driver())).isEmpty());
	}

	private String enqueueDelayedReport() {
		HttpResponse<String> response = api().post("/api/tasks",
				Map.of("type", "generate-report", "payload", Map.of("rows", 1), "delay", "1h"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		return api().json(response).path("id").asString();
	}

	/** A webhook whose five attempts are refused: failed, and completed when retried. */
	private String failedWebhook() {
		HttpResponse<String> response = api().post("/demo/webhook?failFirst=5", null);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		String id = api().json(response).path("id").asString();
		assertThat(api().awaitFinal(id).path("status").asString()).isEqualTo("failed");
		return id;
	}

	private static Set<String> taskIds(DashboardBrowser dashboard) {
		return dashboard.findAll("#tasks tbody tr[data-task-id]")
			.stream()
			.map((row) -> row.getDomAttribute("data-task-id"))
			.collect(Collectors.toSet());
	}

}
