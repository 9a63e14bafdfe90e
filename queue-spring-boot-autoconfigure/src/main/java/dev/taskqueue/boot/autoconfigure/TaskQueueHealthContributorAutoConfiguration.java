package dev.taskqueue.boot.autoconfigure;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.taskqueue.boot.health.TaskQueueHealthIndicator;
import dev.taskqueue.engine.TaskEngine;

/**
 * Auto-configuration of the {@code taskqueue} health indicator, when Spring Boot's health
 * support is present and {@code management.health.taskqueue.enabled} is not false.
 */
@AutoConfiguration(after = TaskQueueAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(TaskEngine.class)
@ConditionalOnEnabledHealthIndicator("taskqueue")
public final class TaskQueueHealthContributorAutoConfiguration {

	TaskQueueHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "taskqueueHealthIndicator")
	TaskQueueHealthIndicator taskqueueHealthIndicator(TaskEngine engine,
			@Qualifier(TaskQueueAutoConfiguration.CLOCK_BEAN_NAME) ObjectProvider<Clock> clock) {
		return new TaskQueueHealthIndicator(engine, TaskQueueAutoConfiguration.clock(clock));
	}

}
