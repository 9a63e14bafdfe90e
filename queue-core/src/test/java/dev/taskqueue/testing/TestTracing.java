package dev.taskqueue.testing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Real tracing for tests: the OpenTelemetry SDK with W3C propagation and an in-memory
 * exporter, bridged by Micrometer Tracing to an {@link ObservationRegistry} (the same
 * handlers Spring Boot registers), and a record of every observation that stopped, with
 * its key values. Thread-safe.
 */
public final class TestTracing implements AutoCloseable {

	private final InMemorySpanExporter exporter = InMemorySpanExporter.create();

	private final SdkTracerProvider provider;

	private final OtelTracer tracer;

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final List<Stopped> stopped = new CopyOnWriteArrayList<>();

	public TestTracing() {
		this.provider = SdkTracerProvider.builder()
			.setSampler(Sampler.alwaysOn())
			.addSpanProcessor(SimpleSpanProcessor.create(this.exporter))
			.build();
		ContextPropagators propagators = ContextPropagators.create(W3CTraceContextPropagator.getInstance());
		OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
			.setTracerProvider(this.provider)
			.setPropagators(propagators)
			.build();
		io.opentelemetry.api.trace.Tracer otel = sdk.getTracer("taskqueue-test");
		OtelCurrentTraceContext current = new OtelCurrentTraceContext();
		this.tracer = new OtelTracer(otel, current, (event) -> {
		}, new OtelBaggageManager(current, List.of(), List.of()));
		OtelPropagator propagator = new OtelPropagator(propagators, otel);
		this.registry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(this.tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(this.tracer, propagator),
					new DefaultTracingObservationHandler(this.tracer)))
			.observationHandler(new Recorder());
	}

	/**
	 * The registry to give the engines.
	 * @return the registry
	 */
	public ObservationRegistry registry() {
		return this.registry;
	}

	/**
	 * The tracer, for spans a test or a handler opens.
	 * @return the tracer
	 */
	public Tracer tracer() {
		return this.tracer;
	}

	/**
	 * The spans that ended so far.
	 * @return the spans, in the order they ended
	 */
	public List<SpanData> spans() {
		return this.exporter.getFinishedSpanItems();
	}

	/**
	 * The ended span of a name.
	 * @param name the span's name
	 * @return the spans of that name, in the order they ended
	 */
	public List<SpanData> spans(String name) {
		return spans().stream().filter((span) -> span.getName().equals(name)).toList();
	}

	/**
	 * The observations of a name that stopped so far.
	 * @param name the observation's name
	 * @return them, in the order they stopped
	 */
	public List<Stopped> stopped(String name) {
		return this.stopped.stream().filter((observation) -> observation.name().equals(name)).toList();
	}

	@Override
	public void close() {
		this.provider.close();
	}

	/**
	 * An observation as it stopped.
	 *
	 * @param name its name
	 * @param contextualName its contextual name
	 * @param low its low-cardinality key values
	 * @param high its high-cardinality key values
	 * @param error its error, or {@code null}
	 */
	public record Stopped(String name, String contextualName, Map<String, String> low, Map<String, String> high,
			Throwable error) {

	}

	private final class Recorder implements ObservationHandler<Observation.Context> {

		@Override
		public void onStop(Observation.Context context) {
			TestTracing.this.stopped.add(new Stopped(context.getName(), context.getContextualName(),
					map(context.getLowCardinalityKeyValues()), map(context.getHighCardinalityKeyValues()),
					context.getError()));
		}

		private static Map<String, String> map(Iterable<KeyValue> keyValues) {
			Map<String, String> map = new TreeMap<>();
			keyValues.forEach((keyValue) -> map.put(keyValue.getKey(), keyValue.getValue()));
			return map;
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return true;
		}

	}

}
