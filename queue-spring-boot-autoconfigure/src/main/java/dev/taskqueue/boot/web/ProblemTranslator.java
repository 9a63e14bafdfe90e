package dev.taskqueue.boot.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.taskqueue.ScheduleNotFoundException;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.UnknownTaskTypeException;

/**
 * Says what an exception of a REST API request means to its client, as a {@link Problem}:
 * bad input is a 4xx that names what was wrong in the client's terms (a field, a
 * parameter, a limit; never a Java class), an unreachable backend is a 503 with
 * {@code Retry-After}, and only a failure of the task queue itself is a 500, logged with
 * its stack trace. Thread-safe.
 */
final class ProblemTranslator {

	private static final Log logger = LogFactory.getLog(ProblemTranslator.class);

	/** Seconds a client is asked to wait when the backend is unavailable. */
	static final int RETRY_AFTER_SECONDS = 5;

	/** What the servlet containers throw for a query string they cannot decode. */
	private static final String[] BAD_PARAMETER_EXCEPTIONS = { "org.apache.tomcat.util.http.InvalidParameterException",
			"org.eclipse.jetty.http.BadMessageException" };

	private static final Map<Class<?>, String> KINDS = Map.ofEntries(Map.entry(Integer.class, "an integer"),
			Map.entry(int.class, "an integer"), Map.entry(Long.class, "an integer"),
			Map.entry(long.class, "an integer"), Map.entry(BigInteger.class, "an integer"),
			Map.entry(Double.class, "a number"), Map.entry(double.class, "a number"),
			Map.entry(Float.class, "a number"), Map.entry(BigDecimal.class, "a number"),
			Map.entry(String.class, "a string"), Map.entry(Boolean.class, "true or false"),
			Map.entry(boolean.class, "true or false"),
			Map.entry(List.class,
					"a JSON array of enqueue requests such as [{\"type\": \"send-email\", \"payload\": {...}}]"),
			Map.entry(ArrayList.class,
					"a JSON array of enqueue requests such as [{\"type\": \"send-email\", \"payload\": {...}}]"),
			Map.entry(EnqueueRequest.class, "a JSON object such as {\"type\": \"send-email\", \"payload\": {...}}"),
			Map.entry(EnqueueRequest.BackoffRequest.class,
					"an object such as {\"type\": \"exponential\", \"delay\": \"1s\", \"maxDelay\": \"5m\"}"));

	private ProblemTranslator() {
	}

