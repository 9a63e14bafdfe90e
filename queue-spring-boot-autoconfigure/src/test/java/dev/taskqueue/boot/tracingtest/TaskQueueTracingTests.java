package dev.taskqueue.boot.tracingtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from an HTTP request through the enqueue to the handler and what it observes,
 * with Spring Boot's own tracing (OpenTelemetry, W3C propagation) through a real port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.tracing.sampling.probability=1.0")
@AutoConfigureTracing
class TaskQueueTracingTests {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Autowired
	private TaskQueue taskQueue;

	@Autowired
	private TracingTestApplication.Shipping shipping;

	@Autowired
	private InMemorySpanExporter spans;

	@Autowired
	private MeterRegistry meters;

	@Test
	void handlerRunsInTheTraceOfTheRequestThatEnqueuedIt() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/orders"))
			.header("Content-Type", "text/plain")
			.header("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01")
			.POST(HttpRequest.BodyPublishers.ofString("order-1"))
			.build();

		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		String id = response.body();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.taskQueue.get(id).orElseThrow().status() == TaskStatus.COMPLETED);
		assertThat(this.shipping.traceIds).containsExactly(TRACE_ID);
		assertThat(this.shipping.mdcTraceIds).containsExactly(TRACE_ID);
		assertThat(this.taskQueue.get(id).orElseThrow().headers().get("traceparent")).startsWith("00-" + TRACE_ID);
		await().atMost(Duration.ofSeconds(10)).until(() -> !named("shipping.label").isEmpty());
		SpanData server = only(this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER)
			.toList());
		SpanData enqueue = only(named("enqueue ship-order"));
		SpanData run = only(named("process ship-order"));
		SpanData label = only(named("shipping.label"));
		assertThat(List.of(server, enqueue, run, label)).extracting(SpanData::getTraceId).containsOnly(TRACE_ID);
		assertThat(server.getParentSpanId()).isEqualTo(CALLER_SPAN_ID);
		assertThat(enqueue.getParentSpanId()).isEqualTo(server.getSpanId());
		assertThat(run.getParentSpanId()).isEqualTo(enqueue.getSpanId());
		assertThat(label.getParentSpanId()).isEqualTo(run.getSpanId());
		assertThat(run.getAttributes().asMap()).anySatisfy((key, value) -> {
			assertThat(key.getKey()).isEqualTo("taskqueue.task.id");
			assertThat(value).isEqualTo(id);
		});
		// the observations are metrics too
		assertThat(this.meters.get("taskqueue.process")
			.tags("taskqueue.queue", "shipping", "taskqueue.type", "ship-order", "outcome", "completed")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.meters.get("taskqueue.enqueue").tags("outcome", "created").timer().count()).isEqualTo(1);
	}

	private List<SpanData> named(String name) {
		return this.spans.getFinishedSpanItems().stream().filter((span) -> span.getName().equals(name)).toList();
	}

	private static SpanData only(List<SpanData> spans) {
		assertThat(spans).hasSize(1);
		return spans.get(0);
	}

}
