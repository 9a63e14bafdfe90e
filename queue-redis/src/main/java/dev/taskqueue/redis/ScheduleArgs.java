package dev.taskqueue.redis;

import java.time.Instant;
import java.util.List;

import dev.taskqueue.redis.ProducerArgs.NewTaskArgs;
import dev.taskqueue.redis.ScriptArgs.Group;

/**
 * The arguments of the schedule script, {@code schedule.lua}. See {@link ScriptArgs} for
 * how a record maps to its script's names.
 */
final class ScheduleArgs {

	private ScheduleArgs() {
	}

	/**
	 * The arguments of {@code schedule.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param id the schedule's id
	 * @param expected the revision the stored schedule must have (0: none stored)
	 * @param record what to store ({@code <revision>:<JSON>}), or {@code ""} to remove
	 * @param due the next due time to list it at, or {@code null} when it is not to be
	 * fired (removed, paused or ended)
	 * @param event the schedule event to write ({@code schedule-created}, ...), or
	 * {@code ""} for none
	 * @param tasks the task to store with the change: none or one
	 */
	record Write(Instant now, EventDemand events, String id, long expected, String record, Instant due, String event,
			List<Group<NewTaskArgs>> tasks) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now)
				.events(this.events)
				.text(this.id)
				.number(this.expected)
				.text(this.record)
				.text((this.due != null) ? RedisTimes.format(this.due) : "")
				.text(this.event)
				.number(this.tasks.size());
			this.tasks.forEach(out::group);
		}

	}

}
