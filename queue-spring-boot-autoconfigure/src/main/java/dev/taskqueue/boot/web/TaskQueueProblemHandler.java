package dev.taskqueue.boot.web;

import java.util.Set;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskQueueException;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.UnknownTaskTypeException;

/**
 * Answers every error of the task queue's REST API with an RFC 9457 problem detail
 * ({@code application/problem+json}): bad input is a 4xx naming what was wrong, never a
 * 500. Applies to the task queue's controllers only, ahead of application-wide advice, so
 * the API behaves the same in every application.
 */
@RestControllerAdvice(assignableTypes = { TaskController.class, QueueController.class, TaskEventController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TaskQueueProblemHandler extends ResponseEntityExceptionHandler {

	private static final Set<Class<?>> CONTROLLERS = Set.of(TaskController.class, QueueController.class,
			TaskEventController.class);

	/**
	 * Whether a handler belongs to the task queue's REST API.
	 * @param beanType the handler's class
	 * @return true for the task queue's controllers
	 */
	static boolean handles(Class<?> beanType) {
		return CONTROLLERS.stream().anyMatch((type) -> type.isAssignableFrom(beanType));
	}

	@ExceptionHandler
	ProblemDetail operationsDisabled(OperationsDisabledException ex) {
		ProblemDetail problem = problem(HttpStatus.FORBIDDEN, "Operations disabled", ex.getMessage());
		problem.setProperty("property", OperationsDisabledException.PROPERTY);
		return problem;
	}

	@ExceptionHandler
	ProblemDetail taskNotFound(TaskNotFoundException ex) {
		ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "Task not found", ex.getMessage());
		problem.setProperty("taskId", ex.getTaskId());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail unknownTaskType(UnknownTaskTypeException ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown task type", ex.getMessage());
		problem.setProperty("taskType", ex.getType());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail taskState(TaskStateException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "Wrong task status", ex.getMessage());
		if (ex.getStatus() != null) {
			problem.setProperty("taskStatus", ex.getStatus().value());
		}
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidParameter(InvalidParameterException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage());
		problem.setProperty("parameter", ex.getParameter());
		return problem;
	}

	@ExceptionHandler
	ProblemDetail invalidArgument(IllegalArgumentException ex) {
		return problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage());
	}

	@ExceptionHandler
	ProblemDetail taskQueueFailure(TaskQueueException ex) {
		this.logger.error("Task queue request failed", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Task queue failure", ex.getMessage());
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail;
		if (ex.getCause() instanceof JacksonException jackson) {
			String path = jackson.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."));
			detail = (path.isEmpty() ? "The request body is not valid JSON"
					: "The request body's field '" + path + "' is not valid") + ": " + jackson.getOriginalMessage();
		}
		else {
			detail = "The request body is missing or not readable as JSON";
		}
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Malformed request body", detail);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return problem;
	}

}
