package dev.taskqueue.dashboard;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The live dashboard, under {@code taskqueue.dashboard}. It is served only where the REST
 * API is ({@code taskqueue.web.enabled}), and shows write actions only when
 * {@code taskqueue.web.operations-enabled} is true.
 */
@ConfigurationProperties("taskqueue.dashboard")
public class DashboardProperties {

	/**
	 * Whether the dashboard is served (needs Spring MVC and the REST API).
	 */
	private boolean enabled = true;

	/**
	 * Where the dashboard is served: a path that starts with a slash, such as /taskqueue,
	 * without a trailing slash, wildcards or the REST API's base path.
	 */
	private String path = "/taskqueue";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

}
