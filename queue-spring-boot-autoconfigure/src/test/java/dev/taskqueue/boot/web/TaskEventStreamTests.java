package dev.taskqueue.boot.web;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.boot.web.ApiClient.Response;
import dev.taskqueue.boot.web.SseReader.Event;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server-Sent Events, read line by line from a real connection.
 */
@SpringBootTest(classes = WebTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { WebTestApplication.OPERATIONS_ENABLED, WebTestApplication.SHORT_SHUTDOWN })
class TaskEventStreamTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TaskEventStreams streams;

	@Autowired
	private TaskEngine engine;

	@Autowired
	private ListenerTracker listeners;

	private ApiClient api;

	@BeforeEach
	void setUp() {
		this.api = new ApiClient(this.port);
	}

	@Test
	void taskStreamCarriesProgressAndEndsAfterCompleted() throws Exception {
		String id = this.api.enqueue("""
				{"type": "report", "payload": {"gate": "progress-stream"}}""");
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/" + id + "/events"))) {
			assertThat(stream.status()).isEqualTo(200);
			assertThat(stream.contentType()).startsWith("text/event-stream");
			await().untilAsserted(() -> assertThat(stream.events()).isNotEmpty());
			// The handler reports 75% only once the gate opens, so that event is live.
			WebTestApplication.Gates.open("progress-stream");
			await().untilAsserted(() -> assertThat(stream.events()).anyMatch((event) -> isProgress(event, 75)));
			assertThat(stream.hasEnded()).isFalse();
			WebTestApplication.Gates.open("progress-stream-finish");
			await().until(stream::hasEnded);
			List<Event> events = stream.events();
			assertThat(events.get(0).name()).isIn("waiting", "active");
			assertThat(events.get(0).json().get("id").asString()).isEqualTo(id);
			Event last = events.get(events.size() - 1);
			assertThat(last.name()).isEqualTo("completed");
			JsonNode completed = last.json();
			assertThat(completed.get("status").asString()).isEqualTo("completed");
			assertThat(completed.get("result").get("pages").asInt()).isEqualTo(4);
			assertThat(events).filteredOn((event) -> event.name().equals("progress"))
				.allSatisfy((event) -> assertThat(event.json().get("id").asString()).isEqualTo(id));
			JsonNode progress = events.stream()
				.filter((event) -> isProgress(event, 75))
				.findFirst()
				.orElseThrow()
				.json()
				.get("progress");
			assertThat(progress.get("current").asLong()).isEqualTo(3);
			assertThat(progress.get("total").asLong()).isEqualTo(4);
			assertThat(progress.get("message").asString()).isEqualTo("page 3");
		}
	}

	@Test
	void taskStreamOfAFinishedTaskSendsItsStateAndEnds() throws Exception {
		String id = this.api.enqueue("""
				{"type": "echo", "payload": "done already"}""");
		await().untilAsserted(() -> assertThat(this.api.status(id)).isEqualTo("completed"));
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/" + id + "/events"))) {
			await().until(stream::hasEnded);
			assertThat(stream.eventNames()).containsExactly("completed");
			assertThat(stream.events().get(0).json().get("result").asString()).isEqualTo("done already");
		}
	}

	@Test
	void taskStreamEndsWhenTheTaskIsCancelled() throws Exception {
		String id = this.api.enqueue("""
				{"type": "echo", "delay": "1h"}""");
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/" + id + "/events"))) {
			await().until(() -> stream.eventNames().contains("delayed"));
			this.api.post("/" + id + "/cancel");
			await().until(stream::hasEnded);
			assertThat(stream.eventNames()).containsExactly("delayed", "cancelled");
		}
	}

	@Test
	void taskStreamCarriesHoldAndRelease() throws Exception {
		String id = this.api.enqueue("""
				{"type": "echo", "delay": "1h"}""");
		this.api.post("/" + id + "/hold");
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/" + id + "/events"))) {
			await().until(() -> stream.eventNames().contains("held"));
			this.api.post("/" + id + "/release");
			await().until(() -> stream.eventNames().contains("released"));
			this.api.post("/" + id + "/hold");
			this.api.post("/" + id + "/cancel");
			await().until(stream::hasEnded);
			assertThat(stream.eventNames()).containsExactly("held", "released", "held", "cancelled");
			assertThat(stream.events().get(1).data()).contains("\"status\":\"delayed\"");
		}
	}

	@Test
	void taskStreamOfAnUnknownTaskIsNotFound() throws Exception {
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/01J0000000000000000000000Y/events"))) {
			assertThat(stream.status()).isEqualTo(404);
			assertThat(stream.contentType()).isEqualTo("application/problem+json");
			await().until(stream::hasEnded);
			assertThat(String.join("", stream.lines())).contains("01J0000000000000000000000Y");
		}
	}

	@Test
	void allTasksStreamReceivesEventsOfItsQueue() throws Exception {
		String queue = TaskApiTests.newQueue();
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/events?queue=" + queue))) {
			assertThat(stream.status()).isEqualTo(200);
			await().until(() -> stream.lines().contains(":connected"));
			String other = this.api.enqueue("""
					{"type": "echo", "queue": "%s-other"}""".formatted(queue));
			String mine = this.api.enqueue("""
					{"type": "echo", "queue": "%s"}""".formatted(queue));
			await().until(() -> stream.eventNames().contains("added"));
			Event added = stream.events().stream().filter((event) -> event.name().equals("added")).findFirst().get();
			assertThat(added.json().get("id").asString()).isEqualTo(mine);
			assertThat(stream.lines()).noneMatch((line) -> line.contains(other));
			this.api.post("/queues/" + queue + "/pause");
			await().until(() -> stream.eventNames().contains("paused"));
			assertThat(stream.hasEnded()).isFalse();
		}
	}

	@Test
	void allTasksStreamCarriesWorkerStartsWithTheInstance() throws Exception {
		String queue = TaskApiTests.newQueue();
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/events?queue=" + queue))) {
			await().until(() -> stream.lines().contains(":connected"));
			// workers are announced for queues that hold (or held) tasks
			this.api.enqueue("{\"type\": \"echo\", \"queue\": \"%s\", \"delay\": \"1h\"}".formatted(queue));
			this.engine.register(new HandlerDefinition("worker-of-" + queue, queue, 1, 0, null, (payload, ctx) -> null,
					"a handler registered late"));
			await().until(() -> stream.eventNames().contains("worker-started"));
			JsonNode started = stream.events()
				.stream()
				.filter((event) -> event.name().equals("worker-started"))
				.findFirst()
				.orElseThrow()
				.json();
			assertThat(started.get("queue").asString()).isEqualTo(queue);
			assertThat(started.get("instanceId").asString()).isEqualTo(this.engine.instanceId().orElseThrow());
			assertThat(started.size()).isEqualTo(2);
		}
	}

	@Test
	void allTasksStreamSendsHeartbeats() throws Exception {
		try (SseReader stream = SseReader.open(this.api.http(), this.api.uri("/events"))) {
			await().until(() -> stream.lines().contains(":heartbeat"));
			Response response = this.api.post("", "{\"type\": \"echo\"}");
			assertThat(response.status()).isEqualTo(202);
			await().until(() -> stream.eventNames().contains("completed"));
		}
	}

	@Test
	void streamsStopListeningWhenTheyEndOrTheClientLeaves() throws Exception {
		await().until(() -> this.streams.openStreams() == 0);
		assertThat(this.listeners.listeners()).isZero();
		String id = this.api.enqueue("""
				{"type": "echo", "delay": "1h"}""");
		SseReader taskStream = SseReader.open(this.api.http(), this.api.uri("/" + id + "/events"));
		SseReader allStream = SseReader.open(this.api.http(), this.api.uri("/events"));
		await().until(() -> this.streams.openStreams() == 2);
		assertThat(this.listeners.listeners()).isEqualTo(2);
		this.api.delete("/" + id);
		await().until(taskStream::hasEnded);
		assertThat(taskStream.eventNames()).containsExactly("delayed", "removed");
		await().until(() -> this.streams.openStreams() == 1);
		assertThat(this.listeners.listeners()).isEqualTo(1);
		// The next heartbeat to a client that went away fails and ends its stream.
		allStream.close();
		await().until(() -> this.streams.openStreams() == 0);
		assertThat(this.listeners.listeners()).isZero();
	}

	private static boolean isProgress(Event event, int percentage) {
		if (!"progress".equals(event.name())) {
			return false;
		}
		JsonNode progress = event.json().get("progress");
		return progress != null && !progress.isNull() && progress.get("percentage").asInt() == percentage;
	}

}