	/**
	 * The problem an exception means.
	 * @param ex the exception
	 * @param request the request it failed
	 * @return the problem, or {@code null} when there is nobody to answer (the client
	 * went away)
	 */
	static Problem translate(Exception ex, HttpServletRequest request) {
		if (ex instanceof AsyncRequestNotUsableException) {
			return null;
		}
		if (ex instanceof BulkElementException element) {
			Problem problem = translate(element.getCause(), request);
			return (problem != null) ? problem.forElement(element.getIndex()) : null;
		}
		if (ex instanceof TooManyTasksException tooMany) {
			return new Problem(HttpStatus.BAD_REQUEST, "Too many tasks", ex.getMessage()).with("maxTasks",
					tooMany.getLimit());
		}
		if (ex instanceof OperationsDisabledException) {
			return new Problem(HttpStatus.FORBIDDEN, "Operations disabled", ex.getMessage()).with("property",
					OperationsDisabledException.PROPERTY);
		}
		if (ex instanceof CrossSiteRequestException) {
			return new Problem(HttpStatus.FORBIDDEN, "Cross-site request refused", ex.getMessage());
		}
		if (ex instanceof TaskNotFoundException notFound) {
			return new Problem(HttpStatus.NOT_FOUND, "Task not found", ex.getMessage()).with("taskId",
					notFound.getTaskId());
		}
		if (ex instanceof ScheduleNotFoundException notFound) {
			return new Problem(HttpStatus.NOT_FOUND, "Schedule not found", ex.getMessage()).with("scheduleId",
					notFound.getScheduleId());
		}
		if (ex instanceof UnknownTaskTypeException unknown) {
			return new Problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown task type", ex.getMessage()).with("taskType",
					unknown.getType());
		}
		if (ex instanceof TaskStateException state) {
			Problem problem = new Problem(HttpStatus.CONFLICT, "Wrong task status", ex.getMessage());
			return (state.getStatus() != null) ? problem.with("taskStatus", state.getStatus().value()) : problem;
		}
		if (ex instanceof InvalidParameterException invalid) {
			return new Problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage()).with("parameter",
					invalid.getParameter());
		}
		if (ex instanceof TaskQueueUnavailableException) {
			logger.debug("Task queue unavailable for " + request.getMethod() + " " + request.getRequestURI(), ex);
			return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "Task queue unavailable",
					ex.getMessage() + "; try again later")
				.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
		}
		if (ex instanceof TooManyStreamsException) {
			return new Problem(HttpStatus.SERVICE_UNAVAILABLE, "Too many event streams", ex.getMessage())
				.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
		}
		RequestTooLargeException tooLarge = find(ex, RequestTooLargeException.class);
		if (tooLarge != null) {
			return new Problem(HttpStatus.CONTENT_TOO_LARGE, "Request body too large", tooLarge.getMessage())
				.with("maxBytes", tooLarge.getLimit());
		}
		if (ex instanceof HttpMessageNotReadableException unreadable) {
			return unreadableBody(unreadable);
		}
		if (ex instanceof IllegalArgumentException) {
			return new Problem(HttpStatus.BAD_REQUEST, "Invalid request", ex.getMessage());
		}
		if (ex instanceof ErrorResponse response) {
			return springProblem(ex, response, request);
		}
		if (isBadParameter(ex)) {
			return new Problem(HttpStatus.BAD_REQUEST, "Invalid query string",
					"The query string cannot be decoded: a parameter has broken percent-encoding "
							+ "(a '%' must be followed by two hexadecimal digits) or is not UTF-8");
		}
		logger.error("Task queue request " + request.getMethod() + " " + request.getRequestURI() + " failed", ex);
		return new Problem(HttpStatus.INTERNAL_SERVER_ERROR, "Task queue failure",
				"The request failed inside the task queue; the server's log has the details");
	}

	private static Problem springProblem(Exception ex, ErrorResponse response, HttpServletRequest request) {
		HttpStatusCode code = response.getStatusCode();
		HttpStatus status = HttpStatus.resolve(code.value());
		if (status == null) {
			status = code.is4xxClientError() ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
		}
		Problem problem;
		String where = request.getMethod() + " " + request.getRequestURI();
		if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
			problem = new Problem(HttpStatus.NOT_FOUND, "Not found", "There is no endpoint " + where);
		}
		else if (ex instanceof HttpRequestMethodNotSupportedException method) {
			String allowed = (method.getSupportedHttpMethods() != null) ? method.getSupportedHttpMethods()
				.stream()
				.map(Object::toString)
				.sorted()
				.collect(Collectors.joining(", ")) : "";
			problem = new Problem(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed", request.getMethod()
					+ " is not allowed on " + request.getRequestURI() + (allowed.isEmpty() ? "" : "; use " + allowed));
		}
		else if (ex instanceof HttpMediaTypeNotAcceptableException notAcceptable) {
			problem = new Problem(HttpStatus.NOT_ACCEPTABLE, "Not acceptable", "This endpoint answers "
					+ types(notAcceptable.getSupportedMediaTypes()) + ", which the request's Accept header excludes");
		}
		else if (ex instanceof HttpMediaTypeNotSupportedException notSupported) {
			problem = new Problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
					"Send the request body as application/json" + ((notSupported.getContentType() != null) ? ", not "
							+ notSupported.getContentType().getType() + "/" + notSupported.getContentType().getSubtype()
							: ""));
		}
		else {
			problem = new Problem(status, status.getReasonPhrase(), "The request cannot be served: " + status.value()
					+ " " + status.getReasonPhrase() + " (" + where + ")");
		}
		response.getHeaders().forEach((name, values) -> values.forEach((value) -> problem.header(name, value)));
		return problem;
	}

	private static String types(List<MediaType> types) {
		return types.isEmpty() ? "JSON"
				: types.stream()
					.map((type) -> type.getType() + "/" + type.getSubtype())
					.collect(Collectors.joining(", "));
	}

	private static Problem unreadableBody(HttpMessageNotReadableException ex) {
		JacksonException jackson = find(ex, JacksonException.class);
		String detail;
		String path = "";
		if (jackson == null) {
			detail = "The request body is missing or not readable as JSON";
		}
		else if (jackson instanceof StreamConstraintsException) {
			// Jackson names the constraint's Java method; keep its numbers, not that
			detail = "The request body is over a limit of the JSON reader: "
					+ jackson.getOriginalMessage().replaceAll(",? from `[^`]*`", "");
		}
		else {
			path = jackson.getPath()
				.stream()
				.map((reference) -> (reference.getPropertyName() != null) ? reference.getPropertyName()
						: "[" + reference.getIndex() + "]")
				.collect(Collectors.joining("."))
				.replace(".[", "[");
			detail = describe(jackson, path);
		}
		Problem problem = new Problem(HttpStatus.BAD_REQUEST, "Malformed request body", detail);
		return path.isEmpty() ? problem : problem.with("parameter", path);
	}

	private static String describe(JacksonException jackson, String path) {
		if (jackson instanceof UnrecognizedPropertyException unknown) {
			return "The request body has an unknown field '" + unknown.getPropertyName() + "'";
		}
		Class<?> target = (jackson instanceof MismatchedInputException mismatch) ? mismatch.getTargetType()
				: (jackson instanceof InputCoercionException coercion) ? coercion.getTargetType() : null;
		String kind = (target != null) ? KINDS.get(target) : null;
		if (path.isEmpty()) {
			if (jackson instanceof StreamReadException && !(jackson instanceof MismatchedInputException)) {
				return "The request body is not valid JSON: " + withoutSource(jackson.getOriginalMessage())
						+ location(jackson);
			}
			return "The request body is not valid JSON for this request: it must be "
					+ ((kind != null) ? kind : "a JSON object");
		}
		String range = (jackson instanceof InputCoercionException && (target == Integer.class || target == int.class))
				? " between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE : "";
		if (kind != null) {
			return "The request body's field '" + path + "' must be " + kind + range;
		}
		return "The request body's field '" + path + "' is not valid" + location(jackson);
	}

	/**
	 * Jackson's message without what names its own settings: the description of its input
	 * source and hints to enable a feature.
	 */
	private static String withoutSource(String message) {
		return message.replaceAll("\\s*\\(start marker at \\[Source:.*?\\]\\)", "")
			.replaceAll("\\[Source:.*?\\]", "")
			.replaceAll("[:;,]?\\s*(enable|use) `[^`]*`[^:;)]*", "")
			.replace("`", "");
	}

	private static String location(JacksonException jackson) {
		TokenStreamLocation location = jackson.getLocation();
		return (location != null && location.getLineNr() > 0)
				? " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
	}

	private static boolean isBadParameter(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			for (String name : BAD_PARAMETER_EXCEPTIONS) {
				if (cause.getClass().getName().equals(name)) {
					return true;
				}
			}
		}
		return false;
	}

	private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
