package dev.taskqueue.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.taskqueue.Priority;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.UnknownTaskTypeException;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tasks claimed by an instance that has no handler for their type, as in a rolling deploy
 * that adds a type (an upgraded instance enqueues, an old one claims): handed back for an
 * instance that has the handler, without an attempt, out of reach for a while so that the
 * old instance does not claim them straight back, then at their place again; failed once
 * handed back too often. Two engines on one backend (on a shared backend, each with its
 * own connections) stand for the two instances.
 */
public abstract class MissingHandlerContract extends ContractTestSupport {

	/** At least the engine's hand-back delay. */
	private static final Duration HAND_BACK_DELAY = Duration.ofSeconds(5);

	private static final TaskError NO_HANDLER = new TaskError("no instance has a handler for type 'new-type'",
			UnknownTaskTypeException.class.getName(), null);

	protected MissingHandlerContract(TaskQueueContractTests suite) {
		super(suite);
	}

	/**
	 * An instance of the new version, not started: it handles the old and the new type.
	 */
	private TaskEngine upgraded() {
		return newEngine(backend(), settings(), handler("old-type", (payload, ctx) -> "old"),
				handler("new-type", (payload, ctx) -> "new, attempt " + ctx.attempt()));
	}

	/** An instance of the old version, started: it handles the old type only. */
	private TaskEngine old() {
		TaskEngine engine = newEngine(peerBackend(), settings(), handler("old-type", (payload, ctx) -> "old"));
		engine.start();
		return engine;
	}

	private ClaimedTask claimOne() {
		List<ClaimedTask> claims = backend().claim(QUEUE, 1, Duration.ofSeconds(30));
		assertThat(claims).hasSize(1);
		return claims.get(0);
	}

	private List<String> claimIds(int max) {
		List<String> ids = new ArrayList<>();
		List<ClaimedTask> claim;
		while (ids.size() < max && !(claim = backend().claim(QUEUE, 1, Duration.ofSeconds(30))).isEmpty()) {
			ids.add(claim.get(0).id());
		}
		return ids;
	}

	@Test
	void instanceWithoutTheHandlerHandsTheTaskBackWithoutAnAttemptAndDoesNotClaimItAgainAtOnce() {
		TaskEngine upgraded = upgraded();
		TaskEngine old = old();

		String id = upgraded.enqueue("new-type", null);

		Task handedBack = awaitStatus(upgraded, id, TaskStatus.DELAYED);
		assertThat(handedBack.attempts()).isZero();
		assertThat(handedBack.error()).isNull();
		assertThat(handedBack.scheduledAt()).isAfter(this.clock.instant());
		awaitEvent(id, TaskEventType.WAITING);
		assertStays(upgraded, id, TaskStatus.DELAYED);
		assertThat(this.events.count(id, TaskEventType.ACTIVE)).as("claims of the task while the clock stands still")
			.isEqualTo(1);
		String oldType = upgraded.enqueue("old-type", null);
		assertThat(awaitStatus(old, oldType, TaskStatus.COMPLETED).result().asString())
			.as("the old instance goes on with the types it handles")
			.isEqualTo("old");
	}

	@Test
	void handedBackTaskRunsOnAnInstanceThatHasTheHandler() {
		TaskEngine upgraded = upgraded();
		TaskEngine old = old();
		String id = upgraded.enqueue("new-type", null);
		awaitStatus(upgraded, id, TaskStatus.DELAYED);

		upgraded.start();
		int rounds = 0;
		while (statusOf(upgraded, id) != TaskStatus.COMPLETED) {
			// whichever instance claims first when the delay ends gets the task
			assertThat(rounds++).as("rounds in which only the old instance claimed the task").isLessThan(50);
			advance(HAND_BACK_DELAY, upgraded, old);
			await().until(() -> roundEnded(upgraded, id));
		}

		Task done = task(upgraded, id);
		assertThat(done.result().asString()).isEqualTo("new, attempt 1");
		assertThat(done.attempts()).isEqualTo(1);
		awaitEvent(id, TaskEventType.COMPLETED);
		assertThat(this.events.count(id, TaskEventType.ACTIVE)).isEqualTo(rounds + 1);
	}

	/** Whether the task ran, or was handed back for a time still to come. */
	private boolean roundEnded(TaskEngine engine, String id) {
		Task task = task(engine, id);
		return task.status() == TaskStatus.COMPLETED
				|| (task.status() == TaskStatus.DELAYED && task.scheduledAt().isAfter(this.clock.instant()));
	}

	@Test
	void handedBackTaskWaitsOutItsDelayThenGoesBeforeTheTasksThatBecameReadyAfterIt() {
		TaskEngine upgraded = upgraded();
		String first = upgraded.enqueue("new-type", "first");
		String second = upgraded.enqueue("old-type", "second");
		String third = upgraded.enqueue("old-type", "third");
		ClaimedTask claim = claimOne();
		assertThat(claim.id()).isEqualTo(first);
		Instant notBefore = this.clock.instant().plus(HAND_BACK_DELAY);

		assertThat(backend().handBack(claim, notBefore, 10, NO_HANDLER)).isEqualTo(TaskStatus.DELAYED);

		Task delayed = task(upgraded, first);
		assertThat(delayed.status()).isEqualTo(TaskStatus.DELAYED);
		assertThat(delayed.attempts()).isZero();
		assertThat(delayed.scheduledAt()).isEqualTo(notBefore);
		assertThat(backend().release(claim)).as("the lease went with the hand-back").isFalse();
		assertThat(claimIds(1)).as("claimable before the delay ends").containsExactly(second);
		String fourth = upgraded.enqueue("old-type", "fourth");
		this.clock.advance(HAND_BACK_DELAY);
		backend().promoteDue();
		String urgent = upgraded.enqueue("old-type", "urgent", TaskOptions.builder().priority(Priority.HIGH).build());

		assertThat(claimIds(10)).containsExactly(urgent, first, third, fourth);
	}

	@Test
	void taskHandedBackMoreOftenThanAllowedFailsWithTheErrorUntilRetried() {
		TaskEngine upgraded = upgraded();
		String id = upgraded.enqueue("new-type", null);
		for (int i = 0; i < 2; i++) {
			assertThat(backend().handBack(claimOne(), this.clock.instant(), 2, NO_HANDLER))
				.isEqualTo(TaskStatus.DELAYED);
			backend().promoteDue();
		}
		ClaimedTask last = claimOne();
		this.clock.advance(Duration.ofSeconds(1));

		assertThat(backend().handBack(last, this.clock.instant(), 2, NO_HANDLER)).isEqualTo(TaskStatus.FAILED);

		Task failed = task(upgraded, id);
		assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
		assertThat(failed.attempts()).isZero();
		assertThat(failed.error().message()).isEqualTo(NO_HANDLER.message());
		assertThat(failed.error().type()).isEqualTo(UnknownTaskTypeException.class.getName());
		assertThat(failed.finishedAt()).isEqualTo(this.clock.instant());
		awaitEvent(id, TaskEventType.FAILED);
		assertThat(backend().handBack(last, this.clock.instant(), 2, NO_HANDLER)).as("lease no longer held").isNull();
		assertThat(upgraded.stats(QUEUE).metrics().failed()).isEqualTo(1);

		upgraded.retry(id);
		assertThat(backend().handBack(claimOne(), this.clock.instant(), 2, NO_HANDLER))
			.as("a retry starts the count again")
			.isEqualTo(TaskStatus.DELAYED);
	}

}
