package dev.taskqueue.redis;

import java.time.Instant;

import dev.taskqueue.redis.ScriptArgs.Values;

/**
 * The arguments of the scripts behind the operations on single tasks and queues, and the
 * reads: {@code cancel.lua}, {@code hold.lua}, {@code remove.lua}, {@code retry.lua},
 * {@code pause.lua}, {@code worker.lua}, {@code list.lua} and {@code stats.lua}. See
 * {@link ScriptArgs} for how a record maps to its script's names.
 */
final class OperationArgs {

	private OperationArgs() {
	}

	/**
	 * The arguments of {@code cancel.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param id the task
	 * @param keepFailed how many failed and cancelled tasks of the queue to keep (its
	 * retention)
	 */
	record Cancel(Instant now, EventDemand events, String id, long keepFailed) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).text(this.id).number(this.keepFailed);
		}

	}

	/**
	 * The arguments of {@code hold.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param id the task
	 * @param held {@code true} to hold the task, {@code false} to release it
	 */
	record Hold(Instant now, EventDemand events, String id, boolean held) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).text(this.id).flag(this.held);
		}

	}

	/**
	 * The arguments of {@code remove.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param id the task
	 */
	record Remove(Instant now, EventDemand events, String id) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).text(this.id);
		}

	}

	/**
	 * The arguments of {@code retry.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param id the task
	 */
	record Retry(Instant now, EventDemand events, String id) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).text(this.id);
		}

	}

	/**
	 * The arguments of {@code pause.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param paused {@code true} to pause the queue, {@code false} to resume it
	 */
	record Pause(Instant now, EventDemand events, boolean paused) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).flag(this.paused);
		}

	}

	/**
	 * The arguments of {@code worker.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param kind {@code worker-started} or {@code worker-stopped}
	 * @param instance the id of the instance the worker runs on
	 */
	record Worker(Instant now, EventDemand events, String kind, String instance) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).text(this.kind).text(this.instance);
		}

	}

	/**
	 * The arguments of {@code list.lua}.
	 *
	 * @param cursor only ids below it, or {@code null} for no bound
	 * @param wanted the most matches to return
	 * @param type the type of the matches, or {@code null} for any
	 * @param statuses their statuses, comma-separated, or {@code ""} for any
	 * @param budget the most ids to examine
	 */
	record ListTasks(String cursor, int wanted, String type, String statuses, int budget) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.text((this.cursor != null) ? this.cursor : "")
				.number(this.wanted)
				.text((this.type != null) ? this.type : "")
				.text(this.statuses)
				.number(this.budget);
		}

	}

	/** The arguments of {@code stats.lua}: none. */
	record Stats() implements ScriptArgs {

		@Override
		public void write(Values out) {
		}

	}

}
