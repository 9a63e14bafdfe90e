package dev.taskqueue.memory;

import java.time.Instant;

import dev.taskqueue.Task;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.EventOutlet;

/**
 * The one place events leave the in-memory backend's transitions ({@link TaskStore} and
 * {@link TaskOperations}), so that how they are delivered changes here alone. An event,
 * and the task's snapshot unless one is given, is built only if a listener wants its
 * type. Not thread-safe: every method must be called with the backend's lock held.
 */
final class TaskEvents {

	private final EventOutlet outlet;

	TaskEvents(EventOutlet outlet) {
		this.outlet = outlet;
	}

	/** Publishes an event about a task, with a snapshot of it as it is now. */
	void publish(TaskEventType type, TaskRecord record, Instant now) {
		publish(type, record.queue.name, record, null, now);
	}

	/**
	 * Publishes an event about a task, with the given snapshot or, if {@code null}, one
	 * taken now; or, if {@code record} is {@code null}, an event about the queue.
	 */
	void publish(TaskEventType type, String queue, TaskRecord record, Task snapshot, Instant now) {
		if (!this.outlet.wants(type)) {
			return;
		}
		TaskEvent event;
		if (record == null) {
			event = TaskEvent.ofQueue(type, queue, now);
		}
		else if (type == TaskEventType.REMOVED) {
			// a removed task has no state left to show
			event = new TaskEvent(type, queue, record.id, null, now, record.scheduleId);
		}
		else {
			event = TaskEvent.of(type, (snapshot != null) ? snapshot : record.toTask(), now);
		}
		this.outlet.publish(event);
	}

}
