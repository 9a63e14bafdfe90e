package dev.taskqueue.boot.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.taskqueue.boot.actuate.TaskQueueEndpoint;
import dev.taskqueue.boot.actuate.TaskQueueEndpointWebExtension;
import dev.taskqueue.engine.TaskEngine;

/**
 * Auto-configuration of the {@code taskqueue} actuator endpoint
 * ({@link TaskQueueEndpoint}), when the actuator is present and the endpoint is
 * available: enabled ({@code management.endpoint.taskqueue.access}) and exposed. As any
 * actuator endpoint but health, it is served over HTTP only once
 * {@code management.endpoints.web.exposure.include} names it.
 */
@AutoConfiguration(after = TaskQueueAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(TaskEngine.class)
@ConditionalOnAvailableEndpoint(TaskQueueEndpoint.class)
public final class TaskQueueEndpointAutoConfiguration {

	TaskQueueEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	TaskQueueEndpoint taskQueueEndpoint(TaskEngine engine) {
		return new TaskQueueEndpoint(engine);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(EndpointWebExtension.class)
	TaskQueueEndpointWebExtension taskQueueEndpointWebExtension(TaskQueueEndpoint endpoint) {
		return new TaskQueueEndpointWebExtension(endpoint);
	}

}
