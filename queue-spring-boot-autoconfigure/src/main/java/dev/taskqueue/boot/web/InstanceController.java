package dev.taskqueue.boot.web;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.taskqueue.TaskInstance;
import dev.taskqueue.TaskQueue;

/**
 * The REST API of the instances sharing the backend, under
 * {@code taskqueue.web.base-path}: who is alive, with its application, host, version and
 * queues. A read: open like the other reads.
 */
@RestController
@RequestMapping(path = "${taskqueue.web.base-path:/api/tasks}", produces = MediaType.APPLICATION_JSON_VALUE)
public class InstanceController {

	private final TaskQueue taskQueue;

	/**
	 * Creates the controller.
	 * @param taskQueue the task queue
	 */
	public InstanceController(TaskQueue taskQueue) {
		this.taskQueue = taskQueue;
	}

	/**
	 * The running instances, as their last heartbeats announced them.
	 * @return the instances, by start time and then id
	 */
	@GetMapping("/instances")
	public List<TaskInstance> instances() {
		return this.taskQueue.instances();
	}

}
