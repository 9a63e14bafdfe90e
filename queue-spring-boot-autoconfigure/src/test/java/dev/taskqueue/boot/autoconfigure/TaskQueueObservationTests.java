package dev.taskqueue.boot.autoconfigure;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.observation.DefaultTaskEnqueueObservationConvention;
import dev.taskqueue.observation.DefaultTaskProcessObservationConvention;
import dev.taskqueue.observation.TaskEnqueueContext;
import dev.taskqueue.observation.TaskEnqueueObservationConvention;
import dev.taskqueue.observation.TaskProcessContext;
import dev.taskqueue.observation.TaskProcessObservationConvention;

import static org.awaitility.Awaitility.await;

/**
 * The engine observes through the application's {@code ObservationRegistry}, with the
 * application's conventions when it defines them.
 */
class TaskQueueObservationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TaskQueueAutoConfiguration.class))
		.withBean(TestObservationRegistry.class, TestObservationRegistry::create);

	@Test
	void enqueuesAndRunsAreObservedThroughTheApplicationsRegistry() {
		this.runner.run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			engine.register(HandlerDefinition.of("observed", "work", (payload, ctx) -> null));

			String id = engine.enqueue("observed", null);

			await().until(() -> engine.get(id).orElseThrow().status() == TaskStatus.COMPLETED);
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo(DefaultTaskEnqueueObservationConvention.NAME)
				.that()
				.hasLowCardinalityKeyValue("taskqueue.queue", "work")
				.hasLowCardinalityKeyValue("outcome", "created")
				.hasHighCardinalityKeyValue("taskqueue.task.id", id);
			await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo(DefaultTaskProcessObservationConvention.NAME)
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("outcome", "completed"));
		});
	}

	@Test
	void conventionBeansNameTheObservations() {
		this.runner.withUserConfiguration(Conventions.class).run((context) -> {
			TaskEngine engine = context.getBean(TaskEngine.class);
			engine.register(HandlerDefinition.of("named", "work", (payload, ctx) -> null));

			String id = engine.enqueue("named", null);

			await().until(() -> engine.get(id).orElseThrow().status() == TaskStatus.COMPLETED);
			TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
			TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo("orders.enqueue")
				.that()
				.hasContextualNameEqualTo("queue named");
			await().untilAsserted(() -> TestObservationRegistryAssert.assertThat(registry)
				.hasObservationWithNameEqualTo("orders.process")
				.that()
				.hasBeenStopped());
			TestObservationRegistryAssert.assertThat(registry)
				.hasNumberOfObservationsWithNameEqualTo(DefaultTaskEnqueueObservationConvention.NAME, 0)
				.hasNumberOfObservationsWithNameEqualTo(DefaultTaskProcessObservationConvention.NAME, 0);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Conventions {

		@Bean
		TaskEnqueueObservationConvention enqueueConvention() {
			return new DefaultTaskEnqueueObservationConvention() {

				@Override
				public String getName() {
					return "orders.enqueue";
				}

				@Override
				public String getContextualName(TaskEnqueueContext context) {
					return "queue " + context.getType();
				}

			};
		}

		@Bean
		TaskProcessObservationConvention processConvention() {
			return new DefaultTaskProcessObservationConvention() {

				@Override
				public String getName() {
					return "orders.process";
				}

				@Override
				public String getContextualName(TaskProcessContext context) {
					return "run " + context.getTask().type();
				}

			};
		}

	}

}
