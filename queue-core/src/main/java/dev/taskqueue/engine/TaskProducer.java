package dev.taskqueue.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.NewTask;

/**
 * Enqueues for the engine: makes each task ({@link TaskFactory}), stores it at once or
 * hands it to the {@link EnqueueDeferral} (after the caller's transaction commits), tells
 * this engine's local listeners of the tasks it created, and tells the scheduler of the
 * earliest delayed one. A task with a repeat starts a series: a schedule of its own
 * ({@link EngineSchedules#enqueueRepeating}). Thread-safe.
 */
final class TaskProducer {

	private final EngineServices services;

	private final Scheduler scheduler;

	private final EnqueueDeferral deferral;

	TaskProducer(EngineServices services, Scheduler scheduler, EnqueueDeferral deferral) {
		this.services = services;
		this.scheduler = scheduler;
		this.deferral = deferral;
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
		if (observed == EnqueueObservation.NOOP) {
			return id;
		}
		// completed once the observation stopped, with the same outcome: a future whose
		// transaction rolled back stays cancelled (not failed with a wrapper)
		CompletableFuture<String> observedId = new CompletableFuture<>();
		id.whenComplete((stored, ex) -> {
			if (ex != null) {
				observed.failed(ex);
			}
			else {
				observed.stored(stored);
			}
			observed.stop();
			if (ex != null) {
				observedId.completeExceptionally(ex);
			}
			else {
				observedId.complete(stored);
			}
		});
		return observedId;
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
		NewTask task = observed(observed, this.services.factory().create(type, payload, options), options);
		if (deferred(options)) {
			observed.deferred();
			this.deferral.defer(new Deferred(List.of(task.id()), () -> store(task, options)));
			return task.id();
		}
		return store(task, options);
	}

	private CompletableFuture<String> enqueueAsync(String type, Object payload, TaskOptions options,
			EnqueueObservation observed) {
		NewTask task = observed(observed, this.services.factory().create(type, payload, options), options);
		if (deferred(options)) {
			observed.deferred();
			CompletableFuture<String> future = new CompletableFuture<>();
			this.deferral.defer(new Deferred(List.of(task.id()), () -> future.complete(store(task, options)), future));
			return future;
		}
		if (repeats(options)) {
			return CompletableFuture.completedFuture(store(task, options));
		}
		return this.services.backend().enqueueAsync(task).thenApply((result) -> stored(task, result));
	}

	private List<String> enqueueAll(List<TaskRequest> requests, List<EnqueueObservation> observed) {
		boolean defers = this.deferral.defers();
		List<NewTask> tasks = new ArrayList<>(requests.size());
		List<TaskOptions> options = new ArrayList<>(requests.size());
		List<NewTask> later = new ArrayList<>();
		List<TaskOptions> laterOptions = new ArrayList<>();
		for (int i = 0; i < requests.size(); i++) {
			TaskRequest request = requests.get(i);
			NewTask task = observed(observed.get(i),
					this.services.factory().create(request.type(), request.payload(), request.options()),
					request.options());
			tasks.add(task);
			options.add(request.options());
			if (defers && !immediate(request.options())) {
				observed.get(i).deferred();
				later.add(task);
				laterOptions.add(request.options());
			}
		}
		if (later.isEmpty()) {
			return storeAll(tasks, options);
		}
		List<String> laterIds = later.stream().map(NewTask::id).toList();
		this.deferral.defer(new Deferred(laterIds, () -> storeAll(later, laterOptions)));
		if (later.size() == tasks.size()) {
			return laterIds;
		}
		// the immediate ones now, in one batch; the others keep the ids they were given
		List<NewTask> now = new ArrayList<>();
		List<TaskOptions> nowOptions = new ArrayList<>();
		for (int i = 0; i < tasks.size(); i++) {
			if (immediate(options.get(i))) {
				now.add(tasks.get(i));
				nowOptions.add(options.get(i));
			}
		}
		List<String> nowIds = storeAll(now, nowOptions);
		List<String> ids = new ArrayList<>(tasks.size());
		int next = 0;
		for (int i = 0; i < tasks.size(); i++) {
			ids.add(immediate(options.get(i)) ? nowIds.get(next++) : tasks.get(i).id());
		}
		return ids;
	}

	/**
	 * The task to store, with the headers its observation wrote; a repeating task's
	 * schedule makes the task that runs, which starts without headers.
	 */
	private static NewTask observed(EnqueueObservation observed, NewTask task, TaskOptions options) {
		if (repeats(options)) {
			observed.queue(task.queue());
			return task;
		}
		return observed.task(task);
	}

	private boolean deferred(TaskOptions options) {
		return !immediate(options) && this.deferral.defers();
	}

	private static boolean immediate(TaskOptions options) {
		return options != null && options.immediate();
	}

	private static boolean repeats(TaskOptions options) {
		return options != null && options.repeat() != null;
	}

	private String store(NewTask task, TaskOptions options) {
		if (repeats(options)) {
			return this.scheduler.schedules().enqueueRepeating(task, options);
		}
		return stored(task, this.services.backend().enqueue(task));
	}

	/**
	 * Stores tasks made from requests: the ones without a repeat in one batch, then each
	 * series with its schedule.
	 */
	private List<String> storeAll(List<NewTask> tasks, List<TaskOptions> options) {
		if (options.stream().noneMatch(TaskProducer::repeats)) {
			return storeBatch(tasks);
		}
		List<NewTask> plain = new ArrayList<>();
		for (int i = 0; i < tasks.size(); i++) {
			if (!repeats(options.get(i))) {
				plain.add(tasks.get(i));
			}
		}
		List<String> plainIds = storeBatch(plain);
		List<String> ids = new ArrayList<>(tasks.size());
		int next = 0;
		for (int i = 0; i < tasks.size(); i++) {
			ids.add(repeats(options.get(i)) ? store(tasks.get(i), options.get(i)) : plainIds.get(next++));
		}
		return ids;
	}

	private List<String> storeBatch(List<NewTask> tasks) {
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

	/**
	 * An enqueue handed to the deferral. Stores or discards once; the future, if any, is
	 * completed either way.
	 */
	private static final class Deferred implements EnqueueDeferral.Pending {

		private final List<String> taskIds;

		private final Runnable store;

		private final CompletableFuture<String> future;

		Deferred(List<String> taskIds, Runnable store) {
			this(taskIds, store, null);
		}

		Deferred(List<String> taskIds, Runnable store, CompletableFuture<String> future) {
			this.taskIds = taskIds;
			this.store = store;
			this.future = future;
		}

		@Override
		public List<String> taskIds() {
			return this.taskIds;
		}

		@Override
		public void store() {
			try {
				this.store.run();
			}
			catch (RuntimeException | Error ex) {
				if (this.future != null) {
					this.future.completeExceptionally(ex);
				}
				throw ex;
			}
		}

		@Override
		public void discard(String reason) {
			if (this.future != null) {
				this.future.completeExceptionally(new CancellationException(reason));
			}
		}

	}

}
