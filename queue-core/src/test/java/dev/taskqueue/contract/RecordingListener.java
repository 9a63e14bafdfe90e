package dev.taskqueue.contract;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;

/**
 * Keeps every event it receives, in arrival order. Thread-safe.
 */
public final class RecordingListener implements TaskEventListener {

	private final List<TaskEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void onEvent(TaskEvent event) {
		this.events.add(event);
	}

	/**
	 * Every event so far.
	 * @return the events, oldest first
	 */
	public List<TaskEvent> all() {
		return List.copyOf(this.events);
	}

	/**
	 * The events of one task.
	 * @param taskId the task's id
	 * @return its events, oldest first
	 */
	public List<TaskEvent> of(String taskId) {
		return this.events.stream().filter((event) -> taskId.equals(event.taskId())).toList();
	}

	/**
	 * The types of one task's events.
	 * @param taskId the task's id
	 * @return the types, oldest first
	 */
	public List<TaskEventType> typesOf(String taskId) {
		return of(taskId).stream().map(TaskEvent::type).toList();
	}

	/**
	 * How many events of a type one task had.
	 * @param taskId the task's id
	 * @param type the type
	 * @return the count
	 */
	public long count(String taskId, TaskEventType type) {
		return of(taskId).stream().filter((event) -> event.type() == type).count();
	}

	/**
	 * How many events of a type there were, for any task or queue.
	 * @param type the type
	 * @return the count
	 */
	public long count(TaskEventType type) {
		return this.events.stream().filter((event) -> event.type() == type).count();
	}

	/**
	 * The queue events (those without a task, other than worker events) of a queue.
	 * @param queue the queue
	 * @return their types, oldest first
	 */
	public List<TaskEventType> queueEvents(String queue) {
		return this.events.stream()
			.filter((event) -> event.taskId() == null && !event.type().isWorkerEvent() && queue.equals(event.queue()))
			.map(TaskEvent::type)
			.toList();
	}

	/**
	 * The worker events of a queue on one instance.
	 * @param queue the queue
	 * @param instanceId the instance
	 * @return their types, oldest first
	 */
	public List<TaskEventType> workerEvents(String queue, String instanceId) {
		return this.events.stream()
			.filter((event) -> event.type().isWorkerEvent() && queue.equals(event.queue())
					&& instanceId.equals(event.instanceId()))
			.map(TaskEvent::type)
			.toList();
	}

}
