package dev.taskqueue.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import dev.taskqueue.QueueStats;
import dev.taskqueue.QueueThroughput;
import dev.taskqueue.Schedule;
import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.Task;
import dev.taskqueue.TaskInstance;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.TaskBackend;

/**
 * The engine every backend shares: validates and enqueues tasks, runs workers per queue,
 * applies retries, backoff, timeouts and repeats, renews leases, recovers stalled tasks,
 * hands tasks of types it has no handler for back for other instances
 * ({@link UnhandledTasks}), and hands running tasks back on shutdown. Thread-safe.
 * <p>
 * Life cycle: build, {@link #register(HandlerDefinition) register} handlers (also
 * possible later), {@link #start()}, and {@link #stop()} (graceful, bounded by the
 * shutdown timeout). Producing works before start, too.
 */
public final class TaskEngine implements TaskQueue, AutoCloseable {

	/**
	 * How long a stop waits, after the shutdown timeout, for outcomes and hand-backs that
	 * are being written before it interrupts the threads writing them.
	 */
	public static final Duration FINISH_GRACE = Duration.ofSeconds(2);

	private final EngineServices services;

	private final HandlerRegistry handlers;

	private final Scheduler scheduler;

	private final UnhandledTasks unhandled;

	/** Package-private for {@link ManualRunner#of(TaskEngine)}. */
	final QueueWorkers workers;

	private final TaskProducer producer;

	/**
	 * Stops the runs of tasks cancelled or removed, by any instance: the one route by
	 * which a cancellation reaches a running handler (lease renewal only backs it up, for
	 * events that did not arrive).
	 */
	private final TaskEventListener cancellations;

	private final Housekeeping housekeeping;

	private final InstanceHeartbeat heartbeat;

	private final Object lifecycle = new Object();

	private volatile boolean running;

	TaskEngine(TaskEngineBuilder builder) {
		this.handlers = new HandlerRegistry();
		TaskFactory factory = new TaskFactory(this.handlers, builder.settings, builder.mapper, builder.clock);
		this.services = new EngineServices(builder, this.handlers, factory);
		this.scheduler = new Scheduler(this.services);
		this.unhandled = new UnhandledTasks(this.services, this.scheduler);
		this.workers = new QueueWorkers(this.services, this.scheduler, this.unhandled, this::instanceId);
		this.producer = new TaskProducer(this.services, this.scheduler, builder.enqueueDeferral);
		this.cancellations = this.workers.cancellations();
		this.housekeeping = new Housekeeping(this.services, this.workers::all, this.workers::cancel,
				this.scheduler::wakeUp);
		this.heartbeat = new InstanceHeartbeat(this.services, builder.applicationName, this.workers::states);
		builder.handlers.forEach(this::register);
	}

	/**
	 * Starts building an engine.
	 * @return a builder
	 */
	public static TaskEngineBuilder builder() {
		return new TaskEngineBuilder();
	}

	/**
	 * Registers a handler. Before {@link #start()}, or later: a handler of a new queue
	 * then starts its worker at once.
	 * @param handler the handler
	 * @throws IllegalStateException if another handler has the same type
	 */
	public void register(HandlerDefinition handler) {
		this.handlers.register(handler);
		synchronized (this.lifecycle) {
			if (this.running && this.services.settings().workerEnabled()) {
				this.workers.start(handler.queue());
			}
		}
	}

	/**
	 * The registered handlers.
	 * @return the handlers
	 */
	public Collection<HandlerDefinition> handlers() {
		return this.handlers.all();
	}

	/**
	 * The backend.
	 * @return the backend
	 */
	public TaskBackend backend() {
		return this.services.backend();
	}

	/**
	 * The settings.
	 * @return the settings
	 */
	public EngineSettings settings() {
		return this.services.settings();
	}

	/**
	 * Starts the scheduler, housekeeping, (when enabled) one worker per handled queue,
	 * and the heartbeat that lists this engine in {@link #instances()} under a new id. An
	 * engine can be started again after {@link #stop()}.
	 */
	public void start() {
		synchronized (this.lifecycle) {
			if (this.running) {
				return;
			}
			this.running = true;
			this.services.events()
				.addListener(this.cancellations, EnumSet.of(TaskEventType.CANCELLED, TaskEventType.REMOVED));
			this.scheduler.start();
			this.housekeeping.start();
			this.heartbeat.newId(); // the workers announce themselves with it
			if (this.services.settings().workerEnabled()) {
				this.handlers.all().forEach((handler) -> this.workers.start(handler.queue()));
			}
			this.heartbeat.start();
		}
	}

