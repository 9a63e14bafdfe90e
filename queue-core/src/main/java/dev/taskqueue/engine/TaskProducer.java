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
 * earliest delayed one. A task with a repeat starts a series: a schedule of its own
 * ({@link EngineSchedules#enqueueRepeating}). Thread-safe.
 */
final class TaskProducer {

	private final EngineServices services;

	private final Scheduler scheduler;

	TaskProducer(EngineServices services, Scheduler scheduler) {
		this.services = services;
		this.scheduler = scheduler;
	}

	String enqueue(String type, Object payload, TaskOptions options) {
		if (options != null && options.repeat() != null) {
			return this.scheduler.schedules().enqueueRepeating(type, payload, options);
		}
		NewTask task = this.services.factory().create(type, payload, options);
		return stored(task, this.services.backend().enqueue(task));
	}

	CompletableFuture<String> enqueueAsync(String type, Object payload, TaskOptions options) {
		if (options != null && options.repeat() != null) {
			return CompletableFuture.completedFuture(enqueue(type, payload, options));
		}
		NewTask task = this.services.factory().create(type, payload, options);
		return this.services.backend().enqueueAsync(task).thenApply((result) -> stored(task, result));
	}

	List<String> enqueueAll(List<TaskRequest> requests) {
		Objects.requireNonNull(requests, "requests must not be null");
		List<NewTask> tasks = new ArrayList<>(requests.size());
		for (TaskRequest request : requests) {
			tasks.add(this.services.factory().create(request.type(), request.payload(), request.options()));
		}
		if (requests.stream().noneMatch(TaskProducer::repeats)) {
			return storeAll(tasks);
		}
		// all checked: the others in one batch, then each series with its schedule
		List<NewTask> plain = new ArrayList<>();
		for (int i = 0; i < tasks.size(); i++) {
			if (!repeats(requests.get(i))) {
				plain.add(tasks.get(i));
			}
		}
		List<String> plainIds = storeAll(plain);
		List<String> ids = new ArrayList<>(requests.size());
		int next = 0;
		for (TaskRequest request : requests) {
			ids.add(repeats(request)
					? this.scheduler.schedules().enqueueRepeating(request.type(), request.payload(), request.options())
					: plainIds.get(next++));
		}
		return ids;
	}

	private static boolean repeats(TaskRequest request) {
		return request.options() != null && request.options().repeat() != null;
	}

	private List<String> storeAll(List<NewTask> tasks) {
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
