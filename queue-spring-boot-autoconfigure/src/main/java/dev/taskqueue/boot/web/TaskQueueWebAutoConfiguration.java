package dev.taskqueue.boot.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.boot.autoconfigure.TaskQueueProperties;

/**
 * Serves the task queue's REST API and Server-Sent Events under
 * {@code taskqueue.web.base-path} in a Spring MVC application that has a
 * {@link TaskQueue}. Turned off with {@code taskqueue.web.enabled=false}; writes answer
 * 403 until {@code taskqueue.web.operations-enabled=true}.
 */
@AutoConfiguration(afterName = "dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(TaskQueue.class)
@ConditionalOnBooleanProperty(name = "taskqueue.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TaskQueueProperties.class)
public final class TaskQueueWebAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaskEventStreams taskEventStreams(TaskQueue taskQueue) {
		return new TaskEventStreams(taskQueue, TaskEventStreams.DEFAULT_HEARTBEAT);
	}

	@Bean
	TaskController taskQueueTaskController(TaskQueue taskQueue) {
		return new TaskController(taskQueue);
	}

	@Bean
	QueueController taskQueueQueueController(TaskQueue taskQueue) {
		return new QueueController(taskQueue);
	}

	@Bean
	TaskEventController taskQueueEventController(TaskEventStreams taskEventStreams) {
		return new TaskEventController(taskEventStreams);
	}

	@Bean
	TaskQueueProblemHandler taskQueueProblemHandler() {
		return new TaskQueueProblemHandler();
	}

	@Bean
	WebMvcConfigurer taskQueueOperationsGuard(TaskQueueProperties properties) {
		OperationsGuard guard = new OperationsGuard(properties.getWeb().isOperationsEnabled());
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(guard);
			}

		};
	}

}
