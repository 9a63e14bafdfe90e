package dev.taskqueue.event;

import java.time.Instant;

import dev.taskqueue.Task;

/**
 * Something that happened to a task, a queue, a schedule, or a queue's worker on one
 * instance.
 *
 * @param type what happened
 * @param queue the queue
 * @param taskId the task's id, or {@code null} for a queue event
 * @param task the task as it was right after the event, or {@code null} for a queue event
 * or a removal
 * @param at when it happened
 * @param scheduleId the schedule's id for a schedule event; for a task event the id of
 * the schedule that made the task; otherwise {@code null}
 * @param instanceId for a worker event ({@link TaskEventType#isWorkerEvent()}) the id of
 * the instance whose worker started or stopped (as
 * {@link dev.taskqueue.TaskInstance#id()} lists it); otherwise {@code null}
 */
public record TaskEvent(TaskEventType type, String queue, String taskId, Task task, Instant at, String scheduleId,
		String instanceId) {

	/**
	 * An event of a task, a queue or a schedule: one without an instance id.
	 * @param type what happened
	 * @param queue the queue
	 * @param taskId the task's id, or {@code null}
	 * @param task the task after the event, or {@code null}
	 * @param at when it happened
	 * @param scheduleId the schedule's id, or {@code null}
	 */
	public TaskEvent(TaskEventType type, String queue, String taskId, Task task, Instant at, String scheduleId) {
		this(type, queue, taskId, task, at, scheduleId, null);
	}

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

	/**
	 * An event about a queue's worker on one instance.
	 * @param type {@link TaskEventType#WORKER_STARTED} or
	 * {@link TaskEventType#WORKER_STOPPED}
	 * @param queue the worker's queue
	 * @param instanceId the instance the worker runs on
	 * @param at when
	 * @return the event
	 * @throws IllegalArgumentException if the type is not a worker event
	 */
	public static TaskEvent ofWorker(TaskEventType type, String queue, String instanceId, Instant at) {
		if (!type.isWorkerEvent()) {
			throw new IllegalArgumentException(type + " is not a worker event");
		}
		return new TaskEvent(type, queue, null, null, at, null, instanceId);
	}

}
