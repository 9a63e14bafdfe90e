package dev.taskqueue.boot.web;

import java.util.ArrayList;
import java.util.List;

import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskPage;

/**
 * What of a task the REST API and its event streams show: everything, except the stack
 * trace of its error unless {@code taskqueue.web.expose-stack-traces=true} (class names,
 * file names and line numbers tell an attacker more than they tell a reader; the error's
 * message and type stay). Thread-safe.
 */
final class TaskRedaction {

	private final boolean exposeStackTraces;

	TaskRedaction(boolean exposeStackTraces) {
		this.exposeStackTraces = exposeStackTraces;
	}

	Task apply(Task task) {
		if (this.exposeStackTraces || task == null || task.error() == null || task.error().stackTrace() == null) {
			return task;
		}
		TaskError error = new TaskError(task.error().message(), task.error().type(), null);
		return new Task(task.id(), task.queue(), task.type(), task.status(), task.priority(), task.payload(),
				task.result(), error, task.attempts(), task.maxAttempts(), task.progress(), task.createdAt(),
				task.scheduledAt(), task.startedAt(), task.finishedAt(), task.timeout(), task.backoff(), task.repeat(),
				task.occurrence(), task.idempotencyKey(), task.scheduleId(), task.headers());
	}

	TaskPage apply(TaskPage page) {
		if (this.exposeStackTraces) {
			return page;
		}
		List<Task> items = new ArrayList<>(page.items().size());
		page.items().forEach((task) -> items.add(apply(task)));
		return new TaskPage(items, page.nextCursor());
	}

}
