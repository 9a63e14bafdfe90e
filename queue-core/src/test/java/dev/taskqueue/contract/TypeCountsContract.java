package dev.taskqueue.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts by task type and status, kept by the backend as tasks change: after every kind
 * of change they must equal the counts of the tasks a listing finds.
 */
public abstract class TypeCountsContract extends ContractTestSupport {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final TaskError BOOM = new TaskError("boom", "java.lang.IllegalStateException", null);

	private static final String OTHER_QUEUE = "other-queue";

	protected TypeCountsContract(TaskQueueContractTests suite) {
		super(suite);
	}

	private static HandlerDefinition handler(String type, String queue) {
		return handler(type, queue, 2, (payload, ctx) -> {
			if ("fail".equals(payload.asString())) {
				throw new IllegalStateException("fails");
			}
			return null;
		});
	}

	/** An engine, not started, for the types alpha, beta, gamma (and delta elsewhere). */
	private TaskEngine idleEngine() {
		return newEngine(settings(), handler("alpha", QUEUE), handler("beta", QUEUE), handler("gamma", QUEUE),
				handler("delta", OTHER_QUEUE));
	}

	/** Checks the counts of both queues against a listing of every task. */
	private void assertCountsMatchTheTasks(TaskEngine engine, String step) {
		for (String queue : List.of(QUEUE, OTHER_QUEUE)) {
			Map<String, Map<TaskStatus, Long>> listed = new TreeMap<>();
			String cursor = null;
			do {
				TaskPage page = engine.list(new TaskQuery(queue, null, Set.of(), TaskQuery.MAX_LIMIT, cursor));
				for (Task task : page.items()) {
					listed.computeIfAbsent(task.type(), (type) -> allZero()).merge(task.status(), 1L, Long::sum);
				}
				cursor = page.nextCursor();
			}
			while (cursor != null);
			QueueStats stats = engine.stats(queue);
			assertThat(stats.countsByType()).as("counts by type of %s after %s", queue, step).isEqualTo(listed);
			assertThat(List.copyOf(stats.countsByType().keySet())).as("sorted by type")
				.isEqualTo(List.copyOf(listed.keySet()));
			for (TaskStatus status : TaskStatus.values()) {
				long sum = stats.countsByType().values().stream().mapToLong((counts) -> counts.get(status)).sum();
				assertThat(sum).as("%s of %s after %s, summed over types", status, queue, step)
					.isEqualTo(stats.count(status));
			}
		}
	}

	private static Map<TaskStatus, Long> allZero() {
		Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
		for (TaskStatus status : TaskStatus.values()) {
			counts.put(status, 0L);
		}
		return counts;
	}

	private ClaimedTask claimOne() {
		List<ClaimedTask> claims = backend().claim(QUEUE, 1, LEASE);
		assertThat(claims).hasSize(1);
		return claims.get(0);
	}

	private void complete(ClaimedTask claim) {
		assertThat(
				backend().finish(new TaskOutcome.Completed(claim, null, this.clock.instant()), false, LEASE).accepted())
			.isTrue();
	}

	private void fail(ClaimedTask claim, Instant retryAt) {
		assertThat(backend().finish(new TaskOutcome.Failed(claim, BOOM, this.clock.instant(), retryAt), false, LEASE)
			.accepted()).isTrue();
	}

	/** The id of some task of the queue with a status. */
	private static String any(TaskEngine engine, TaskStatus status) {
		List<Task> found = engine.list(new TaskQuery(QUEUE, null, Set.of(status), 1, null)).items();
		assertThat(found).as("a %s task", status).isNotEmpty();
		return found.get(0).id();
	}

