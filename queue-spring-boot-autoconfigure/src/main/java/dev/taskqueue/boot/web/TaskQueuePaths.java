package dev.taskqueue.boot.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.util.UrlPathHelper;

/**
 * Which requests belong to the task queue's REST API: those at or under
 * {@code taskqueue.web.base-path} (behind the dispatcher servlet's own path, if it has
 * one). Thread-safe.
 */
final class TaskQueuePaths {

	private final String base;

	/**
	 * Creates the matcher.
	 * @param servletPrefix the dispatcher servlet's path prefix ({@code ""} when it
	 * serves {@code /})
	 * @param basePath {@code taskqueue.web.base-path}
	 */
	TaskQueuePaths(String servletPrefix, String basePath) {
		String path = (basePath.startsWith("/") ? basePath : "/" + basePath);
		while (path.length() > 1 && path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		String prefix = (servletPrefix != null) ? servletPrefix : "";
		while (prefix.endsWith("/")) {
			prefix = prefix.substring(0, prefix.length() - 1);
		}
		this.base = prefix + path;
	}

	/**
	 * The servlet URL pattern of the base path and everything under it.
	 * @return the pattern, such as {@code /api/tasks/*}
	 */
	String urlPattern() {
		return this.base.equals("/") ? "/*" : this.base + "/*";
	}

	/**
	 * Whether a request is at or under the base path.
	 * @param request the request (or the original request of an error dispatch, by its
	 * path)
	 * @return true if it is
	 */
	boolean matches(HttpServletRequest request) {
		return matches(UrlPathHelper.defaultInstance.getPathWithinApplication(request));
	}

	/**
	 * Whether a path within the application is at or under the base path.
	 * @param path the path, without the context path
	 * @return true if it is
	 */
	boolean matches(String path) {
		return path != null && (path.equals(this.base) || this.base.equals("/")
				|| (path.startsWith(this.base) && path.charAt(this.base.length()) == '/'));
	}

}
