package dev.taskqueue.event;

import java.time.Instant;

import dev.taskqueue.Task;

/**
 * Something that happened to a task, a queue or a schedule.
 *
 * @param type what happened
 * @param queue the queue
 * @param taskId the task's id, or {@code null} for a queue event
 * @param task the task as it was right after the event, or {@code null} for a queue event
 * or a removal
 * @param at when it happened
 * @param scheduleId the schedule's id for a schedule event; for a task event the id of
 * the schedule that made the task; otherwise {@code null}
 */
public record TaskEvent(TaskEventType type, String queue, String taskId, Task task, Instant at, String scheduleId) {

	/**
	 * An event about a task.
	 * @param type what happened
	 * @param task the task after it happened
	 * @param at when
	 * @return the event
	 */
	public static TaskEvent of(TaskEventType type, Task task, Instant at) {
		return new TaskEvent(type, task.queue(), task.id(), task, at, task.scheduleId());
	}

	/**
	 * An event about a queue.
	 * @param type what happened
	 * @param queue the queue
	 * @param at when
	 * @return the event
	 */
	public static TaskEvent ofQueue(TaskEventType type, String queue, Instant at) {
		return new TaskEvent(type, queue, null, null, at, null);
	}

	/**
	 * An event about a schedule.
	 * @param type what happened
	 * @param queue the schedule's queue
	 * @param scheduleId the schedule's id
	 * @param at when
	 * @return the event
	 */
	public static TaskEvent ofSchedule(TaskEventType type, String queue, String scheduleId, Instant at) {
		return new TaskEvent(type, queue, null, null, at, scheduleId);
	}

}
