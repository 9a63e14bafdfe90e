package dev.taskqueue.event;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What happened. Written in lower case (the SSE event name).
 */
public enum TaskEventType {

	/** A task was enqueued (waiting or delayed). */
	ADDED,

	/** An attempt started. */
	ACTIVE,

	/** The handler reported progress. */
	PROGRESS,

	/** The task completed. */
	COMPLETED,

	/** The task failed its last attempt. */
	FAILED,

	/** An attempt failed and the task waits for the next one. */
	RETRYING,

	/**
	 * A worker lost the task's lease (crash, kill, network cut); the task went back to
	 * its queue.
	 */
	STALLED,

	/** The task was cancelled. */
	CANCELLED,

	/**
	 * The task was removed by an operator, drain, clean or obliterate. Retention removes
	 * finished tasks silently: at high throughput an event per trimmed task would double
	 * the event traffic for no reader's benefit.
	 */
	REMOVED,

	/**
	 * A delayed or retrying task became ready, a final task was re-queued by retry, or a
	 * running task was handed back: at shutdown (waiting at once), or by an instance
	 * without a handler for its type (delayed a few seconds, for an instance that has
	 * one; the event's task says so).
	 */
	WAITING,

	/**
	 * An operator held a waiting, delayed or retrying task: no worker claims it until it
	 * is released (the event's task is held).
	 */
	HELD,

	/**
	 * An operator released a held task: it is back in the status it was held in, at its
	 * place, or waiting if its scheduled time passed meanwhile (the event's task says
	 * which).
	 */
	RELEASED,

	/** The queue was paused. */
	PAUSED,

	/** The queue was resumed. */
	RESUMED,

	/** A schedule was created. */
	SCHEDULE_CREATED,

	/** A schedule was replaced, paused or resumed (not when it only made a task). */
	SCHEDULE_UPDATED,

	/** A schedule was removed. */
	SCHEDULE_REMOVED,

	/**
	 * A queue's worker started on an instance (the event's {@code instanceId}): that
	 * instance now claims the queue's tasks.
	 */
	WORKER_STARTED,

	/**
	 * A queue's worker stopped on an instance (the event's {@code instanceId}), after its
	 * running tasks finished or were handed back. An instance that dies tells nobody: its
	 * entry leaves {@code instances()} when its heartbeats stop.
	 */
	WORKER_STOPPED;

	/**
	 * Whether this event ends a task's story (no further events for it unless retried).
	 * @return true for completed, failed, cancelled and removed
	 */
	public boolean isFinal() {
		return this == COMPLETED || this == FAILED || this == CANCELLED || this == REMOVED;
	}

	/**
	 * Whether this event is about a schedule rather than a task or a queue.
	 * @return true for the schedule events
	 */
	public boolean isScheduleEvent() {
		return this == SCHEDULE_CREATED || this == SCHEDULE_UPDATED || this == SCHEDULE_REMOVED;
	}

	/**
	 * Whether this event is about a queue's worker on one instance rather than a task, a
	 * queue or a schedule.
	 * @return true for the worker events
	 */
	public boolean isWorkerEvent() {
		return this == WORKER_STARTED || this == WORKER_STOPPED;
	}

	/**
	 * The JSON form and SSE event name.
	 * @return the lower-case name, words joined by {@code -} ({@code schedule-created})
	 */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The type of a JSON form.
	 * @param value the JSON form, as {@link #value()} writes it
	 * @return the type
	 * @throws IllegalArgumentException if it names none
	 */
	public static TaskEventType of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
	}

}
