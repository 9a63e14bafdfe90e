package dev.taskqueue.redis;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.redis.ScriptArgs.GroupArgs;
import dev.taskqueue.redis.ScriptArgs.Values;

/**
 * The arguments of the scripts a worker calls on the tasks it runs: {@code claim.lua},
 * {@code finish.lua}, {@code renew.lua}, {@code progress.lua}, {@code release.lua} and
 * {@code handback.lua}. See {@link ScriptArgs} for how a record maps to its script's
 * names.
 */
final class WorkerArgs {

	private WorkerArgs() {
	}

	/**
	 * A new token base: the lease tokens of a call's claims are made from it, unique
	 * without a round trip.
	 * @return 128 random bits in hex
	 */
	static String newTokenBase() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
	}

	/**
	 * The arguments of {@code claim.lua}.
	 *
	 * @param now the time of the claim
	 * @param events which events the script writes
	 * @param max the most tasks to claim
	 * @param leaseMs the lease length in milliseconds
	 * @param tokenBase each claim's lease token is {@code <tokenBase>.<n>}
	 */
	record Claim(Instant now, EventDemand events, int max, long leaseMs, String tokenBase) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).number(this.max).number(this.leaseMs).text(this.tokenBase);
		}

	}

	/**
	 * The arguments of {@code finish.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param tokenBase the lease token of the task claimed after the n-th outcome is
	 * {@code <tokenBase>.<n>.1}
	 * @param keepCompleted how many completed tasks of the queue to keep (its retention)
	 * @param keepFailed how many failed and cancelled tasks of the queue to keep (its
	 * retention)
	 * @param outcomes the outcomes, in order
	 */
	record Finish(Instant now, EventDemand events, String tokenBase, long keepCompleted, long keepFailed,
			List<Group<OutcomeArgs>> outcomes) implements ScriptArgs, ScriptArgs.Timed {

		@Override
		public void write(Values out) {
			out.time(this.now)
				.events(this.events)
				.text(this.tokenBase)
				.number(this.keepCompleted)
				.number(this.keepFailed)
				.number(this.outcomes.size());
			this.outcomes.forEach(out::group);
		}

	}

	/**
	 * How an attempt ended: the {@code OUTCOME} group of {@code finish.lua}.
	 *
	 * @param id the task
	 * @param token its lease token
	 * @param outcome {@code completed}, {@code retrying} or {@code failed}
	 * @param text the result's JSON ({@code completed}; {@code ""} for none) or the
	 * error's
	 * @param at when it finished ({@code completed}, {@code failed}) or is retried
	 * ({@code retrying})
	 * @param millis how long the attempt took in milliseconds (metrics)
	 * @param claimNext whether to claim the next waiting task for the same worker
	 * @param leaseMs the lease length in milliseconds of that claim
	 */
	record OutcomeArgs(String id, String token, String outcome, String text, Instant at, long millis, boolean claimNext,
			long leaseMs) implements GroupArgs {

		@Override
		public void write(Values out) {
			out.text(this.id)
				.text(this.token)
				.text(this.outcome)
				.text(this.text)
				.time(this.at)
				.number(this.millis)
				.flag(this.claimNext)
				.number(this.leaseMs);
		}

	}

	/**
	 * The arguments of {@code renew.lua}.
	 *
	 * @param expiry the new expiry of each lease (written as whole milliseconds, rounded
	 * up)
	 * @param leases the leases to renew
	 */
	record Renew(Instant expiry, List<Group<LeaseArgs>> leases) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.text(RedisTimes.ceilMillis(this.expiry)).number(this.leases.size());
			this.leases.forEach(out::group);
		}

	}

	/**
	 * A lease to renew: the {@code LEASE} group of {@code renew.lua}.
	 *
	 * @param id the task
	 * @param token its lease token
	 */
	record LeaseArgs(String id, String token) implements GroupArgs {

		@Override
		public void write(Values out) {
			out.text(this.id).text(this.token);
		}

	}

	/**
	 * The arguments of {@code progress.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param id the task
	 * @param token its lease token
	 * @param progress the progress's JSON
	 */
	record Progress(Instant now, EventDemand events, String id, String token, String progress) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).text(this.id).text(this.token).text(this.progress);
		}

	}

	/**
	 * The arguments of {@code release.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param id the task
	 * @param token its lease token
	 */
	record Release(Instant now, EventDemand events, String id, String token) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).text(this.id).text(this.token);
		}

	}

	/**
	 * The arguments of {@code handback.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param id the task
	 * @param token its lease token
	 * @param notBefore when the task may be claimed again
	 * @param maxHandBacks how many hand-backs a task is allowed
	 * @param error the error's JSON, for a task handed back too often
	 * @param keepFailed how many failed and cancelled tasks of the queue to keep (its
	 * retention)
	 */
	record HandBack(Instant now, EventDemand events, String id, String token, Instant notBefore, int maxHandBacks,
			String error, long keepFailed) implements ScriptArgs, ScriptArgs.Timed {

		@Override
		public void write(Values out) {
			out.time(this.now)
				.events(this.events)
				.text(this.id)
				.text(this.token)
				.time(this.notBefore)
				.number(this.maxHandBacks)
				.text(this.error)
				.number(this.keepFailed);
		}

	}

}
