package dev.taskqueue.contract;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskqueue.Backoff;
import dev.taskqueue.Task;
import dev.taskqueue.TaskLimits;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEventType;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Values at and beyond the edges of {@link TaskLimits}: the edges work the same on every
 * backend, and what lies beyond is refused at enqueue, before any backend sees it.
 */
public abstract class LimitsContract extends ContractTestSupport {

	private static final JsonMapper json = JsonMapper.builder().build();

	protected LimitsContract(TaskQueueContractTests suite) {
		super(suite);
	}

	@Test
	void latestInstantIsKeptExactlyAndStaysDelayed() {
		AtomicInteger runs = new AtomicInteger();
		TaskEngine engine = startEngine(handler("count", (payload, ctx) -> runs.incrementAndGet()));

		String id = engine.enqueue("count", null, TaskOptions.builder().runAt(TaskLimits.MAX_INSTANT).build());

		assertThat(task(engine, id).scheduledAt()).isEqualTo(TaskLimits.MAX_INSTANT);
		advance(Duration.ofDays(365), engine);
		assertStays(engine, id, TaskStatus.DELAYED);
		assertThat(runs).hasValue(0);
	}

	@Test
	void instantsOutsideTheRangeAreRefusedNamingTheRange() {
		TaskEngine engine = startEngine(handler("count", (payload, ctx) -> null));

		for (Instant instant : List.of(TaskLimits.MAX_INSTANT.plusMillis(1),
				Instant.parse("+300000000-01-01T00:00:00Z"), Instant.MAX, TaskLimits.MIN_INSTANT.minusMillis(1),
				Instant.MIN)) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> engine.enqueue("count", null, TaskOptions.builder().runAt(instant).build()))
				.withMessageContaining("runAt must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z");
		}
		assertThat(engine.list(TaskQuery.all()).items()).isEmpty();
	}

	@Test
	void durationsBeyondTheLongestAreRefusedNamingTheField() {
		Duration tooLong = TaskLimits.MAX_DURATION.plusMillis(1);
		Duration huge = Duration.ofHours(9_999_999_999_999L);

		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().timeout(huge).build())
			.withMessageContaining("timeout must be between 0 and 36500 days");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().delay(tooLong).build())
			.withMessageContaining("delay must be between 0 and 36500 days");
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.fixed(huge))
			.withMessageContaining("backoff delay must be between 0 and 36500 days");
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.exponential(Duration.ofSeconds(1), huge))
			.withMessageContaining("backoff max delay must be between 0 and 36500 days");
		assertThatIllegalArgumentException().isThrownBy(() -> TaskOptions.builder().every(huge).build())
			.withMessageContaining("repeat interval must be between 0 and 36500 days");
		TaskEngine engine = startEngine(handler("count", (payload, ctx) -> null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> engine.clean(QUEUE, null, Duration.ofSeconds(Long.MAX_VALUE)))
			.withMessageContaining("olderThan must be between 0 and 36500 days");
	}

	@Test
	void longestTimeoutRunsTheTaskOnce() {
		AtomicInteger runs = new AtomicInteger();
		TaskEngine engine = startEngine(handler("count", (payload, ctx) -> runs.incrementAndGet()));

		String id = engine.enqueue("count", null, TaskOptions.builder().timeout(TaskLimits.MAX_DURATION).build());

		awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(runs).hasValue(1);
		assertThat(task(engine, id).timeout()).isEqualTo(TaskLimits.MAX_DURATION);
	}

	@Test
	void longestBackoffWaitsInsteadOfRunningAgain() {
		AtomicInteger runs = new AtomicInteger();
		TaskEngine engine = startEngine(handler("fail", (payload, ctx) -> {
			runs.incrementAndGet();
			throw new IllegalStateException("always");
		}));

		String id = engine.enqueue("fail", null,
				TaskOptions.builder().backoff(Backoff.fixed(TaskLimits.MAX_DURATION)).build());

		Task retrying = awaitStatus(engine, id, TaskStatus.RETRYING);
		assertThat(retrying.scheduledAt()).isEqualTo(START.plus(TaskLimits.MAX_DURATION));
		advance(Duration.ofDays(1), engine);
		assertStays(engine, id, TaskStatus.RETRYING);
		assertThat(runs).hasValue(1);
	}

	@Test
	void extremePrioritiesKeepTheirOrder() {
		TaskEngine engine = newEngine(settings(), handler("count", QUEUE, 1, (payload, ctx) -> null));
		engine.pause(QUEUE);
		String lowest = engine.enqueue("count", null, TaskOptions.builder().priority(Integer.MIN_VALUE).build());
		String normal = engine.enqueue("count", null);
		String highest = engine.enqueue("count", null, TaskOptions.builder().priority(Integer.MAX_VALUE).build());

		assertThat(task(engine, lowest).priority()).isEqualTo(Integer.MIN_VALUE);
		assertThat(task(engine, highest).priority()).isEqualTo(Integer.MAX_VALUE);
		List<String> started = new CopyOnWriteArrayList<>();
		engine.addListener((event) -> {
			if (event.type() == TaskEventType.ACTIVE) {
				started.add(event.taskId());
			}
		});
		engine.start();
		engine.resume(QUEUE);
		await().untilAsserted(() -> assertThat(started).hasSize(3));
		assertThat(started).containsExactly(highest, normal, lowest);
	}

	@Test
	void deepestPayloadRoundTripsAndDeeperIsRefused() {
		TaskEngine engine = startEngine(handler("echo", (payload, ctx) -> payload));
		JsonNode deepest = nested(TaskLimits.MAX_JSON_DEPTH);

		String id = engine.enqueue("echo", deepest);

		Task done = awaitStatus(engine, id, TaskStatus.COMPLETED);
		assertThat(done.payload()).isEqualTo(deepest);
		assertThat(done.result()).isEqualTo(deepest);
		assertThat(engine.list(TaskQuery.all()).items()).extracting(Task::id).containsExactly(id);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> engine.enqueue("echo", nested(TaskLimits.MAX_JSON_DEPTH + 1)))
			.withMessageContaining("payload")
			.withMessageContaining("is nested more than 100 levels deep");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> engine.enqueue("echo", List.of(Map.of("a", nested(TaskLimits.MAX_JSON_DEPTH - 1)))))
			.withMessageContaining("payload[0].a");
	}

	@Test
	void loneSurrogatesAreRefusedWhereverTheyAre() {
		TaskEngine engine = startEngine(handler("echo", (payload, ctx) -> payload));

		assertThatIllegalArgumentException().isThrownBy(() -> engine.enqueue("echo", "x\ud800y"))
			.withMessageContaining("payload holds a lone surrogate (\\ud800 at index 1)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> engine.enqueue("echo", Map.of("list", List.of("ok", "\udc00"))))
			.withMessageContaining("payload.list[1] holds a lone surrogate");
		assertThatIllegalArgumentException().isThrownBy(() -> engine.enqueue("echo", Map.of("k\ud83d", 1)))
			.withMessageContaining("payload has a field name that holds a lone surrogate");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> engine.enqueue("echo", null, TaskOptions.builder().idempotencyKey("a\udbff").build()))
			.withMessageContaining("idempotencyKey holds a lone surrogate");
		assertThat(engine.list(TaskQuery.all()).items()).isEmpty();
	}

	@Test
	void everyWellFormedStringAndNumberRoundTripsExactly() {
		TaskEngine engine = startEngine(handler("echo", (payload, ctx) -> payload));
		ObjectNode payload = JsonNodeFactory.instance.objectNode();
		payload.put("emoji", "\ud83d\ude00 \ud83c\uddeb\ud83c\uddf7 \ud83d\udc69\u200d\ud83d\udcbb");
		payload.put("controls", "\u0000\u0001\u001f\u007f\t\n\r\"\\/");
		payload.put("separators", "\u2028\u2029\ufeff\uffff\ufffd");
		payload.put("scripts", "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u4f60\u597d e\u0301");
		payload.put("long", "x".repeat(20_000));
		payload.put("", "empty field name");
		payload.put("maxLong", Long.MAX_VALUE);
		payload.put("minLong", Long.MIN_VALUE);
		payload.put("big", new BigInteger("123456789012345678901234567890"));
		payload.put("maxDouble", Double.MAX_VALUE);
		payload.put("minDouble", Double.MIN_VALUE);
		payload.put("negativeZero", -0.0);
		String key = "key \ud83d\ude00 \u0000";

		String id = engine.enqueue("echo", payload, TaskOptions.builder().idempotencyKey(key).build());

		Task done = awaitStatus(engine, id, TaskStatus.COMPLETED);
		JsonNode expected = json.readTree(json.writeValueAsBytes(payload));
		assertThat(done.payload()).isEqualTo(expected);
		assertThat(done.result()).isEqualTo(expected);
		assertThat(done.idempotencyKey()).isEqualTo(key);
		assertThat(engine.enqueue("echo", payload, TaskOptions.builder().idempotencyKey(key).build())).isEqualTo(id);
		assertThat(engine.enqueue("echo", payload,
				TaskOptions.builder().idempotencyKey("key \ud83d\ude01 \u0000").build()))
			.isNotEqualTo(id);
	}

	private static JsonNode nested(int depth) {
		ArrayNode root = JsonNodeFactory.instance.arrayNode();
		ArrayNode current = root;
		for (int i = 1; i < depth; i++) {
			current = current.addArray();
		}
		current.add("bottom");
		return root;
	}

}
