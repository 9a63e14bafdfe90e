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

	// Each entry point observes its tasks (taskqueue.enqueue) around its body: the
	// observation starts before the task is made, so that its trace context goes into
	// the task's headers (observed.task), and notes how the enqueue ended.

	String enqueue(String type, Object payload, TaskOptions options) {
		EnqueueObservation observed = this.services.observations().enqueue(type);
		try (var scope = observed.openScope()) {
			return observed.stored(enqueue(type, payload, options, observed));
		}
		catch (RuntimeException | Error ex) {
			observed.failed(ex);
			throw ex;
		}
		finally {
			observed.stop();
		}
	}

	CompletableFuture<String> enqueueAsync(String type, Object payload, TaskOptions options) {
		EnqueueObservation observed = this.services.observations().enqueue(type);
		CompletableFuture<String> id;
		try (var scope = observed.openScope()) {
			id = enqueueAsync(type, payload, options, observed);
		}
		catch (RuntimeException | Error ex) {
			observed.failed(ex);
			observed.stop();
			throw ex;
		}
		return (observed == EnqueueObservation.NOOP) ? id : id.whenComplete((stored, ex) -> {
			if (ex != null) {
				observed.failed(ex);
			}
			else {
				observed.stored(stored);
			}
			observed.stop();
		});
	}

	List<String> enqueueAll(List<TaskRequest> requests) {
		Objects.requireNonNull(requests, "requests must not be null");
		// one observation per task, as for single enqueues: each task carries its own
		// trace context, and the key values (queue, type, outcome) are each task's
		List<EnqueueObservation> observed = new ArrayList<>(requests.size());
		for (TaskRequest request : requests) {
			observed.add(this.services.observations().enqueue((request != null) ? request.type() : null));
		}
		try {
			List<String> ids = enqueueAll(requests, observed);
			for (int i = 0; i < ids.size(); i++) {
				observed.get(i).stored(ids.get(i));
			}
			return ids;
		}
		catch (RuntimeException | Error ex) {
			observed.forEach((observation) -> observation.failed(ex));
			throw ex;
		}
		finally {
			observed.forEach(EnqueueObservation::stop);
		}
	}

	private String enqueue(String type, Object payload, TaskOptions options, EnqueueObservation observed) {
		if (options != null && options.repeat() != null) {
			observed.queue(queueOf(type, options));
			return this.scheduler.schedules().enqueueRepeating(type, payload, options);
		}
		NewTask task = observed.task(this.services.factory().create(type, payload, options));
		return stored(task, this.services.backend().enqueue(task));
	}

	private CompletableFuture<String> enqueueAsync(String type, Object payload, TaskOptions options,
			EnqueueObservation observed) {
		if (options != null && options.repeat() != null) {
			return CompletableFuture.completedFuture(enqueue(type, payload, options, observed));
		}
		NewTask task = observed.task(this.services.factory().create(type, payload, options));
		return this.services.backend().enqueueAsync(task).thenApply((result) -> stored(task, result));
	}

	private List<String> enqueueAll(List<TaskRequest> requests, List<EnqueueObservation> observed) {
		List<NewTask> tasks = new ArrayList<>(requests.size());
		for (int i = 0; i < requests.size(); i++) {
			TaskRequest request = requests.get(i);
			NewTask task = this.services.factory().create(request.type(), request.payload(), request.options());
			if (repeats(request)) {
				// checked here; its schedule makes the task
				observed.get(i).queue(task.queue());
				tasks.add(task);
			}
			else {
				tasks.add(observed.get(i).task(task));
			}
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

	/** The queue of a repeating task, for its observation (made by its schedule). */
	private String queueOf(String type, TaskOptions options) {
		if (options.queue() != null) {
			return options.queue();
		}
		HandlerDefinition handler = this.services.handlers().get(type);
		return (handler != null) ? handler.queue() : null;
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
