package dev.taskqueue.boot.tracingtest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.taskqueue.TaskHandler;
import dev.taskqueue.TaskQueue;

/**
 * A small application for the tracing test: a controller that enqueues, a handler that
 * notes the trace it runs in and observes work of its own, and the spans kept in memory.
 * Alone in its package, so that its component scan finds nothing of the other tests.
 */
@SpringBootApplication
public class TracingTestApplication {

	@Bean
	InMemorySpanExporter spanExporter() {
		return InMemorySpanExporter.create();
	}

	@Bean
	SpanProcessor inMemorySpanProcessor(InMemorySpanExporter exporter) {
		return SimpleSpanProcessor.create(exporter);
	}

	@Bean
	Shipping shipping(Tracer tracer, ObservationRegistry registry) {
		return new Shipping(tracer, registry);
	}

	/** Enqueues a shipment per order (found by the component scan). */
	@RestController
	public static class Orders {

		private final TaskQueue taskQueue;

		Orders(TaskQueue taskQueue) {
			this.taskQueue = taskQueue;
		}

		@PostMapping("/orders")
		String order(@RequestBody String order) {
			return this.taskQueue.enqueue("ship-order", order);
		}

	}

	/** The handler: notes what it sees of the trace. */
	public static class Shipping {

		final List<String> traceIds = new CopyOnWriteArrayList<>();

		final List<String> mdcTraceIds = new CopyOnWriteArrayList<>();

		private final Tracer tracer;

		private final ObservationRegistry registry;

		Shipping(Tracer tracer, ObservationRegistry registry) {
			this.tracer = tracer;
			this.registry = registry;
		}

		@TaskHandler(type = "ship-order", queue = "shipping")
		void ship(String order) {
			this.traceIds.add(this.tracer.currentSpan().context().traceId());
			this.mdcTraceIds.add(String.valueOf(MDC.get("traceId")));
			Observation.createNotStarted("shipping.label", this.registry).observe(() -> {
			});
		}

	}

}
