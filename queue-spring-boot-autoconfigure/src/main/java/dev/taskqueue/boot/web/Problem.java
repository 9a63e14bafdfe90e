package dev.taskqueue.boot.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * One RFC 9457 problem detail of the REST API, with the headers that go with it
 * ({@code Allow}, {@code Retry-After}, ...), written as {@code application/problem+json}
 * whatever the request accepts: an error is worth more to a client than a 406 about it.
 */
final class Problem {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpStatus status;

	private final String title;

	private final String detail;

	private final Map<String, Object> properties = new LinkedHashMap<>();

	private final HttpHeaders headers = new HttpHeaders();

	Problem(HttpStatus status, String title, String detail) {
		this.status = status;
		this.title = title;
		this.detail = detail;
	}

	HttpStatus status() {
		return this.status;
	}

	String title() {
		return this.title;
	}

	String detail() {
		return this.detail;
	}

	Map<String, Object> properties() {
		return this.properties;
	}

	HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * Adds a property (a member of the problem's JSON besides the standard ones).
	 * @param name the name
	 * @param value the value
	 * @return this problem
	 */
	Problem with(String name, Object value) {
		this.properties.put(name, value);
		return this;
	}

	/**
	 * Adds a header.
	 * @param name the name
	 * @param value the value
	 * @return this problem
	 */
	Problem header(String name, String value) {
		this.headers.set(name, value);
		return this;
	}

	/**
	 * This problem as the refusal of one element of a bulk request: the element's index
	 * in front of the detail and of {@code parameter}, and as {@code index}.
	 * @param index the element's position in the request's array, from 0
	 * @return the problem of the element
	 */
	Problem forElement(int index) {
		String at = "[" + index + "]";
		String parameter = (this.properties.get("parameter") instanceof String name && !name.isEmpty()) ? name : null;
		String elementDetail = (parameter != null && this.detail.startsWith(parameter)) ? at + "." + this.detail
				: at + ": " + this.detail;
		Problem element = new Problem(this.status, this.title, elementDetail);
		element.properties.putAll(this.properties);
		element.with("parameter", (parameter != null) ? at + "." + parameter : at).with("index", index);
		element.headers.addAll(this.headers);
		return element;
	}

	/**
	 * Writes the problem as the response, unless the response was already committed (an
	 * event stream that failed after it started), which is left as it is.
	 * @param request the request, whose path becomes the {@code instance}
	 * @param response the response
	 * @throws IOException if the client went away
	 */
	void write(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.reset();
		response.setStatus(this.status.value());
		this.headers.forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		writeBody(request.getRequestURI(), response);
	}

	/**
	 * Writes the problem's JSON as the body of a response whose status is set.
	 * @param instance the path of the request the problem is about
	 * @param response the response
	 * @throws IOException if the client went away
	 */
	void writeBody(String instance, HttpServletResponse response) throws IOException {
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		byte[] body = json.writeValueAsBytes(toJson(instance));
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	Map<String, Object> toJson(String instance) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", this.title);
		body.put("status", this.status.value());
		body.put("detail", this.detail);
		body.put("instance", instance);
		body.putAll(this.properties);
		return body;
	}

}
