package dev.taskqueue.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskqueue.Priority;
import dev.taskqueue.Task;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.UnknownTaskTypeException;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEventType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which task runs first, bulk enqueue, and idempotency keys.
 */
public abstract class OrderingContract extends ContractTestSupport {

	private final List<String> ran = new CopyOnWriteArrayList<>();

	protected OrderingContract(TaskQueueContractTests suite) {
		super(suite);
	}

	/** A single-slot engine whose queue is paused, so tests can fill it first. */
	private TaskEngine pausedSerialEngine() {
		TaskEngine engine = startEngine(handler("record", QUEUE, 1, (payload, ctx) -> {
			this.ran.add(payload.asString());
			return null;
		}));
		engine.pause(QUEUE);
		return engine;
	}

	@Test
	void higherPriorityRunsFirstAndEqualPrioritiesInArrivalOrder() {
		TaskEngine engine = pausedSerialEngine();
		Map<String, Integer> enqueued = new LinkedHashMap<>();
		enqueued.put("normal-1", Priority.NORMAL.value());
		enqueued.put("low-1", Priority.LOW.value());
		enqueued.put("high-1", Priority.HIGH.value());
		enqueued.put("normal-2", Priority.NORMAL.value());
		enqueued.put("critical-1", Priority.CRITICAL.value());
		enqueued.put("high-2", Priority.HIGH.value());
		enqueued.put("custom-15", 15);
		enqueued.put("normal-3", Priority.NORMAL.value());
		enqueued.put("low-2", Priority.LOW.value());
		enqueued.put("custom-minus-1000", -1000);
		enqueued.put("critical-2", Priority.CRITICAL.value());
		List<String> ids = new ArrayList<>();
		enqueued.forEach((name, priority) -> ids
			.add(engine.enqueue("record", name, TaskOptions.builder().priority(priority).build())));
		assertStays(engine, ids.get(0), TaskStatus.WAITING);

		engine.resume(QUEUE);

		ids.forEach((id) -> awaitStatus(engine, id, TaskStatus.COMPLETED));
		assertThat(this.ran).containsExactly("critical-1", "critical-2", "custom-15", "high-1", "high-2", "normal-1",
				"normal-2", "normal-3", "low-1", "low-2", "custom-minus-1000");
	}

	@Test
	void priorityIsStoredOnTheTask() {
		TaskEngine engine = pausedSerialEngine();

		String id = engine.enqueue("record", "x", TaskOptions.builder().priority(Priority.HIGH).build());
		String plain = engine.enqueue("record", "y");

		assertThat(task(engine, id).priority()).isEqualTo(10);
		assertThat(task(engine, plain).priority()).isZero();
	}

	@Test
	void bulkEnqueueReturnsIdsInOrderAndRunsThemInOrder() {
		TaskEngine engine = pausedSerialEngine();
		List<TaskRequest> requests = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			requests.add(TaskRequest.of("record", "bulk-" + i));
		}

		List<String> ids = engine.enqueueAll(requests);

