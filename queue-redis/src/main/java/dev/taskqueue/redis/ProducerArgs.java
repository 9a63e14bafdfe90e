package dev.taskqueue.redis;

import java.time.Instant;
import java.util.List;

import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.redis.ScriptArgs.GroupArgs;
import dev.taskqueue.redis.ScriptArgs.Values;
import dev.taskqueue.spi.NewTask;

/**
 * The arguments of {@code enqueue.lua}, and of the new task it stores (which
 * {@code schedule.lua} also takes, for the task of a schedule). See {@link ScriptArgs}
 * for how a record maps to its script's names.
 */
final class ProducerArgs {

	private ProducerArgs() {
	}

	/**
	 * The arguments of {@code enqueue.lua}.
	 *
	 * @param now the time of the call
	 * @param events which events the script writes
	 * @param tasks the tasks to store, in order
	 */
	record Enqueue(Instant now, EventDemand events, List<Group<NewTaskArgs>> tasks) implements ScriptArgs {

		@Override
		public void write(Values out) {
			out.time(this.now).events(this.events).number(this.tasks.size());
			this.tasks.forEach(out::group);
		}

	}

	/**
	 * A new task to store: the {@code NEW_TASK} group of {@code common.lua}.
	 *
	 * @param id its id
	 * @param taskType its type
	 * @param priority its priority
	 * @param maxAttempts how many attempts it may take
	 * @param scheduledAt when it is due
	 * @param delayed whether it waits for that time rather than being ready now
	 * @param key its idempotency key, or {@code null} for none
	 * @param body the body of its record (see {@link TaskRecords#body(NewTask)})
	 */
	record NewTaskArgs(String id, String taskType, int priority, int maxAttempts, Instant scheduledAt, boolean delayed,
			String key, String body) implements GroupArgs {

		/**
		 * The group of a task, encoded.
		 * @param task the task
		 * @param now the time of the call that stores it (whether it is delayed)
		 * @param records writes its body
		 * @return the group
		 */
		static Group<NewTaskArgs> of(NewTask task, Instant now, TaskRecords records) {
			return Group.of(new NewTaskArgs(task.id(), task.type(), task.priority(), task.maxAttempts(),
					task.scheduledAt(), task.isDelayedAt(now), task.idempotencyKey(), records.body(task)));
		}

		@Override
		public void write(Values out) {
			out.text(this.id)
				.text(this.taskType)
				.number(this.priority)
				.number(this.maxAttempts)
				.time(this.scheduledAt)
				.flag(this.delayed)
				.text((this.key != null) ? this.key : "")
				.text(this.body);
		}

	}

}
