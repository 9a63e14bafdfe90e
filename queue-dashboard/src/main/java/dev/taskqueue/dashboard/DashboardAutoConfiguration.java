package dev.taskqueue.dashboard;

import java.util.regex.Pattern;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletPath;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskqueue.boot.autoconfigure.TaskQueueProperties;
import dev.taskqueue.boot.web.TaskController;

/**
 * Serves the task queue's live dashboard at {@code taskqueue.dashboard.path}
 * ({@code /taskqueue}) in a servlet web application that serves the REST API: a page that
 * reads the API and its event streams from the browser, and nothing else. Turned off with
 * {@code taskqueue.dashboard.enabled=false} (or with the REST API,
 * {@code taskqueue.web.enabled=false}); shows write actions only when
 * {@code taskqueue.web.operations-enabled=true}. An invalid path fails start-up naming
 * the property.
 */
@AutoConfiguration(afterName = "dev.taskqueue.boot.web.TaskQueueWebAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "taskqueue.web.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "taskqueue.dashboard.enabled", matchIfMissing = true)
@ConditionalOnBean(TaskController.class)
@EnableConfigurationProperties({ DashboardProperties.class, TaskQueueProperties.class })
public final class DashboardAutoConfiguration {

	/** Slash-separated segments of unreserved URL characters. */
	private static final Pattern VALID_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

	/** A segment "." or "..", which browsers and servers resolve away. */
	private static final Pattern DOT_SEGMENT = Pattern.compile("/\\.{1,2}(/|$)");

	@Bean
	RouterFunction<ServerResponse> taskQueueDashboardRoutes(DashboardProperties dashboard,
			TaskQueueProperties taskQueue, ObjectProvider<DispatcherServletPath> servletPath) {
		String apiPath = trimTrailingSlashes(taskQueue.getWeb().getBasePath().startsWith("/")
				? taskQueue.getWeb().getBasePath() : "/" + taskQueue.getWeb().getBasePath());
		String path = validPath(dashboard.getPath(), apiPath);
		DispatcherServletPath dispatcher = servletPath.getIfAvailable();
		String prefix = trimTrailingSlashes((dispatcher != null) ? dispatcher.getPrefix() : "");
		ClassLoader classLoader = DashboardAutoConfiguration.class.getClassLoader();
		DashboardPage page = new DashboardPage(prefix + apiPath, taskQueue.getWeb().isOperationsEnabled());
		return DashboardRoutes.create(path, page, classLoader);
	}

	private static String validPath(String path, String apiPath) {
		if (path == null || !VALID_PATH.matcher(path).matches() || DOT_SEGMENT.matcher(path).find()) {
			throw new InvalidConfigurationPropertyValueException("taskqueue.dashboard.path", path,
					"must start with '/' and be segments of letters, digits and '-._~' "
							+ "(no trailing slash, wildcards, '.' or '..'), such as /taskqueue");
		}
		if (apiPath.isEmpty() || path.equals(apiPath) || path.startsWith(apiPath + "/")
				|| apiPath.startsWith(path + "/")) {
			throw new InvalidConfigurationPropertyValueException("taskqueue.dashboard.path", path,
					"must not overlap the REST API's taskqueue.web.base-path (" + (apiPath.isEmpty() ? "/" : apiPath)
							+ ")");
		}
		return path;
	}

	private static String trimTrailingSlashes(String path) {
		String trimmed = path;
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

}
