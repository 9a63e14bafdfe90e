package dev.taskqueue.boot.handler;

import java.time.Duration;

import dev.taskqueue.Task;
import dev.taskqueue.TaskQueue;

import static org.awaitility.Awaitility.await;

/**
 * Waiting for tasks in tests.
 */
final class Tasks {

	private Tasks() {
	}

	static Task awaitFinal(TaskQueue queue, String id) {
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> queue.get(id).orElseThrow(), (task) -> task.status().isFinal());
	}

}
