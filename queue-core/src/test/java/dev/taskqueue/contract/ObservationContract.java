package dev.taskqueue.contract;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskqueue.Task;
import dev.taskqueue.TaskHeaders;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.UnknownTaskTypeException;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.observation.TaskEnqueueContext;
import dev.taskqueue.testing.TestTracing;
import dev.taskqueue.testing.TestTracing.Stopped;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Enqueues and runs are observed ({@code taskqueue.enqueue}, {@code taskqueue.process})
 * with their key values, and the trace context travels in the task's headers, through the
 * backend, from the enqueuing thread to the handler, on any instance; with real
 * OpenTelemetry tracing and W3C propagation.
 */
public abstract class ObservationContract extends ContractTestSupport {

	private static final String ENQUEUE = "taskqueue.enqueue";

	private static final String PROCESS = "taskqueue.process";

	private TestTracing tracing;

	protected ObservationContract(TaskQueueContractTests suite) {
		super(suite);
	}

	@BeforeEach
	void traceEverything() {
		this.tracing = new TestTracing();
		observeWith(this.tracing.registry());
	}

	@AfterEach
	void closeTracing() {
		this.tracing.close();
	}

	@Test
	void enqueueAndRunAreObservedWithTheirKeyValues() {
		TaskEngine engine = startEngine(handler("observed", (payload, ctx) -> "ok"));

		String id = engine.enqueue("observed", "hello");

		awaitStatus(engine, id, TaskStatus.COMPLETED);
		Stopped enqueue = only(ENQUEUE);
		assertThat(enqueue.contextualName()).isEqualTo("enqueue observed");
		assertThat(enqueue.low()).containsExactlyInAnyOrderEntriesOf(
				Map.of("taskqueue.queue", QUEUE, "taskqueue.type", "observed", "outcome", "created"));
		assertThat(enqueue.high()).containsExactlyEntriesOf(Map.of("taskqueue.task.id", id));
		assertThat(enqueue.error()).isNull();
		Stopped run = only(PROCESS);
		assertThat(run.contextualName()).isEqualTo("process observed");
		assertThat(run.low()).containsExactlyInAnyOrderEntriesOf(
				Map.of("taskqueue.queue", QUEUE, "taskqueue.type", "observed", "outcome", "completed"));
		assertThat(run.high())
			.containsExactlyInAnyOrderEntriesOf(Map.of("taskqueue.task.id", id, "taskqueue.task.attempt", "1"));
		assertThat(run.error()).isNull();
	}

	@Test
	void failedAttemptsAreObservedAsRetryingThenFailed() {
		TaskEngine engine = startEngine(handler("doomed", (payload, ctx) -> {
			throw new IllegalStateException("attempt " + ctx.attempt());
		}));

		String id = engine.enqueue("doomed", null, TaskOptions.builder().maxAttempts(2).build());

		awaitStatus(engine, id, TaskStatus.FAILED);
		await().until(() -> this.tracing.stopped(PROCESS).size() == 2);
		List<Stopped> runs = this.tracing.stopped(PROCESS);
		assertThat(runs).extracting((run) -> run.low().get("outcome")).containsExactly("retrying", "failed");
		assertThat(runs).extracting((run) -> run.high().get("taskqueue.task.attempt")).containsExactly("1", "2");
		assertThat(runs).extracting((run) -> run.error().getMessage()).containsExactly("attempt 1", "attempt 2");
	}

