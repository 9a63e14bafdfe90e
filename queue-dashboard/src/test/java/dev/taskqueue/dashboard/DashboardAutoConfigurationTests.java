package dev.taskqueue.dashboard;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.boot.web.TaskQueueWebAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the dashboard is and is not served, and which paths it refuses.
 */
class DashboardAutoConfigurationTests {

	private static final String ROUTES = "taskQueueDashboardRoutes";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class, TaskQueueWebAutoConfiguration.class,
				DashboardAutoConfiguration.class));

	@Test
	void servedWhereTheRestApiIs() {
		this.runner.run((context) -> {
			assertThat(context).hasBean(ROUTES);
			assertThat(context.getBean(DashboardProperties.class).getPath()).isEqualTo("/taskqueue");
		});
	}

	@Test
	void notServedWhenTurnedOff() {
		this.runner.withPropertyValues("taskqueue.dashboard.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTES));
	}

	@Test
	void notServedWithoutTheRestApi() {
		this.runner.withPropertyValues("taskqueue.web.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTES));
	}

	@Test
	void notServedOutsideAServletWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class,
					TaskQueueWebAutoConfiguration.class, DashboardAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTES));
	}

	@Test
	void notServedWithoutATaskQueue() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TaskQueueWebAutoConfiguration.class, DashboardAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ROUTES));
	}

	@Test
	void acceptsAnotherPath() {
		this.runner.withPropertyValues("taskqueue.dashboard.path=/ops/queue-ui")
			.run((context) -> assertThat(context).hasBean(ROUTES));
	}

	@Test
	void refusesAPathThatIsNoPlainPathNamingTheProperty() {
		for (String path : new String[] { "", "/", "taskqueue", "/taskqueue/", "/task queue", "/a/**", "/{x}",
				"//taskqueue", "/a/../b", "/t%41" }) {
			assertRefused(path, "must start with '/'");
		}
	}

	@Test
	void refusesAPathOverlappingTheRestApi() {
		for (String path : new String[] { "/api/tasks", "/api/tasks/ui", "/api" }) {
			assertRefused(path, "must not overlap the REST API's taskqueue.web.base-path (/api/tasks)");
		}
	}

	private void assertRefused(String path, String reason) {
		this.runner.withPropertyValues("taskqueue.dashboard.path=" + path).run((context) -> {
			assertThat(context).as(path).hasFailed();
			assertThat(context.getStartupFailure()).as(path)
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("taskqueue.dashboard.path")
				.hasMessageContaining(reason);
		});
	}

}
