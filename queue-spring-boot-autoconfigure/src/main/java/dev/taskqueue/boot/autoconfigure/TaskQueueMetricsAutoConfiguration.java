package dev.taskqueue.boot.autoconfigure;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.taskqueue.boot.metrics.TaskQueueMetrics;
import dev.taskqueue.engine.TaskEngine;

/**
 * Auto-configuration of the task queue's Micrometer metrics, when there is a
 * {@link MeterRegistry}. The {@link TaskQueueMetrics} bean is a
 * {@link io.micrometer.core.instrument.binder.MeterBinder}, bound to the registries by
 * Spring Boot's metrics support.
 */
@AutoConfiguration(after = TaskQueueAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, TaskEngine.class })
public final class TaskQueueMetricsAutoConfiguration {

	TaskQueueMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TaskQueueMetrics taskQueueMetrics(TaskEngine engine,
			@Qualifier(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
		return new TaskQueueMetrics(engine, TaskQueueAutoConfiguration.clock(clock));
	}

}