	@Test
	void duplicateAndRefusedEnqueuesAreObserved() {
		TaskEngine engine = newEngine(settings(), handler("once", (payload, ctx) -> null));
		TaskOptions keyed = TaskOptions.builder().idempotencyKey("k-1").build();

		String first = engine.enqueue("once", null, keyed);
		String second = engine.enqueue("once", null, keyed);
		assertThatExceptionOfType(UnknownTaskTypeException.class)
			.isThrownBy(() -> engine.enqueue("no-such-type", null));

		assertThat(second).isEqualTo(first);
		List<Stopped> enqueues = this.tracing.stopped(ENQUEUE);
		assertThat(enqueues).extracting((enqueue) -> enqueue.low().get("outcome"))
			.containsExactly("created", "duplicate", "error");
		assertThat(enqueues.get(1).high()).containsEntry("taskqueue.task.id", first);
		assertThat(enqueues.get(2).low()).containsEntry("taskqueue.type", "no-such-type")
			.containsEntry("taskqueue.queue", "unknown");
		assertThat(enqueues.get(2).error()).isInstanceOf(UnknownTaskTypeException.class);
	}

	@Test
	void batchAndAsynchronousEnqueuesAreObservedPerTask() {
		TaskEngine engine = newEngine(settings(), handler("batched", (payload, ctx) -> null));

		List<String> batch = engine.enqueueAll(List.of(TaskRequest.of("batched", 1), TaskRequest.of("batched", 2)));
		String async = engine.enqueueAsync("batched", 3).join();

		List<Stopped> enqueues = this.tracing.stopped(ENQUEUE);
		assertThat(enqueues).extracting((enqueue) -> enqueue.high().get("taskqueue.task.id"))
			.containsExactly(batch.get(0), batch.get(1), async);
		assertThat(enqueues).allSatisfy((enqueue) -> assertThat(enqueue.low()).containsEntry("outcome", "created")
			.containsEntry("taskqueue.queue", QUEUE));
		// each task carries the context of its own enqueue span
		List<String> parents = List.of(batch.get(0), batch.get(1), async)
			.stream()
			.map((id) -> task(engine, id).headers().get("traceparent"))
			.toList();
		assertThat(parents).doesNotContainNull().doesNotHaveDuplicates();
		assertThat(this.tracing.spans("enqueue batched")).extracting(SpanData::getSpanId)
			.containsExactlyInAnyOrderElementsOf(parents.stream().map((parent) -> parent.split("-")[2]).toList());
	}

	@Test
	void traceGoesFromTheEnqueuingSpanThroughTheHandlerAndItsOwnObservations() {
		AtomicReference<String> seenTraceId = new AtomicReference<>();
		TaskEngine engine = startEngine(handler("traced", (payload, ctx) -> {
			seenTraceId.set(this.tracing.tracer().currentSpan().context().traceId());
			Observation.createNotStarted("handler.work", this.tracing.registry()).observe(() -> {
			});
			return null;
		}));

		String id;
		Span request = this.tracing.tracer().nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = this.tracing.tracer().withSpan(request)) {
			id = engine.enqueue("traced", null);
		}
		finally {
			request.end();
		}