		assertThat(ids).hasSize(20).doesNotHaveDuplicates();
		for (int i = 0; i < ids.size(); i++) {
			Task task = task(engine, ids.get(i));
			assertThat(task.payload().asString()).isEqualTo("bulk-" + i);
			assertThat(task.status()).isEqualTo(TaskStatus.WAITING);
		}
		assertThat(ids).isSorted();
		engine.resume(QUEUE);
		ids.forEach((id) -> awaitStatus(engine, id, TaskStatus.COMPLETED));
		assertThat(this.ran).containsExactlyElementsOf(requests.stream().map((r) -> (String) r.payload()).toList());
	}

	@Test
	void bulkEnqueueAppliesEachRequestsOptions() {
		TaskEngine engine = pausedSerialEngine();

		List<String> ids = engine.enqueueAll(List.of(TaskRequest.of("record", "plain"),
				TaskRequest.of("record", "later", TaskOptions.builder().delay(Duration.ofHours(1)).build()),
				TaskRequest.of("record", "urgent", TaskOptions.builder().priority(Priority.CRITICAL).build())));

		assertThat(task(engine, ids.get(0)).status()).isEqualTo(TaskStatus.WAITING);
		assertThat(task(engine, ids.get(1)).status()).isEqualTo(TaskStatus.DELAYED);
		assertThat(task(engine, ids.get(2)).priority()).isEqualTo(Priority.CRITICAL.value());
		engine.resume(QUEUE);
		awaitStatus(engine, ids.get(0), TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly("urgent", "plain");
	}

	@Test
	void bulkEnqueueIsAllOrNothing() {
		TaskEngine engine = pausedSerialEngine();

		assertThatExceptionOfType(UnknownTaskTypeException.class)
			.isThrownBy(() -> engine.enqueueAll(List.of(TaskRequest.of("record", "a"), TaskRequest.of("nope", "b"))))
			.withMessageContaining("nope");
		assertThatIllegalArgumentException().isThrownBy(() -> engine.enqueueAll(
				List.of(TaskRequest.of("record", "a"), TaskRequest.of("record", new ProcessingContract.Unwritable()))));
		assertThat(engine.list(TaskQuery.all()).items()).isEmpty();
		assertThat(engine.enqueueAll(List.of())).isEmpty();
	}

	@Test
	void idempotencyKeyReturnsTheExistingTask() {
		TaskEngine engine = pausedSerialEngine();
		TaskOptions keyed = TaskOptions.builder().idempotencyKey("order-42").build();

		String first = engine.enqueue("record", "first", keyed);
		String second = engine.enqueue("record", "second", keyed);
		String other = engine.enqueue("record", "other", TaskOptions.builder().idempotencyKey("order-43").build());

		assertThat(second).isEqualTo(first);
		assertThat(other).isNotEqualTo(first);
		assertThat(task(engine, first).payload().asString()).isEqualTo("first");
		assertThat(task(engine, first).idempotencyKey()).isEqualTo("order-42");
		assertThat(engine.list(TaskQuery.all()).items()).hasSize(2);
		awaitEvent(other, TaskEventType.ADDED);
		assertThat(this.events.count(first, TaskEventType.ADDED)).isEqualTo(1);

		engine.resume(QUEUE);
		awaitStatus(engine, first, TaskStatus.COMPLETED);
		assertThat(engine.enqueue("record", "third", keyed)).as("a finished task still holds its key").isEqualTo(first);
		awaitStatus(engine, other, TaskStatus.COMPLETED);
		assertThat(this.ran).containsExactly("first", "other");
	}

	@Test
	void idempotencyKeysApplyWithinOneQueue() {
		TaskEngine engine = pausedSerialEngine();

		String here = engine.enqueue("record", "here", TaskOptions.builder().idempotencyKey("k").build());
		String elsewhere = engine.enqueue("record", "elsewhere",
				TaskOptions.builder().idempotencyKey("k").queue("elsewhere").build());

		assertThat(elsewhere).isNotEqualTo(here);
		assertThat(task(engine, elsewhere).queue()).isEqualTo("elsewhere");
		assertThat(
				engine.enqueue("record", "again", TaskOptions.builder().idempotencyKey("k").queue("elsewhere").build()))
			.isEqualTo(elsewhere);
	}

	@Test
	void idempotencyKeyIsFreeAgainOnceItsTaskIsGone() {
		TaskEngine engine = pausedSerialEngine();
		TaskOptions keyed = TaskOptions.builder().idempotencyKey("once").build();
		String first = engine.enqueue("record", "first", keyed);

		assertThat(engine.remove(first)).isTrue();
		String again = engine.enqueue("record", "again", keyed);

		assertThat(again).isNotEqualTo(first);
		assertThat(task(engine, again).payload().asString()).isEqualTo("again");
	}

	@Test
	void bulkEnqueueHonoursIdempotencyKeysWithinAndAcrossCalls() {
		TaskEngine engine = pausedSerialEngine();
		TaskOptions keyed = TaskOptions.builder().idempotencyKey("bulk-key").build();
		String existing = engine.enqueue("record", "existing", TaskOptions.builder().idempotencyKey("old").build());

		List<String> ids = engine.enqueueAll(List.of(TaskRequest.of("record", "a", keyed),
				TaskRequest.of("record", "b", keyed), TaskRequest.of("record", "c"),
				TaskRequest.of("record", "d", TaskOptions.builder().idempotencyKey("old").build())));

		assertThat(ids.get(1)).isEqualTo(ids.get(0));
		assertThat(ids.get(3)).isEqualTo(existing);
		assertThat(ids.get(2)).isNotIn(ids.get(0), existing);
		assertThat(engine.list(TaskQuery.all()).items()).hasSize(3);
	}

	@Test
	void idsAreUniqueAndGrowWithTime() {
		TaskEngine engine = pausedSerialEngine();
		List<String> ids = new ArrayList<>();
		AtomicInteger n = new AtomicInteger();
		for (int i = 0; i < 50; i++) {
			ids.add(engine.enqueue("record", "id-" + n.incrementAndGet()));
			if (i % 10 == 0) {
				this.clock.advance(Duration.ofMillis(3));
			}
		}
		assertThat(ids).doesNotHaveDuplicates().isSorted();
	}

}
