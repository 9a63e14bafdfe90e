package dev.taskqueue.boot.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.taskqueue.boot.web.HostileRequests.Request;
import dev.taskqueue.boot.web.RawHttp.Answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thousands of random hostile requests to every endpoint (see {@link HostileRequests})
 * and hundreds of event stream subscribers at once: no answer is a 5xx, every error is a
 * problem detail whose status matches the answer's and that names no Java type, and the
 * application runs a normal task afterwards. The seed is {@code -Dfuzz.seed} (default
 * fixed, so a failure reproduces); the count {@code -Dfuzz.requests} (default 6,000).
 * Runs in a context of its own, as it pauses, drains and obliterates queues.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN,
				"taskqueue.web.allowed-origins=https://fuzz.example" })
class TaskApiFuzzTests extends RawApiTestSupport {

	private static final Pattern JAVA_NAMES = Pattern
		.compile("java\\.|javax\\.|jakarta\\.|tools\\.jackson|com\\.fasterxml|dev\\.taskqueue\\.|org\\.springframework|"
				+ "org\\.apache|Exception|`");

	@Test
	void hostileRequestsNeverFailTheServer() {
		List<String> ids = new ArrayList<>();
		ids.add(this.api.enqueue("{\"type\": \"echo\", \"payload\": 1}"));
		ids.add(this.api.enqueue("{\"type\": \"fail\"}"));
		ids.add(this.api.enqueue("{\"type\": \"echo\", \"delay\": \"1h\"}"));
		long seed = Long.getLong("fuzz.seed", 20261204L);
		int count = Integer.getInteger("fuzz.requests", 6000);
		HostileRequests requests = new HostileRequests(seed, ids);
		Map<Integer, Integer> statuses = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			Request request = requests.next();
			Answer answer = this.raw.send(request.method(), request.target(), request.headers(), request.body(),
					request.chunked());
			statuses.merge(answer.status(), 1, Integer::sum);
			check(request, answer, seed, i);
		}
		System.out.println("Fuzz: " + count + " requests (seed " + seed + ") answered " + statuses);
		assertThat(statuses.keySet()).as("statuses").allMatch((status) -> status < 500);
		assertThat(statuses.keySet()).contains(200, 202, 400, 403, 404, 405, 413, 415);
		for (String queue : new String[] { "fuzz-a", "fuzz-b", "fuzz.c", "fuzz_d", "default", "pausable" }) {
			this.api.post("/queues/" + queue + "/resume");
		}
		assertStillWorks();
	}

	@Test
	void manyEventStreamSubscribersComeAndGo() throws IOException {
		// streams of the other test close at their next heartbeat
		await().untilAsserted(() -> assertThat(this.listeners.listeners()).isZero());
		String id = this.api.enqueue("{\"type\": \"echo\", \"delay\": \"1h\"}");
		List<Socket> streams = new ArrayList<>();
		try {
			for (int i = 0; i < 300; i++) {
				streams.add(openStream(this.port, (i % 3 == 0) ? "/api/tasks/" + id + "/events" : "/api/tasks/events"));
			}
			await().untilAsserted(() -> assertThat(this.listeners.listeners()).isEqualTo(300));
			assertStillWorks();
		}
		finally {
			for (Socket stream : streams) {
				stream.close();
			}
		}
		// closed clients are noticed at the next heartbeat
		await().untilAsserted(() -> assertThat(this.listeners.listeners()).isZero());
		this.api.delete("/" + id);
		assertStillWorks();
	}

	/**
	 * Opens an event stream and reads its status line, which must be 200.
	 * @param port the server's port
	 * @param target the stream's path
	 * @return the connection, open
	 * @throws IOException if the connection fails
	 */
	static Socket openStream(int port, String target) throws IOException {
		Socket socket = new Socket("localhost", port);
		socket.setSoTimeout(10_000);
		OutputStream out = socket.getOutputStream();
		out.write(("GET " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		StringBuilder status = new StringBuilder();
		for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
			status.append((char) b);
		}
		if (!status.toString().startsWith("HTTP/1.1 200")) {
			socket.close();
			throw new AssertionError(target + " answered " + status);
		}
		return socket;
	}

	private static void check(Request request, Answer answer, long seed, int index) {
		String what = "request " + index + " of seed " + seed + ": " + request + "\nanswered " + answer.status() + " "
				+ answer.headers() + "\n" + answer.body().substring(0, Math.min(answer.body().length(), 500));
		assertThat(answer.status()).as(what).isLessThan(500);
		if (answer.status() < 400) {
			return;
		}
		assertThat(answer.contentType()).as(what).isEqualTo("application/problem+json");
		if (request.method().equals("HEAD")) {
			return;
		}
		JsonNode problem = ApiClient.json.readTree(answer.body());
		assertThat(problem.get("status").asInt()).as(what).isEqualTo(answer.status());
		assertThat(problem.get("title").asString()).as(what).isNotBlank();
		assertThat(problem.get("detail").asString()).as(what).isNotBlank();
		assertThat(JAVA_NAMES.matcher(problem.get("title").asString() + " " + problem.get("detail").asString()).find())
			.as(what)
			.isFalse();
	}

}
