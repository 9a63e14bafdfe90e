package dev.taskqueue.boot.web;

import java.util.EnumSet;

import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.boot.autoconfigure.TaskQueueProperties;

/**
 * Serves the task queue's REST API and Server-Sent Events under
 * {@code taskqueue.web.base-path} in a Spring MVC application that has a
 * {@link TaskQueue}. Turned off with {@code taskqueue.web.enabled=false}; writes answer
 * 403 until {@code taskqueue.web.operations-enabled=true}. Every error under the base
 * path is a problem detail, bodies over {@code taskqueue.web.max-request-size} are
 * refused before they are read, cross-site writes are refused, and stack traces stay
 * hidden unless {@code taskqueue.web.expose-stack-traces=true}.
 */
@AutoConfiguration(afterName = "dev.taskqueue.boot.autoconfigure.TaskQueueAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBean(TaskQueue.class)
@ConditionalOnBooleanProperty(name = "taskqueue.web.enabled", matchIfMissing = true)
@EnableConfigurationProperties(TaskQueueProperties.class)
public final class TaskQueueWebAutoConfiguration {

	/** Room for the rest of an enqueue request around a payload of the largest size. */
	static final DataSize REQUEST_MARGIN = DataSize.ofKilobytes(64);

	@Bean
	@ConditionalOnMissingBean
	TaskEventStreams taskEventStreams(TaskQueue taskQueue, TaskQueueProperties properties) {
		if (properties.getWeb().getMaxEventStreams() < 1) {
			throw new InvalidConfigurationPropertyValueException("taskqueue.web.max-event-streams",
					properties.getWeb().getMaxEventStreams(), "must be at least 1");
		}
		return new TaskEventStreams(taskQueue, TaskEventStreams.DEFAULT_HEARTBEAT,
				properties.getWeb().isExposeStackTraces(), properties.getWeb().getMaxEventStreams());
	}

	@Bean
	TaskController taskQueueTaskController(TaskQueue taskQueue, TaskQueueProperties properties) {
		return new TaskController(taskQueue, new TaskRedaction(properties.getWeb().isExposeStackTraces()),
				new BulkEnqueue(maxBulkSize(properties), properties.getDefaults().getMaxPayloadSize().toBytes()));
	}

	@Bean
	QueueController taskQueueQueueController(TaskQueue taskQueue) {
		return new QueueController(taskQueue);
	}

	@Bean
	InstanceController taskQueueInstanceController(TaskQueue taskQueue) {
		return new InstanceController(taskQueue);
	}

	@Bean
	ScheduleController taskQueueScheduleController(TaskQueue taskQueue) {
		return new ScheduleController(taskQueue);
	}

	@Bean
	TaskEventController taskQueueEventController(TaskEventStreams taskEventStreams) {
		return new TaskEventController(taskEventStreams);
	}

	@Bean
	OpenApiController taskQueueOpenApiController(TaskQueueProperties properties,
			ObjectProvider<DispatcherServletPath> servletPath) {
		DispatcherServletPath path = servletPath.getIfAvailable();
		return new OpenApiController(new OpenApiDocument((path != null) ? path.getPrefix() : "",
				properties.getWeb().getBasePath(), maxBulkSize(properties)));
	}

	@Bean
	TaskQueueProblemHandler taskQueueProblemHandler(TaskQueueProperties properties,
			ObjectProvider<DispatcherServletPath> servletPath) {
		return new TaskQueueProblemHandler(paths(properties, servletPath));
	}

	@Bean
	FilterRegistrationBean<RequestSizeFilter> taskQueueRequestSizeFilter(TaskQueueProperties properties,
			ObjectProvider<DispatcherServletPath> servletPath) {
		DataSize limit = properties.getWeb().getMaxRequestSize();
		if (limit != null && limit.toBytes() < 1) {
			throw new InvalidConfigurationPropertyValueException("taskqueue.web.max-request-size", limit,
					"must be at least 1B (leave it unset for the payload limit plus " + REQUEST_MARGIN + ")");
		}
		long bytes = (limit != null) ? limit.toBytes()
				: properties.getDefaults().getMaxPayloadSize().toBytes() + REQUEST_MARGIN.toBytes();
		FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
				new RequestSizeFilter(bytes));
		registration.setName("taskQueueRequestSizeFilter");
		registration.addUrlPatterns(paths(properties, servletPath).urlPattern());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ErrorDispatchFilter> taskQueueErrorDispatchFilter(TaskQueueProperties properties,
			ObjectProvider<DispatcherServletPath> servletPath) {
		FilterRegistrationBean<ErrorDispatchFilter> registration = new FilterRegistrationBean<>(
				new ErrorDispatchFilter(paths(properties, servletPath)));
		registration.setName("taskQueueErrorDispatchFilter");
		registration.setDispatcherTypes(EnumSet.of(DispatcherType.ERROR));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		return registration;
	}

	@Bean
	WebMvcConfigurer taskQueueOperationsGuard(TaskQueueProperties properties) {
		OperationsGuard guard = new OperationsGuard(properties.getWeb().isOperationsEnabled(),
				properties.getWeb().getAllowedOrigins());
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				registry.addInterceptor(guard);
			}

		};
	}

	private static int maxBulkSize(TaskQueueProperties properties) {
		int maxBulkSize = properties.getWeb().getMaxBulkSize();
		if (maxBulkSize < 1) {
			throw new InvalidConfigurationPropertyValueException("taskqueue.web.max-bulk-size", maxBulkSize,
					"must be at least 1");
		}
		return maxBulkSize;
	}

	private static TaskQueuePaths paths(TaskQueueProperties properties,
			ObjectProvider<DispatcherServletPath> servletPath) {
		DispatcherServletPath path = servletPath.getIfAvailable();
		return new TaskQueuePaths((path != null) ? path.getPrefix() : "", properties.getWeb().getBasePath());
	}

}
