package dev.taskqueue.boot.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the task queue API, over a real connection.
 */
final class ApiClient {

	static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final String base;

	ApiClient(int port) {
		this.base = "http://localhost:" + port + "/api/tasks";
	}

	HttpClient http() {
		return this.http;
	}

	URI uri(String path) {
		return URI.create(this.base + path);
	}

	Response get(String path) {
		return send(request(path).GET());
	}

	Response post(String path) {
		return send(request(path).POST(BodyPublishers.noBody()));
	}

	Response post(String path, String body) {
		return post(path, "application/json", body);
	}

	Response post(String path, String contentType, String body) {
		return send(request(path).header("Content-Type", contentType).POST(BodyPublishers.ofString(body)));
	}

	Response put(String path, String body) {
		return send(request(path).header("Content-Type", "application/json").PUT(BodyPublishers.ofString(body)));
	}

	Response delete(String path) {
		return send(request(path).DELETE());
	}

	/**
	 * Enqueues a task and checks it was accepted.
	 * @param body the request body
	 * @return the task's id
	 */
	String enqueue(String body) {
		Response response = post("", body);
		if (response.status() != 202) {
			throw new AssertionError("enqueue answered " + response.status() + ": " + response.text());
		}
		return response.json().get("id").asString();
	}

	JsonNode task(String id) {
		Response response = get("/" + id);
		if (response.status() != 200) {
			throw new AssertionError("GET task answered " + response.status() + ": " + response.text());
		}
		return response.json();
	}

	String status(String id) {
		return task(id).get("status").asString();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.build(), BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type"),
					response.headers().firstValue("Location"), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An answer.
	 *
	 * @param status the status code
	 * @param contentType the Content-Type header
	 * @param location the Location header
	 * @param text the body
	 */
	record Response(int status, Optional<String> contentType, Optional<String> location, String text) {

		JsonNode json() {
			return ApiClient.json.readTree(this.text);
		}

	}

}