	@Test
	void countsByTypeFollowEveryChangeOfStatus() {
		useRetention(new RetentionPolicy(new Retention(3, Duration.ofHours(1)), new Retention(4, Duration.ofHours(2))));
		TaskEngine engine = idleEngine();
		for (int i = 0; i < 6; i++) {
			engine.enqueue("alpha", "a" + i);
			engine.enqueue("beta", "b" + i);
		}
		engine.enqueue("gamma", "later", TaskOptions.builder().delay(Duration.ofMinutes(1)).build());
		engine.enqueue("gamma", "at", TaskOptions.builder().runAt(START.plus(Duration.ofMinutes(2))).build());
		engine.enqueue("delta", "elsewhere");
		engine.enqueue("delta", "elsewhere later", TaskOptions.builder().delay(Duration.ofHours(1)).build());
		assertCountsMatchTheTasks(engine, "enqueue");
		assertThat(engine.stats(QUEUE).count("alpha", TaskStatus.WAITING)).isEqualTo(6);
		assertThat(engine.stats(QUEUE).count("gamma", TaskStatus.DELAYED)).isEqualTo(2);
		assertThat(engine.stats(QUEUE).count("nope", TaskStatus.WAITING)).isZero();

		List<ClaimedTask> claims = backend().claim(QUEUE, 5, LEASE);
		assertThat(claims).hasSize(5);
		assertCountsMatchTheTasks(engine, "claim");

		complete(claims.get(0));
		fail(claims.get(1), this.clock.instant().plusSeconds(30));
		fail(claims.get(2), null);
		complete(claims.get(3));
		assertCountsMatchTheTasks(engine, "finish: completed, retrying, failed");

		complete(claimOne());
		complete(claimOne());
		assertCountsMatchTheTasks(engine, "finish beyond the completed tasks kept");
		fail(claimOne(), null);
		assertCountsMatchTheTasks(engine, "another failure");

		this.clock.advance(Duration.ofMinutes(1));
		backend().promoteDue();
		assertCountsMatchTheTasks(engine, "promote of delayed and retrying tasks");

		backend().claim(QUEUE, 2, LEASE);
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(backend().recoverStalled(2)).isEqualTo(3);
		assertCountsMatchTheTasks(engine, "stalled tasks back to waiting");
		claimOne();
		this.clock.advance(LEASE.plusSeconds(1));
		assertThat(backend().recoverStalled(0)).isEqualTo(1);
		assertCountsMatchTheTasks(engine, "stalled task failed");

		assertThat(backend().handBack(claimOne(), this.clock.instant().plusSeconds(5), 3, BOOM))
			.isEqualTo(TaskStatus.DELAYED);
		assertCountsMatchTheTasks(engine, "hand-back");
		assertThat(backend().handBack(claimOne(), this.clock.instant(), 0, BOOM)).isEqualTo(TaskStatus.FAILED);
		assertCountsMatchTheTasks(engine, "hand-back beyond its limit");
		assertThat(backend().release(claimOne())).isTrue();
		assertCountsMatchTheTasks(engine, "release");

		engine.cancel(any(engine, TaskStatus.WAITING));
		engine.cancel(any(engine, TaskStatus.DELAYED));
		engine.cancel(claimOne().id());
		assertCountsMatchTheTasks(engine, "cancel of a waiting, a delayed and an active task");

		engine.remove(any(engine, TaskStatus.COMPLETED));
		engine.remove(any(engine, TaskStatus.WAITING));
		engine.remove(claimOne().id());
		assertCountsMatchTheTasks(engine, "remove");

		engine.retry(any(engine, TaskStatus.FAILED));
		engine.retry(any(engine, TaskStatus.CANCELLED));
		engine.retry(any(engine, TaskStatus.COMPLETED));
		assertCountsMatchTheTasks(engine, "retry of a failed, a cancelled and a completed task");

		assertThat(engine.drain(QUEUE)).isPositive();
		assertCountsMatchTheTasks(engine, "drain");

		engine.enqueue("alpha", "to complete");
		complete(claimOne());
		engine.enqueue("beta", "to fail");
		fail(claimOne(), null);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(engine.clean(QUEUE, Set.of(TaskStatus.COMPLETED), Duration.ZERO)).isPositive();
		assertCountsMatchTheTasks(engine, "clean of completed tasks");

		this.clock.advance(Duration.ofHours(3));
		assertThat(backend().trim()).isPositive();
		assertCountsMatchTheTasks(engine, "trim by retention age");
	}

	@Test
	void typesAreCountedWhateverTheirCharacters() {
		useRetention(new RetentionPolicy(new Retention(1, Duration.ofHours(1)), new Retention(1, Duration.ofHours(1))));
		List<String> types = List.of("reports/daily", "with:colons", "quote\"and\\backslash", "ünïcødé ✓",
				"\"ty\":\"not a key\"");
		HandlerDefinition[] handlers = types.stream()
			.map((type) -> handler(type, QUEUE))
			.toArray(HandlerDefinition[]::new);
		TaskEngine engine = newEngine(settings(), handlers);
		for (String type : types) {
			engine.enqueue(type, "first");
			engine.enqueue(type, "second");
			engine.enqueue(type, "third", TaskOptions.builder().delay(Duration.ofMinutes(1)).build());
		}
		assertCountsMatchTheTasks(engine, "enqueue");
		for (int i = 0; i < 2 * types.size(); i++) {
			complete(claimOne());
		}
		assertCountsMatchTheTasks(engine, "completions trimmed to one kept");
		assertThat(engine.stats(QUEUE).countsByType()).containsOnlyKeys(types);
		assertThat(engine.drain(QUEUE)).isEqualTo(types.size());
		assertCountsMatchTheTasks(engine, "drain of the delayed tasks");
		assertThat(engine.stats(QUEUE).countsByType()).hasSize(1);
	}

	@Test
	void countsByTypeFollowARunningEngineAndObliterate() {
		TaskEngine engine = idleEngine();
		engine.start();
		String repeating = engine.enqueue("alpha", "repeats",
				TaskOptions.builder().every(Duration.ofMinutes(1)).limit(3).build());
		String failing = engine.enqueue("beta", "fail", TaskOptions.builder().maxAttempts(2).build());
		String done = engine.enqueue("gamma", "ok");
		engine.enqueue("delta", "elsewhere");
		awaitStatus(engine, repeating, TaskStatus.COMPLETED);
		awaitStatus(engine, failing, TaskStatus.FAILED);
		awaitStatus(engine, done, TaskStatus.COMPLETED);
		await().until(() -> engine.stats(OTHER_QUEUE).count(TaskStatus.COMPLETED) == 1);
		assertCountsMatchTheTasks(engine, "a running engine's work, a repeat's first occurrence included");
		assertThat(engine.stats(QUEUE).count("alpha", TaskStatus.COMPLETED)).as("first occurrence").isEqualTo(1);

		engine.obliterate(QUEUE);
		assertCountsMatchTheTasks(engine, "obliterate");
		assertThat(engine.stats(QUEUE).countsByType()).isEmpty();
		assertThat(engine.stats(OTHER_QUEUE).countsByType()).containsOnlyKeys("delta");

		awaitStatus(engine, engine.enqueue("gamma", "after"), TaskStatus.COMPLETED);
		assertCountsMatchTheTasks(engine, "a task after obliterate");
		assertThat(engine.stats(QUEUE).countsByType()).containsOnlyKeys("gamma");
	}

}
