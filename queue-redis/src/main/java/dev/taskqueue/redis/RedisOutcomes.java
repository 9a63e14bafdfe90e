package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.taskqueue.Task;
import dev.taskqueue.redis.ProducerArgs.NewTaskArgs;
import dev.taskqueue.redis.RedisScripts.Script;
import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.redis.WorkerArgs.Finish;
import dev.taskqueue.redis.WorkerArgs.OutcomeArgs;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskOutcome;

import static dev.taskqueue.redis.ScriptValues.text;

/**
 * Records how attempts ended ({@code finish.lua}): outcomes that workers record for one
 * queue at about the same time share one call ({@link CombinedCalls}), each fenced by its
 * own lease and keeping its own answer; in the same step each may store the next
 * occurrence of a repeating task and claim the next waiting task for its worker.
 * Thread-safe.
 */
final class RedisOutcomes {

	private final RedisConnections connections;

	private final TaskRecords records;

	private final Clock clock;

	private final CombinedCalls<Group<OutcomeArgs>, Finished> combined;

	RedisOutcomes(RedisScripts scripts, RedisConnections connections, TaskRecords records, Clock clock,
			RetentionPolicy retention, Supplier<EventDemand> events) {
		this.connections = connections;
		this.records = records;
		this.clock = clock;
		this.combined = new CombinedCalls<>(scripts, connections, clock, Script.FINISH, new CombinedCalls.Form<>() {

			@Override
			public ScriptArgs args(String queue, Instant now, List<Group<OutcomeArgs>> outcomes) {
				// the queue's own retention, if it has one: a call carries one queue's
				// outcomes
				RetentionPolicy kept = retention.forQueue(queue);
				return new Finish(now, events.get(), WorkerArgs.newTokenBase(), kept.completed().maxCount(),
						kept.failed().maxCount(), outcomes);
			}

			@Override
			public long size(Group<OutcomeArgs> outcome) {
				return outcome.size();
			}

			@Override
			public int read(List<?> reply, int at, Instant now, CompletableFuture<Finished> answer) {
				long code = (Long) reply.get(at);
				if (code == 2) {
					answer.complete(new Finished(code, (byte[]) reply.get(at + 1), (byte[]) reply.get(at + 2),
							(byte[]) reply.get(at + 3), now));
					return at + 4;
				}
				answer.complete(new Finished(code, null, null, null, now));
				return at + 1;
			}

		});
	}

	/**
	 * What {@code finish.lua} answered for one outcome.
	 *
	 * @param code 0 when the lease was not held, 1 when the outcome was recorded, 2 when
	 * it was and a next task was claimed
	 * @param id the id of the task claimed next, or {@code null}
	 * @param token its lease token, or {@code null}
	 * @param record its record, or {@code null}
	 * @param now the time of the call (the claim's start)
	 */
	private record Finished(long code, byte[] id, byte[] token, byte[] record, Instant now) {

	}

	/**
	 * Records an outcome, as {@link dev.taskqueue.spi.TaskBackend#finish} says.
	 * @param outcome the outcome
	 * @param claimNext whether to claim the next waiting task of the queue in the same
	 * step
	 * @param lease the lease of that claim
	 * @return whether the lease was held, and the task claimed next
	 */
	FinishResult finish(TaskOutcome outcome, boolean claimNext, Duration lease) {
		ClaimedTask claim = outcome.claim();
		Task task = claim.task();
		String kind;
		String text;
		Instant at;
		if (outcome instanceof TaskOutcome.Completed completed) {
			kind = "completed";
			text = this.records.json(completed.result());
			at = completed.finishedAt();
		}
		else {
			TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
			kind = (failed.retryAt() != null) ? "retrying" : "failed";
			text = this.records.json(failed.error());
			at = (failed.retryAt() != null) ? failed.retryAt() : failed.finishedAt();
		}
		long millis = (task.startedAt() != null)
				? Math.max(0, Duration.between(task.startedAt(), outcome.finishedAt()).toMillis()) : 0;
		Group<OutcomeArgs> values = Group
			.of(new OutcomeArgs(claim.id(), claim.leaseToken(), kind, text, at, millis, claimNext, lease.toMillis()));
		Finished finished = this.connections.await(this.combined.submit(task.queue(), values));
		if (finished.code() == 0) {
			return new FinishResult(false, null);
		}
		if (finished.code() == 1) {
			return new FinishResult(true, null);
		}
		String id = text(finished.id());
		return new FinishResult(true, new ClaimedTask(this.records.task(task.queue(), id, finished.record()),
				text(finished.token()), finished.now().plus(lease)));
	}

	/**
	 * Fails every outcome waiting to be sent or on its way (Redis became unreachable).
	 * @param failure the failure each gets
	 */
	void failAll(RuntimeException failure) {
		this.combined.failAll(failure);
	}

}
