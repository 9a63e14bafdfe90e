package dev.taskqueue.boot.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * Reads a Server-Sent Events stream line by line on a background thread, so a test can
 * wait for lines and for the end of the stream.
 */
final class SseReader implements AutoCloseable {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private final HttpResponse<Stream<String>> response;

	private SseReader(HttpResponse<Stream<String>> response) {
		this.response = response;
		Thread reader = new Thread(() -> {
			try (Stream<String> body = response.body()) {
				body.forEach(this.lines::add);
				this.ended.complete(null);
			}
			catch (RuntimeException ex) {
				this.ended.completeExceptionally(ex);
			}
		}, "sse-reader");
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Opens a stream; returns once the response headers arrived.
	 * @param http the client
	 * @param uri the stream's address
	 * @return the reader
	 * @throws Exception if the request fails
	 */
	static SseReader open(HttpClient http, URI uri) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
		return new SseReader(http.sendAsync(request, BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS));
	}

	int status() {
		return this.response.statusCode();
	}

	String contentType() {
		return this.response.headers().firstValue("Content-Type").orElse("");
	}

	List<String> lines() {
		return this.lines;
	}

	boolean hasEnded() {
		return this.ended.isDone();
	}

	/**
	 * The events received so far, in order.
	 * @return the events
	 */
	List<Event> events() {
		List<Event> events = new ArrayList<>();
		String name = null;
		StringBuilder data = new StringBuilder();
		for (String line : this.lines) {
			if (line.isEmpty()) {
				if (name != null || data.length() > 0) {
					events.add(new Event(name, data.toString()));
				}
				name = null;
				data.setLength(0);
			}
			else if (line.startsWith("event:")) {
				name = line.substring("event:".length()).trim();
			}
			else if (line.startsWith("data:")) {
				data.append(line.substring("data:".length()));
			}
		}
		return events;
	}

	List<String> eventNames() {
		return events().stream().map(Event::name).toList();
	}

	@Override
	public void close() {
		this.response.body().close();
	}

	/**
	 * One event.
	 *
	 * @param name its name
	 * @param data its data
	 */
	record Event(String name, String data) {

		JsonNode json() {
			return ApiClient.json.readTree(this.data);
		}

	}

}
