package dev.taskqueue.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.UnknownTaskTypeException;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Running tasks, and bad input that must never lose data or kill a worker.
 */
public abstract class ProcessingContract extends ContractTestSupport {

	protected ProcessingContract(TaskQueueContractTests suite) {
		super(suite);
	}

	@Test
	void enqueuedTaskRunsAndRecordsItsResult() {
		TaskEngine engine = startEngine(handler("echo",
				(payload, ctx) -> Map.of("echo", payload.get("text").asString(), "attempt", ctx.attempt())));

		String id = engine.enqueue("echo", Map.of("text", "hello"));

		Task task = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(task.id()).isEqualTo(id);
		assertThat(task.queue()).isEqualTo(QUEUE);
		assertThat(task.type()).isEqualTo("echo");
		assertThat(task.payload().get("text").asString()).isEqualTo("hello");
		assertThat(task.result().get("echo").asString()).isEqualTo("hello");
		assertThat(task.result().get("attempt").asInt()).isEqualTo(1);
		assertThat(task.attempts()).isEqualTo(1);
		assertThat(task.maxAttempts()).isEqualTo(3);
		assertThat(task.error()).isNull();
		assertThat(task.createdAt()).isEqualTo(START);
		assertThat(task.scheduledAt()).isEqualTo(START);
		assertThat(task.startedAt()).isEqualTo(START);
		assertThat(task.finishedAt()).isEqualTo(START);
		assertThat(task.occurrence()).isEqualTo(1);
	}

	@Test
	void taskContextDescribesTheAttempt() {
		AtomicReference<String> seen = new AtomicReference<>();
		TaskEngine engine = startEngine(handler("describe", (payload, ctx) -> {
			seen.set(ctx.taskId() + "|" + ctx.type() + "|" + ctx.queue() + "|" + ctx.attempt() + "|"
					+ ctx.isCancelled());
			return null;
		}));

		String id = engine.enqueue("describe", null);

		awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(seen.get()).isEqualTo(id + "|describe|" + QUEUE + "|1|false");
	}

	@Test
	void nullPayloadReachesTheHandlerAsJsonNull() {
		List<JsonNode> payloads = new CopyOnWriteArrayList<>();
		TaskEngine engine = startEngine(handler("nothing", (payload, ctx) -> {
			payloads.add(payload);
			return null;
		}));

		String id = engine.enqueue("nothing", null);

		Task task = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(payloads).hasSize(1);
		assertThat(payloads.get(0).isNull()).isTrue();
		assertThat(task.result() == null || task.result().isNull()).isTrue();
	}

	@Test
	void tasksEnqueuedBeforeStartRunOnceStarted() {
		TaskEngine engine = newEngine(settings(), handler("early", (payload, ctx) -> "ran"));

		String id = engine.enqueue("early", 1);
		assertStays(engine, id, TaskStatus.WAITING);

		engine.start();
		assertThat(awaitStatus(engine, id, TaskStatus.COMPLETED).result().asString()).isEqualTo("ran");
	}

	@Test
	void handlerRegisteredAfterStartGetsAWorker() {
		TaskEngine engine = startEngine(handler("first", (payload, ctx) -> null));
		engine.register(handler("late", "late-queue", 1, (payload, ctx) -> "late"));

		String id = engine.enqueue("late", null);

		Task task = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(task.queue()).isEqualTo("late-queue");
		assertThat(engine.queues()).contains("late-queue", QUEUE);
	}

	@Test
	void enqueueAsyncCompletesWithTheIdOfTheStoredTaskWhichRuns() throws Exception {
		TaskEngine engine = startEngine(handler("echo", (payload, ctx) -> payload.asString() + "!"));

		List<CompletableFuture<String>> futures = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			futures.add(engine.enqueueAsync("echo", "task " + i));
		}

