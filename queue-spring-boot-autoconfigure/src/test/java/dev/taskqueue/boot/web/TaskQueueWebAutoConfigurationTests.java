package dev.taskqueue.boot.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.memory.InMemoryTaskBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the REST API is and is not served.
 */
class TaskQueueWebAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueWebAutoConfiguration.class));

	@Test
	void servesTheApiInAServletApplicationWithATaskQueue() {
		this.runner.withUserConfiguration(TaskQueueConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TaskController.class);
			assertThat(context).hasSingleBean(QueueController.class);
			assertThat(context).hasSingleBean(TaskEventController.class);
			assertThat(context).hasSingleBean(OpenApiController.class);
			assertThat(context).hasSingleBean(TaskQueueProblemHandler.class);
			assertThat(context).hasSingleBean(TaskEventStreams.class);
		});
	}

	@Test
	void servesTheApiOfTheAutoConfiguredTaskQueue() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TaskQueueWebAutoConfiguration.class, TaskQueueAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(TaskController.class);
				assertThat(context.getBean(TaskEventStreams.class)).isNotNull();
			});
	}

	@Test
	void invalidWebLimitsFailStartupNamingTheProperty() {
		for (String property : new String[] { "taskqueue.web.max-event-streams=0", "taskqueue.web.max-request-size=0B",
				"taskqueue.web.max-bulk-size=0" }) {
			this.runner.withUserConfiguration(TaskQueueConfiguration.class)
				.withPropertyValues(property)
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).rootCause()
						.isInstanceOf(InvalidConfigurationPropertyValueException.class)
						.hasMessageContaining(property.substring(0, property.indexOf('=')));
				});
		}
	}

	@Test
	void backsOffWhenDisabled() {
		this.runner.withUserConfiguration(TaskQueueConfiguration.class)
			.withPropertyValues("taskqueue.web.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskController.class)
				.doesNotHaveBean(TaskEventStreams.class));
	}

	@Test
	void backsOffWithoutATaskQueue() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(TaskController.class));
	}

	@Test
	void backsOffOutsideAWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TaskQueueWebAutoConfiguration.class))
			.withUserConfiguration(TaskQueueConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(TaskController.class));
	}

	@Test
	void keepsAnApplicationsOwnStreams() {
		this.runner.withUserConfiguration(TaskQueueConfiguration.class, CustomStreamsConfiguration.class)
			.run((context) -> assertThat(context.getBean(TaskEventStreams.class))
				.isSameAs(context.getBean(CustomStreamsConfiguration.class).streams));
	}

	@Configuration(proxyBeanMethods = false)
	static class TaskQueueConfiguration {

		@Bean
		TaskEngine taskEngine() {
			return TaskEngine.builder()
				.backend(new InMemoryTaskBackend())
				.handler(HandlerDefinition.of("echo", "default", (payload, context) -> payload))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomStreamsConfiguration {

		final TaskEventStreams streams;

		CustomStreamsConfiguration(TaskQueue taskQueue) {
			this.streams = new TaskEventStreams(taskQueue, java.time.Duration.ofSeconds(1));
		}

		@Bean
		TaskEventStreams customStreams() {
			return this.streams;
		}

	}

}
