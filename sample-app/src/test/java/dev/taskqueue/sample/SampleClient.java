package dev.taskqueue.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Talks to the running sample app over real HTTP, the way a user's client would.
 */
public final class SampleClient {

	private static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	public SampleClient(int port) {
		this.baseUrl = "http://localhost:" + port;
	}

	public String baseUrl() {
		return this.baseUrl;
	}

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	public HttpResponse<byte[]> getBytes(String path) {
		try {
			return this.http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public HttpResponse<String> post(String path, Object body) {
		HttpRequest.BodyPublisher publisher = (body != null)
				? HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body))
				: HttpRequest.BodyPublishers.noBody();
		return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(publisher));
	}

	public HttpResponse<String> put(String path, Object body) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body))));
	}

	public JsonNode json(HttpResponse<String> response) {
		return this.json.readTree(response.body());
	}

	/**
	 * Enqueues a task through the REST API.
	 * @param type the task type
	 * @param payload the payload
	 * @return the task's id
	 */
	public String enqueue(String type, Object payload) {
		HttpResponse<String> response = post("/api/tasks", Map.of("type", type, "payload", payload));
		assertThat(response.statusCode()).as("POST /api/tasks answered %s", response.body()).isEqualTo(202);
		return json(response).path("id").asString();
	}

	/**
	 * Reads a task through the REST API.
	 * @param id the id
	 * @return the task
	 */
	public JsonNode task(String id) {
		HttpResponse<String> response = get("/api/tasks/" + id);
		assertThat(response.statusCode()).as("GET /api/tasks/%s answered %s", id, response.body()).isEqualTo(200);
		return json(response);
	}

	/**
	 * Waits until a task is completed, failed or cancelled.
	 * @param id the id
	 * @return the task in its final state
	 */
	public JsonNode awaitFinal(String id) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> task(id), (task) -> FINAL.contains(task.path("status").asString()));
	}

	/**
	 * Waits until a task completed, failing with its error otherwise.
	 * @param id the id
	 * @return the completed task
	 */
	public JsonNode awaitCompleted(String id) {
		JsonNode task = awaitFinal(id);
		assertThat(task.path("status").asString()).as("task %s", task).isEqualTo("completed");
		return task;
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create(path.startsWith("http") ? path : this.baseUrl + path);
	}

}