		for (int i = 0; i < futures.size(); i++) {
			String id = futures.get(i).get(10, TimeUnit.SECONDS);
			assertThat(awaitStatus(engine, id, TaskStatus.COMPLETED).result().asString()).isEqualTo("task " + i + "!");
		}
		assertThat(futures.stream().map(CompletableFuture::join).distinct()).hasSize(20);
	}

	@Test
	void enqueueAsyncWithATakenIdempotencyKeyCompletesWithTheExistingId() throws Exception {
		TaskEngine engine = startEngine(handler("echo", (payload, ctx) -> null));
		TaskOptions keyed = TaskOptions.builder().idempotencyKey("async-1").delay(Duration.ofHours(1)).build();
		String first = engine.enqueue("echo", "first", keyed);

		String second = engine.enqueueAsync("echo", "second", keyed).get(10, TimeUnit.SECONDS);

		assertThat(second).isEqualTo(first);
		assertThat(engine.list(TaskQuery.all()).items()).hasSize(1);
	}

	@Test
	void enqueueAsyncRefusesBadInputAtOnceAndStoresNothing() {
		TaskEngine engine = startEngine(handler("any", (payload, ctx) -> null));

		assertThatThrownBy(() -> engine.enqueueAsync("no-such-type", Map.of()))
			.isInstanceOf(UnknownTaskTypeException.class);
		assertThatIllegalArgumentException().isThrownBy(() -> engine.enqueueAsync("any", new Unwritable()))
			.withMessageContaining(Unwritable.class.getName());
		assertThat(engine.list(TaskQuery.all()).items()).isEmpty();
	}

	@Test
	void unknownTypeIsRejectedAndNothingIsStored() {
		TaskEngine engine = startEngine(handler("known", (payload, ctx) -> null));

		assertThatThrownBy(() -> engine.enqueue("no-such-type", Map.of()))
			.isInstanceOfSatisfying(UnknownTaskTypeException.class,
					(ex) -> assertThat(ex.getType()).isEqualTo("no-such-type"))
			.hasMessageContaining("no-such-type");
		assertThat(engine.list(TaskQuery.all()).items()).isEmpty();
	}

	@Test
	void payloadThatCannotBeWrittenIsRejected() {
		TaskEngine engine = startEngine(handler("any", (payload, ctx) -> null));

		assertThatIllegalArgumentException().isThrownBy(() -> engine.enqueue("any", new Unwritable()))
			.withMessageContaining(Unwritable.class.getName());
		assertThat(engine.list(TaskQuery.all()).items()).isEmpty();
	}

	@Test
	void payloadOverTheSizeLimitIsRejected() {
		TaskEngine engine = startEngine(settings().withLimits(settings().progressInterval(), 100),
				handler("any", (payload, ctx) -> null));

		assertThatIllegalArgumentException().isThrownBy(() -> engine.enqueue("any", "x".repeat(200)))
			.withMessageContaining("limit");
		assertThat(engine.list(TaskQuery.all()).items()).isEmpty();
	}

	@Test
	void payloadThatDoesNotBindFailsTheTaskAndTheWorkerGoesOn() {
		JsonMapper mapper = JsonMapper.builder().build();
		TaskEngine engine = startEngine(
				handler("email", QUEUE, 1, (payload, ctx) -> mapper.treeToValue(payload, Email.class).to()));

		String bad = engine.enqueue("email", Map.of("to", "a@example.com", "size", "not a number"),
				TaskOptions.builder().maxAttempts(1).build());
		String good = engine.enqueue("email", new Email("b@example.com", 3));

		Task failed = awaitStatus(engine, bad, TaskStatus.FAILED);
		assertThat(failed.error()).isNotNull();
		assertThat(failed.error().type()).startsWith("tools.jackson");
		assertThat(failed.error().message()).isNotBlank();
		assertThat(failed.payload().get("size").asString()).isEqualTo("not a number");
		assertThat(awaitStatus(engine, good, TaskStatus.COMPLETED).result().asString()).isEqualTo("b@example.com");
	}

	@Test
	void handlerThrowingAnythingFailsOnlyItsTask() {
		List<Throwable> failures = List.of(new IllegalStateException("runtime"), new Exception("checked"),
				new AssertionError("an error"), withoutStackTrace(new OutOfMemoryError("simulated")),
				new StackOverflowError(), new NullPointerException());
		TaskEngine engine = startEngine(handler("thrower", QUEUE, 1, (payload, ctx) -> {
			int index = payload.asInt();
			if (index < failures.size()) {
				Throwable failure = failures.get(index);
				if (failure instanceof Exception ex) {
					throw ex;
				}
				throw (Error) failure;
			}
			return "survived";
		}));
		TaskOptions once = TaskOptions.builder().maxAttempts(1).build();

		for (int i = 0; i < failures.size(); i++) {
			String id = engine.enqueue("thrower", i, once);
			TaskError error = awaitStatus(engine, id, TaskStatus.FAILED).error();
			Throwable expected = failures.get(i);
			assertThat(error.type()).isEqualTo(expected.getClass().getName());
			assertThat(error.message()).isEqualTo(
					(expected.getMessage() != null) ? expected.getMessage() : expected.getClass().getSimpleName());
			assertThat(error.stackTrace()).isNotNull();
		}
		String last = engine.enqueue("thrower", failures.size(), once);
		assertThat(awaitStatus(engine, last, TaskStatus.COMPLETED).result().asString()).isEqualTo("survived");
	}

	@Test
	void resultThatCannotBeWrittenFailsTheTask() {
		TaskEngine engine = startEngine(handler("bad-result", (payload, ctx) -> new Unwritable()));

		String id = engine.enqueue("bad-result", null, TaskOptions.builder().maxAttempts(1).build());

		Task task = awaitStatus(engine, id, TaskStatus.FAILED);
		assertThat(task.error().message()).contains("cannot be written as JSON");
		assertThat(task.result()).isNull();
	}

	@Test
	void resultOverTheSizeLimitFailsTheTask() {
		TaskEngine engine = startEngine(settings().withLimits(settings().progressInterval(), 100),
				handler("big-result", (payload, ctx) -> "x".repeat(500)));

		String id = engine.enqueue("big-result", null, TaskOptions.builder().maxAttempts(1).build());

		Task task = awaitStatus(engine, id, TaskStatus.FAILED);
		assertThat(task.error().message()).contains("limit is 100");
		assertThat(task.result()).isNull();
	}

	@Test
	void hugeErrorMessageIsCut() {
		TaskEngine engine = startEngine(handler("loud", (payload, ctx) -> {
			throw new IllegalStateException("e".repeat(200_000));
		}));

		String id = engine.enqueue("loud", null, TaskOptions.builder().maxAttempts(1).build());

		Task task = awaitStatus(engine, id, TaskStatus.FAILED);
		assertThat(task.error().message()).startsWith("eeee").hasSizeLessThan(5000);
		assertThat(task.error().type()).isEqualTo(IllegalStateException.class.getName());
	}

	@Test
	void optionsOverrideHandlerSettingsWhichOverrideDefaults() {
		TaskEngine engine = newEngine(settings(), new HandlerDefinition("configured", QUEUE, 0, 5,
				Duration.ofSeconds(7), (payload, ctx) -> null, "configured handler"));

		Task byHandler = task(engine, engine.enqueue("configured", null));
		Task byOptions = task(engine, engine.enqueue("configured", null,
				TaskOptions.builder().maxAttempts(2).timeout(Duration.ofSeconds(3)).priority(4).build()));

		assertThat(byHandler.maxAttempts()).isEqualTo(5);
		assertThat(byHandler.timeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(byHandler.priority()).isZero();
		assertThat(byOptions.maxAttempts()).isEqualTo(2);
		assertThat(byOptions.timeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(byOptions.priority()).isEqualTo(4);
	}

	/**
	 * The engine logs virtual machine errors with their stack: keep the test's log short.
	 */
	private static Error withoutStackTrace(Error error) {
		error.setStackTrace(new StackTraceElement[0]);
		return error;
	}

	/** A payload binding target. */
	record Email(String to, int size) {

	}

	/** A value Jackson cannot write: its only property throws. */
	public static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("cannot read this value");
		}

	}

}
