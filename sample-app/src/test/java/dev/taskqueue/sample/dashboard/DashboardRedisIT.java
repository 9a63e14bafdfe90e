package dev.taskqueue.sample.dashboard;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.taskqueue.redis.RedisServerSupport;
import dev.taskqueue.sample.Chromium;
import dev.taskqueue.sample.ChromiumExtension;
import dev.taskqueue.sample.SampleAppTest;
import dev.taskqueue.sample.SampleClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard on the Redis backend (a redis-server of the tests' own): the overview's
 * counts follow the events that cross Redis, a report's page follows it to 100%, and the
 * schedules stored in Redis are listed.
 */
@SampleAppTest
@DirtiesContext
class DashboardRedisIT {

	@RegisterExtension
	static final ChromiumExtension chromium = new ChromiumExtension();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisServerSupport redis = RedisServerSupport.shared();
		registry.add("taskqueue.backend", () -> "redis");
		registry.add("taskqueue.redis.key-prefix", () -> "dashboard-it");
		registry.add("spring.data.redis.host", redis::host);
		registry.add("spring.data.redis.port", redis::port);
	}

	@Test
	void theOverviewIsLiveAndAReportReaches100PercentOnRedis() {
		SampleClient api = new SampleClient(this.port);
		DashboardBrowser dashboard = new DashboardBrowser(chromium.driver(), this.port);
		dashboard.open("/");
		String delayed = "#queues td[data-queue='reports'][data-status='delayed']";
		long before = dashboard.count(delayed);

		String waiting = api
			.json(api.post("/api/tasks",
					Map.of("type", "generate-report", "payload", Map.of("rows", 1), "delay", "1h")))
			.path("id")
			.asString();
		dashboard.awaitText(delayed, (text) -> text.equals(String.valueOf(before + 1)),
				"the delayed count of reports to become " + (before + 1));
		Chromium.screenshot(chromium.driver(), "dashboard-overview-redis");

		String id = api.enqueue("generate-report", Map.of("rows", 1000, "delayMillisPerChunk", 40));
		dashboard.open("/task/" + id);
		dashboard.wait(Duration.ofSeconds(30)).withMessage("the progress bar to be under way").until((driver) -> {
			int value = Integer.parseInt(dashboard.find("#task-progress").getDomProperty("value"));
			return value > 0 && value < 100;
		});
		dashboard.awaitText("#task-status", "completed");
		assertThat(dashboard.text("#task-percent")).isEqualTo("100%");
		assertThat(dashboard.findAll("#timeline li[data-event='progress']")).hasSizeGreaterThan(1);
		api.post("/api/tasks/" + waiting + "/cancel", null);

		dashboard.open("/schedules");
		dashboard.awaitText("#schedules tr[data-schedule='nightly-report'] [data-trigger]", "0 0 2 * * * Europe/Paris");
		assertThat(Chromium.policyViolations(Chromium.consoleMessages(chromium.driver()))).isEmpty();
	}

}
