package dev.taskqueue.boot.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns the servlet container's error page for a REST API request into a problem detail:
 * an error that something other than the task queue reported with {@code sendError} (a
 * security filter's 401, the container's own 400) on a path under
 * {@code taskqueue.web.base-path}. Runs on error dispatches only.
 */
class ErrorDispatchFilter extends OncePerRequestFilter {

	private final TaskQueuePaths paths;

	ErrorDispatchFilter(TaskQueuePaths paths) {
		this.paths = paths;
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (!(uri instanceof String path)) {
			return true;
		}
		String context = request.getContextPath();
		return !this.paths
			.matches((context != null && path.startsWith(context)) ? path.substring(context.length()) : path);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer value) ? HttpStatus.resolve(value) : null;
		if (status == null || !status.isError()) {
			chain.doFilter(request, response);
			return;
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		Problem problem = null;
		if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Exception ex) {
			// thrown by a filter ahead of the API (a form body that cannot be parsed,
			// ...)
			problem = ProblemTranslator.translate(ex, request);
		}
		if (problem == null) {
			problem = new Problem(status, status.getReasonPhrase(),
					"The request cannot be served: " + status.value() + " " + status.getReasonPhrase());
		}
		response.setStatus(problem.status().value());
		problem.headers().forEach((name, values) -> values.forEach((value) -> response.setHeader(name, value)));
		problem.writeBody(String.valueOf(uri), response);
	}

}
