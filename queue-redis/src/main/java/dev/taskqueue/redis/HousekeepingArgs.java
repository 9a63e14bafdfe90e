package dev.taskqueue.redis;

import java.time.Instant;
import java.util.List;

import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.redis.ScriptArgs.GroupArgs;
import dev.taskqueue.redis.ScriptArgs.Values;

/**
 * The arguments of the scripts that work through many tasks in bounded steps (see
 * {@link RedisHousekeeping}): {@code promote.lua}, {@code stalled.lua},
 * {@code clean.lua}, {@code drain.lua} and {@code obliterate.lua}. See {@link ScriptArgs}
 * for how a record maps to its script's names.
 */
final class HousekeepingArgs {

	private HousekeepingArgs() {
	}

	/**
	 * The arguments of {@code promote.lua}.
	 *
	 * @param now the time of the call: tasks due by then are promoted
	 * @param events which events the script writes
	 * @param limit the most tasks to promote in this call
	 */
	record Promote(Instant now, EventDemand events, int limit) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).number(this.limit);
		}

	}

	/**
	 * The arguments of {@code stalled.lua}.
	 *
	 * @param now the time of the call: leases that expired before are stalled
	 * @param events which events the script writes
	 * @param maxStalls how many stalls a task is allowed
	 * @param keepFailed how many failed and cancelled tasks of the queue to keep (its
	 * retention)
	 * @param limit the most tasks to recover in this call
	 */
	record Stalled(Instant now, EventDemand events, int maxStalls, long keepFailed,
			int limit) implements ScriptArgs, ScriptArgs.Timed {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).number(this.maxStalls).number(this.keepFailed).number(this.limit);
		}

	}

	/**
	 * The arguments of {@code clean.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param limit the most tasks to remove in this call
	 * @param announce whether to write a {@code removed} event per task (clean does,
	 * retention does not)
	 * @param cutoffs which finished tasks to remove
	 */
	record Clean(Instant now, EventDemand events, int limit, boolean announce,
			List<Group<CutoffArgs>> cutoffs) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).number(this.limit).flag(this.announce).number(this.cutoffs.size());
			this.cutoffs.forEach(out::group);
		}

	}

	/**
	 * Which tasks of a final status to remove: the {@code CUTOFF} group of
	 * {@code clean.lua}.
	 *
	 * @param status {@code completed}, {@code failed} or {@code cancelled}
	 * @param before remove those that finished before this time
	 */
	record CutoffArgs(String status, Instant before) implements GroupArgs {

		@Override
		public void write(Values out) {
			out.text(this.status).time(this.before);
		}

	}

	/**
	 * The arguments of {@code drain.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param limit the most tasks to remove in this call
	 */
	record Drain(Instant now, EventDemand events, int limit) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).number(this.limit);
		}

	}

	/**
	 * The arguments of {@code obliterate.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param limit the most tasks to remove in this call
	 */
	record Obliterate(Instant now, EventDemand events, int limit) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).number(this.limit);
		}

	}

}
