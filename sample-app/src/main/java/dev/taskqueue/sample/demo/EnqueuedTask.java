package dev.taskqueue.sample.demo;

/**
 * The answer to a demo request that enqueued a task.
 *
 * @param id the task's id
 * @param type the task's type
 * @param task where to read the task
 * @param events where to follow its progress (Server-Sent Events)
 */
public record EnqueuedTask(String id, String type, String task, String events) {

	static EnqueuedTask of(String id, String type) {
		return new EnqueuedTask(id, type, "/api/tasks/" + id, "/api/tasks/" + id + "/events");
	}

}
