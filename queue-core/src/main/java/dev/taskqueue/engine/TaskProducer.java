package dev.taskqueue.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.NewTask;

/**
 * Enqueues for the engine: makes each task ({@link TaskFactory}), stores it, tells this
 * engine's local listeners of the tasks it created, and tells the scheduler of the
 * earliest delayed one. Thread-safe.
 */
final class TaskProducer {

	private final EngineServices services;

	private final Scheduler scheduler;

	TaskProducer(EngineServices services, Scheduler scheduler) {
		this.services = services;
		this.scheduler = scheduler;
	}

	String enqueue(String type, Object payload, TaskOptions options) {
		NewTask task = this.services.factory().create(type, payload, options);
		return stored(task, this.services.backend().enqueue(task));
	}

	CompletableFuture<String> enqueueAsync(String type, Object payload, TaskOptions options) {
		NewTask task = this.services.factory().create(type, payload, options);
		return this.services.backend().enqueueAsync(task).thenApply((result) -> stored(task, result));
	}

	List<String> enqueueAll(List<TaskRequest> requests) {
		Objects.requireNonNull(requests, "requests must not be null");
		List<NewTask> tasks = new ArrayList<>(requests.size());
		for (TaskRequest request : requests) {
			tasks.add(this.services.factory().create(request.type(), request.payload(), request.options()));
		}
		if (tasks.isEmpty()) {
			return List.of();
		}
		List<EnqueueResult> results = this.services.backend().enqueueAll(tasks);
		List<String> ids = new ArrayList<>(results.size());
		Instant earliestDelayed = null;
		for (int i = 0; i < results.size(); i++) {
			NewTask task = tasks.get(i);
			if (results.get(i).created()) {
				this.services.events().added(task);
				if (task.isDelayedAt(task.createdAt())
						&& (earliestDelayed == null || task.scheduledAt().isBefore(earliestDelayed))) {
					earliestDelayed = task.scheduledAt();
				}
			}
			ids.add(results.get(i).id());
		}
		if (earliestDelayed != null) {
			this.scheduler.dueAt(earliestDelayed);
		}
		return ids;
	}

	private String stored(NewTask task, EnqueueResult result) {
		if (result.created()) {
			this.services.events().added(task);
			if (task.isDelayedAt(task.createdAt())) {
				this.scheduler.dueAt(task.scheduledAt());
			}
		}
		return result.id();
	}

}
