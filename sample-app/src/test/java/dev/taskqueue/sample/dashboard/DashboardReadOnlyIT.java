package dev.taskqueue.sample.dashboard;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.sample.Chromium;
import dev.taskqueue.sample.ChromiumExtension;
import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.sample.report.ReportRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard with writes disabled ({@code taskqueue.web.operations-enabled=false}): no
 * action is offered, and a write forged from the page is refused.
 */
@SampleAppTest
@Import(ContentSecurityPolicyConfiguration.class)
@TestPropertySource(properties = "taskqueue.web.operations-enabled=false")
@DirtiesContext
class DashboardReadOnlyIT {

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension();

	@LocalServerPort
	private int port;

	@Autowired
	private TaskQueue taskQueue;

	@Test
	void noViewOffersAnAction() {
		String id = delayedReport();
		DashboardBrowser dashboard = new DashboardBrowser(chromium.driver(), this.port);
		for (String route : new String[] { "/", "/queue/reports", "/task/" + id, "/schedules" }) {
			dashboard.open(route);
			assertThat(dashboard.findAll("button[data-action]")).as(route).isEmpty();
			assertThat(dashboard.texts("#view button")).as("buttons at %s", route).isSubsetOf("Filter", "Open");
		}
		dashboard.open("/");
		assertThat(dashboard.text("#mode")).startsWith("Read only");
		assertThat(dashboard.texts("#queues thead th")).doesNotContain("Actions");
		dashboard.open("/schedules");
		dashboard.awaitText("#schedules tr[data-schedule='nightly-report'] [data-trigger]", "0 0 2 * * * Europe/Paris");
		assertThat(dashboard.texts("#schedules thead th")).contains("next due", "last run").doesNotContain("Actions");
		Chromium.screenshot(chromium.driver(), "dashboard-read-only");
		assertThat(Chromium.policyViolations(Chromium.consoleMessages(chromium.driver()))).isEmpty();
	}

	@Test
	void aWriteForgedFromThePageIsRefused() {
		String id = delayedReport();
		DashboardBrowser dashboard = new DashboardBrowser(chromium.driver(), this.port);
		dashboard.open("/task/" + id);

		@SuppressWarnings("unchecked")
		List<Object> answer = (List<Object>) dashboard.asyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/api/tasks/' + arguments[0] + '/cancel',
						{ method: 'POST', headers: { 'Content-Type': 'application/json' } })
					.then((response) => response.json().then((body) => done([response.status, body.detail])))
					.catch((error) => done([0, String(error)]));
				""", id);

		assertThat(answer.get(0)).isEqualTo(403L);
		assertThat((String) answer.get(1)).contains("taskqueue.web.operations-enabled");
		assertThat(this.taskQueue.get(id).orElseThrow().status().value()).isEqualTo("delayed");
		this.taskQueue.cancel(id);
	}

	private String delayedReport() {
		return this.taskQueue.enqueue("generate-report", new ReportRequest(1, null, null, null, 0L),
				TaskOptions.builder().delay(java.time.Duration.ofHours(1)).build());
	}

}
