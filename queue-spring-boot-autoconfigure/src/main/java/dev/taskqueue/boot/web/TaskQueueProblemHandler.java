package dev.taskqueue.boot.web;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers every error of the task queue's REST API with an RFC 9457 problem detail
 * ({@code application/problem+json}), as {@link ProblemTranslator} describes it: the
 * errors of the task queue's controllers, and those of any other request under
 * {@code taskqueue.web.base-path} that no controller took (an unknown path, a method or
 * media type no endpoint serves). It resolves ahead of the application's own exception
 * handling, so the API answers the same in every application, and leaves every other
 * request to it.
 */
public class TaskQueueProblemHandler implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(TaskQueueProblemHandler.class);

	private static final Set<Class<?>> CONTROLLERS = Set.of(TaskController.class, QueueController.class,
			TaskEventController.class, OpenApiController.class, InstanceController.class, ScheduleController.class);

	private final TaskQueuePaths paths;

	TaskQueueProblemHandler(TaskQueuePaths paths) {
		this.paths = paths;
	}

	/**
	 * Whether a handler belongs to the task queue's REST API.
	 * @param beanType the handler's class
	 * @return true for the task queue's controllers
	 */
	static boolean handles(Class<?> beanType) {
		return CONTROLLERS.stream().anyMatch((type) -> type.isAssignableFrom(beanType));
	}

	@Override
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
			Exception ex) {
		boolean ours = (handler instanceof HandlerMethod method) ? handles(method.getBeanType())
				: this.paths.matches(request);
		if (!ours) {
			return null;
		}
		Problem problem = ProblemTranslator.translate(ex, request);
		if (problem != null) {
			try {
				problem.write(request, response);
			}
			catch (IOException | RuntimeException writeFailure) {
				logger.debug("Could not write the problem detail of " + request.getRequestURI(), writeFailure);
			}
		}
		return new ModelAndView();
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