		awaitStatus(engine, id, TaskStatus.COMPLETED);
		String traceId = request.context().traceId();
		assertThat(seenTraceId).hasValue(traceId);
		await().until(() -> this.tracing.spans("handler.work").size() == 1);
		SpanData enqueue = onlySpan("enqueue traced");
		SpanData run = onlySpan("process traced");
		SpanData work = onlySpan("handler.work");
		assertThat(List.of(enqueue, run, work)).extracting(SpanData::getTraceId).containsOnly(traceId);
		assertThat(enqueue.getParentSpanId()).isEqualTo(request.context().spanId());
		assertThat(enqueue.getKind()).isEqualTo(SpanKind.PRODUCER);
		assertThat(run.getParentSpanId()).isEqualTo(enqueue.getSpanId());
		assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
		assertThat(work.getParentSpanId()).isEqualTo(run.getSpanId());
		assertThat(task(engine, id).headers()).containsOnlyKeys("traceparent");
		assertThat(task(engine, id).headers().get("traceparent"))
			.startsWith("00-" + traceId + "-" + enqueue.getSpanId() + "-");
	}

	@Test
	void traceCrossesToAnotherInstanceAndEveryRetryKeepsIt() {
		List<String> seen = new CopyOnWriteArrayList<>();
		TaskEngine producer = newEngine(backend(), settings(), handler("remote", (payload, ctx) -> null));
		TaskEngine consumer = newEngine(peerBackend(), settings(), handler("remote", (payload, ctx) -> {
			seen.add(this.tracing.tracer().currentSpan().context().traceId());
			if (ctx.attempt() == 1) {
				throw new IllegalStateException("first attempt fails");
			}
			return null;
		}));
		consumer.start();

		Span request = this.tracing.tracer().nextSpan().name("request").start();
		String id;
		try (Tracer.SpanInScope scope = this.tracing.tracer().withSpan(request)) {
			id = producer.enqueue("remote", null);
		}
		finally {
			request.end();
		}

		awaitStatus(consumer, id, TaskStatus.COMPLETED);
		String traceId = request.context().traceId();
		assertThat(seen).containsExactly(traceId, traceId);
		await().until(() -> this.tracing.spans("process remote").size() == 2);
		SpanData enqueue = onlySpan("enqueue remote");
		assertThat(this.tracing.spans("process remote")).allSatisfy((run) -> {
			assertThat(run.getTraceId()).isEqualTo(traceId);
			assertThat(run.getParentSpanId()).isEqualTo(enqueue.getSpanId());
		});
		Map<String, String> headers = task(producer, id).headers();
		assertThat(headers).containsKey("traceparent");
		assertThat(consumer.list(TaskQuery.all()).items()).singleElement().extracting(Task::headers).isEqualTo(headers);
	}

	@Test
	void headersOutsideTheRuleAreLeftOut() {
		this.tracing.registry().observationConfig().observationHandler(new HostileHeaders());
		TaskEngine engine = newEngine(settings(), handler("guarded", (payload, ctx) -> null));

		String id = engine.enqueue("guarded", null);

		Map<String, String> headers = task(engine, id).headers();
		// names in lower case; then the first 16 that fit, by name
		assertThat(headers).hasSize(TaskHeaders.MAX_ENTRIES)
			.containsKeys("traceparent", "upper-case", "x-extra-113")
			.doesNotContainKeys("Upper-Case", "x-extra-114", "long-value", "line-break", "x".repeat(65));
		assertThat(headers).allSatisfy((name, value) -> assertThat(value).hasSizeLessThanOrEqualTo(1024));
	}

	@Test
	void withoutObservationsTasksCarryNoHeaders() {
		observeWith(io.micrometer.observation.ObservationRegistry.NOOP);
		TaskEngine engine = startEngine(handler("plain", (payload, ctx) -> null));

		String id = engine.enqueue("plain", null);

		assertThat(awaitStatus(engine, id, TaskStatus.COMPLETED).headers()).isEmpty();
	}

	private Stopped only(String name) {
		await().until(() -> !this.tracing.stopped(name).isEmpty());
		List<Stopped> stopped = this.tracing.stopped(name);
		assertThat(stopped).as("observations named %s", name).hasSize(1);
		return stopped.get(0);
	}

	private SpanData onlySpan(String name) {
		List<SpanData> spans = this.tracing.spans(name);
		assertThat(spans).as("spans named %s", name).hasSize(1);
		return spans.get(0);
	}

	/** Writes too many headers, and some that break the rule, as a rogue propagator. */
	private static final class HostileHeaders implements ObservationHandler<TaskEnqueueContext> {

		@Override
		public void onStart(TaskEnqueueContext context) {
			Map<String, String> carrier = context.getCarrier();
			for (int i = 0; i < 40; i++) {
				carrier.put("x-extra-" + (100 + i), "v" + i);
			}
			carrier.put("Upper-Case", "v");
			carrier.put("long-value", "v".repeat(1025));
			carrier.put("line-break", "a\nb");
			carrier.put("x".repeat(65), "v");
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof TaskEnqueueContext;
		}

	}

}