	/**
	 * Whether the engine runs.
	 * @return true between start and stop
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stops gracefully: workers stop claiming, running tasks get up to the shutdown
	 * timeout to finish, the rest are interrupted and handed back to the backend so
	 * another instance can take them at once. Outcomes and hand-backs still being written
	 * then get up to {@link #FINISH_GRACE} more. Then threads are released and the
	 * engine's record leaves {@link #instances()}; the backend is not closed.
	 */
	public void stop() {
		synchronized (this.lifecycle) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.scheduler.stop();
			this.workers.stop(this.services.settings().shutdownTimeout(), FINISH_GRACE);
			this.housekeeping.stop();
			this.heartbeat.stop();
			this.services.events().removeListener(this.cancellations);
		}
	}

	/** Same as {@link #stop()}. */
	@Override
	public void close() {
		stop();
	}

	/**
	 * Re-checks delayed tasks, leases and retention and writes a heartbeat now, instead
	 * of at the next planned time; useful after a test moved its clock.
	 */
	public void wakeUp() {
		this.scheduler.wakeUp();
		this.housekeeping.runNow();
		this.heartbeat.runNow();
	}

	/**
	 * The id under which this engine is listed in {@link #instances()}.
	 * @return the id of the current start, or empty while stopped
	 */
	public Optional<String> instanceId() {
		return this.heartbeat.id();
	}

	/**
	 * The state of this engine's workers, for health checks.
	 * @return one entry per queue with a worker
	 */
	public List<WorkerState> workerStates() {
		return this.workers.states();
	}

	/**
	 * Whether the scheduler thread runs.
	 * @return true if it runs
	 */
	public boolean isSchedulerAlive() {
		return this.scheduler.isAlive();
	}

	// --- TaskQueue ---

	@Override
	public String enqueue(String type, Object payload, TaskOptions options) {
		return this.producer.enqueue(type, payload, options);
	}

	@Override
	public CompletableFuture<String> enqueueAsync(String type, Object payload, TaskOptions options) {
		return this.producer.enqueueAsync(type, payload, options);
	}

	@Override
	public List<String> enqueueAll(List<TaskRequest> requests) {
		return this.producer.enqueueAll(requests);
	}

	@Override
	public Optional<Task> get(String id) {
		return this.services.backend().find(id);
	}

	@Override
	public TaskPage list(TaskQuery query) {
		return this.services.backend().list(query);
	}

	@Override
	public Task retry(String id) {
		return this.services.backend().retry(id);
	}

	@Override
	public Task cancel(String id) {
		return this.scheduler.schedules().cancel(id);
	}

	@Override
	public Task hold(String id) {
		return this.services.backend().hold(id);
	}

	@Override
	public Task release(String id) {
		return this.scheduler.waitingFor(this.services.backend().release(id));
	}

	@Override
	public boolean remove(String id) {
		return this.scheduler.schedules().removeTask(id);
	}

	@Override
	public void pause(String queue) {
		this.services.backend().setPaused(TaskOptions.checkQueueName(queue), true);
	}

	@Override
	public void resume(String queue) {
		this.services.backend().setPaused(TaskOptions.checkQueueName(queue), false);
	}

	@Override
	public long drain(String queue) {
		return this.services.backend().drain(TaskOptions.checkQueueName(queue));
	}

	@Override
	public long clean(String queue, Set<TaskStatus> statuses, Duration olderThan) {
		Set<TaskStatus> chosen = Housekeeping.cleanedStatuses(TaskOptions.checkQueueName(queue), statuses, olderThan);
		return this.services.backend().clean(queue, chosen, this.services.clock().instant().minus(olderThan));
	}

	@Override
	public long obliterate(String queue) {
		return this.services.backend().obliterate(TaskOptions.checkQueueName(queue));
	}

	@Override
	public List<String> queues() {
		Set<String> names = new TreeSet<>(this.services.backend().queues());
		this.handlers.all().forEach((handler) -> names.add(handler.queue()));
		return List.copyOf(names);
	}

	@Override
	public QueueStats stats(String queue) {
		return this.services.backend().stats(queue);
	}

	@Override
	public List<TaskInstance> instances() {
		return this.services.backend().instances().stream().sorted(InstanceHeartbeat.LISTING_ORDER).toList();
	}

	@Override
	public QueueThroughput throughput(String queue, int minutes) {
		TaskOptions.checkQueueName(queue);
		return this.services.backend().throughput(queue, QueueThroughput.checkMinutes(minutes));
	}

	/**
	 * Registers a listener for the changes this engine makes itself, of the given types:
	 * {@code added} for the tasks it enqueues, {@code active} for the attempts it starts,
	 * and {@code completed}, {@code retrying} or {@code failed} for the attempts it
	 * finishes. Unlike {@link #addListener(TaskEventListener, Set)} (every change, from
	 * every instance sharing the backend), these are this instance's own, which is what
	 * per-instance figures such as metrics need; they do not go through the backend.
	 * Called on the thread that made the change: listeners must be fast and must not
	 * block.
	 * @param listener the listener
	 * @param types the event types it wants
	 */
	public void addLocalListener(TaskEventListener listener, Set<TaskEventType> types) {
		this.services.events().addLocalListener(listener, types);
	}

	/**
	 * Unregisters a local listener.
	 * @param listener the listener
	 */
	public void removeLocalListener(TaskEventListener listener) {
		this.services.events().removeLocalListener(listener);
	}

	@Override
	public Schedule upsertSchedule(ScheduleRequest request) {
		return this.scheduler.schedules().upsert(request);
	}

	@Override
	public Optional<Schedule> getSchedule(String id) {
		return this.scheduler.schedules().get(id);
	}

	@Override
	public List<Schedule> schedules() {
		return this.scheduler.schedules().list();
	}

	@Override
	public Schedule pauseSchedule(String id) {
		return this.scheduler.schedules().pause(id);
	}

	@Override
	public Schedule resumeSchedule(String id) {
		return this.scheduler.schedules().resume(id);
	}

	@Override
	public boolean removeSchedule(String id) {
		return this.scheduler.schedules().remove(id);
	}

	@Override
	public String triggerSchedule(String id) {
		return this.scheduler.schedules().trigger(id);
	}

	@Override
	public void addListener(TaskEventListener listener, Set<TaskEventType> types) {
		this.services.events().addListener(listener, types);
	}

	@Override
	public void removeListener(TaskEventListener listener) {
		this.services.events().removeListener(listener);
	}

}
