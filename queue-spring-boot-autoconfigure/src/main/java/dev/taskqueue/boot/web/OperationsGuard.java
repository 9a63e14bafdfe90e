package dev.taskqueue.boot.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses the REST API's writes (every method but GET and HEAD) unless operations are
 * enabled. An interceptor rather than a check in each handler method, so the refusal
 * comes before the request body is read: a client without the right to write learns
 * nothing from validation errors.
 */
class OperationsGuard implements HandlerInterceptor {

	private final boolean operationsEnabled;

	OperationsGuard(boolean operationsEnabled) {
		this.operationsEnabled = operationsEnabled;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!this.operationsEnabled && handler instanceof HandlerMethod method
				&& TaskQueueProblemHandler.handles(method.getBeanType()) && isWrite(request.getMethod())) {
			throw new OperationsDisabledException();
		}
		return true;
	}

	private static boolean isWrite(String method) {
		return !"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method);
	}

}
