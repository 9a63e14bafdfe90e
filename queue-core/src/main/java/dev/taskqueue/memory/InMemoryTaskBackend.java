package dev.taskqueue.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.taskqueue.QueueStats;
import dev.taskqueue.QueueThroughput;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskInstance;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.EventOutlet;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.ScheduleStore;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;

/**
 * A {@link TaskBackend} that keeps tasks in this JVM's heap: no server needed, nothing
 * survives a restart, and only engines of this JVM can share it.
 * <p>
 * Thread-safe: one lock guards all state, so every method is one atomic step (a thread
 * that finds the lock taken spins for a few microseconds before it parks: a
 * {@link SpinningLock}). Enqueue and claim take O(log n); {@link #stats(String)} takes
 * time independent of the queue's size; {@link #list(TaskQuery)} scans tasks newest first
 * until its page is full.
 * <p>
 * Events are built only when a sink asked for their type, and handed to the sinks
 * ({@link #deliverEvents}) on the thread that made the change, while it holds the lock.
 * Removals by {@link #remove(String)}, drain, clean and obliterate publish
 * {@code removed} events (without a task snapshot); removals by retention, by count or by
 * age, publish none, so that housekeeping cannot flood listeners.
 * <p>
 * The records of running engines ({@link #heartbeat}) live apart from the tasks, in a map
 * of their own, and expire by the given clock.
 */
public final class InMemoryTaskBackend implements TaskBackend {

	private final Clock clock;

	private final EventOutlet events = new EventOutlet();

	private final SpinningLock lock = new SpinningLock();

	private final TaskIndex index;

	/**
	 * Makes every state change of a claim's life: this class adds the lock, time, checks
	 * and wake-ups.
	 */
	private final TaskStore store;

	/** Promotes, recovers stalled tasks and trims, through the store's moves. */
	private final TaskHousekeeping housekeeping;

	/** Makes the operator's operations, through the store's moves. */
	private final TaskOperations operations;

	/** The running engines' records, outside the lock. */
	private final InstanceTable instances;

	/** The recurring schedules, under the lock, so that a due one stores its task. */
	private final InMemoryScheduleStore schedules;

	/**
	 * A backend on the system UTC clock with {@link RetentionPolicy#defaults()}.
	 */
	public InMemoryTaskBackend() {
		this(Clock.systemUTC(), RetentionPolicy.defaults());
	}

	/**
	 * A backend with the given clock and retention.
	 * @param clock the time source for every state change
	 * @param retention how many finished tasks to keep, and how long
	 */
	public InMemoryTaskBackend(Clock clock, RetentionPolicy retention) {
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		Objects.requireNonNull(retention, "retention must not be null");
		this.index = new TaskIndex(this.lock);
		TaskEvents taskEvents = new TaskEvents(this.events);
		Consumer<QueueState> onReady = this::wakeOne;
		this.store = new TaskStore(this.index, retention, taskEvents, onReady);
		this.housekeeping = new TaskHousekeeping(this.index, this.store, retention, onReady);
		this.operations = new TaskOperations(this.index, this.store, taskEvents, onReady);
		this.instances = new InstanceTable(clock);
		this.schedules = new InMemoryScheduleStore(this.lock::locked,
				(task) -> this.store.enqueue(task, clock.instant()), this.events, clock);
	}

	@Override
	public String name() {
		return "memory";
	}

	@Override
	public void ping() {
	}

	// --- producing ---

	@Override
	public EnqueueResult enqueue(NewTask task) {
		Objects.requireNonNull(task, "task must not be null");
		return this.lock.locked(() -> this.store.enqueue(task, this.clock.instant()));
	}

	@Override
	public CompletableFuture<EnqueueResult> enqueueAsync(NewTask task) {
		try {
			return CompletableFuture.completedFuture(enqueue(task));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public List<EnqueueResult> enqueueAll(List<NewTask> tasks) {
		tasks.forEach((task) -> Objects.requireNonNull(task, "tasks must not contain null"));
		return this.lock.locked(() -> {
			Instant now = this.clock.instant();
			List<EnqueueResult> results = new ArrayList<>(tasks.size());
			for (NewTask task : tasks) {
				results.add(this.store.enqueue(task, now));
			}
			return results;
		});
	}

	// --- reading ---

	@Override
	public Optional<Task> find(String id) {
		return this.lock.locked(() -> Optional.ofNullable(this.index.find(id)).map(TaskRecord::toTask));
	}

	@Override
	public TaskPage list(TaskQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		return this.lock.locked(() -> this.index.list(query));
	}

	@Override
	public List<String> queues() {
		return this.lock.locked(this.index::visibleQueueNames);
	}

	@Override
	public QueueStats stats(String queue) {
		return this.lock.locked(() -> {
			QueueState state = this.index.queueIfPresent(queue);
			return (state != null) ? state.stats() : QueueState.emptyStats(queue);
		});
	}

	@Override
	public QueueThroughput throughput(String queue, int minutes) {
		QueueThroughput.checkMinutes(minutes);
		return this.lock.locked(() -> {
			Instant now = this.clock.instant();
			QueueState state = this.index.queueIfPresent(queue);
			return (state != null) ? state.throughput(now, minutes) : new ThroughputHistory().read(queue, now, minutes);
		});
	}

	// --- consuming ---

	@Override
	public List<ClaimedTask> claim(String queue, int max, Duration lease) {
		return this.lock.locked(() -> {
			QueueState state = this.index.queueIfPresent(queue);
			if (state == null || state.paused || max <= 0) {
				return List.of();
			}
			Instant now = this.clock.instant();
			List<ClaimedTask> claims = new ArrayList<>(Math.min(max, 16));
			ClaimedTask claim;
			while (claims.size() < max && (claim = this.store.claimNext(state, now, lease)) != null) {
				claims.add(claim);
			}
			if (claims.size() == max && state.hasWaiting()) {
				// as many as asked for and more wait: the next idle worker takes them
				state.signalOne();
			}
			return claims;
		});
	}

	@Override
	public void awaitWork(String queue, Duration timeout) throws InterruptedException {
		Objects.requireNonNull(queue, "queue must not be null");
		this.lock.lockInterruptibly();
		try {
			this.index.queue(queue).awaitWork(timeout.toNanos());
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public FinishResult finish(TaskOutcome outcome, boolean claimNext, Duration lease) {
		return this.lock.locked(() -> {
			Instant now = this.clock.instant();
			QueueState queue = this.store.finish(outcome, now);
			if (queue == null) {
				return new FinishResult(false, null);
			}
			ClaimedTask next = (claimNext && !queue.paused) ? this.store.claimNext(queue, now, lease) : null;
			return new FinishResult(true, next);
		});
	}

	@Override
	public Set<String> renewLeases(Collection<ClaimedTask> claims, Duration lease) {
		return this.lock.locked(() -> {
			Instant expiresAt = this.clock.instant().plus(lease);
			Set<String> lost = new HashSet<>();
			for (ClaimedTask claim : claims) {
				if (!this.store.renewLease(claim, expiresAt)) {
					lost.add(claim.id());
				}
			}
			return lost;
		});
	}

	@Override
	public boolean progress(ClaimedTask claim, TaskProgress progress) {
		return this.lock.locked(() -> this.store.progress(claim, progress, this.clock.instant()));
	}

	@Override
	public boolean release(ClaimedTask claim) {
		return this.lock.locked(() -> this.store.release(claim, this.clock.instant()));
	}

	@Override
	public TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error) {
		Objects.requireNonNull(notBefore, "notBefore must not be null");
		Objects.requireNonNull(error, "error must not be null");
		return this.lock.locked(() -> this.store.handBack(claim, notBefore, maxHandBacks, error, this.clock.instant()));
	}

	// --- time ---

	@Override
	public Optional<Instant> promoteDue() {
		return this.lock.locked(() -> Optional.ofNullable(this.housekeeping.promoteDue(this.clock.instant())));
	}

	@Override
	public int recoverStalled(int maxStalls, Consumer<Task> recovered) {
		List<Task> tasks = new ArrayList<>();
		int count = this.lock.locked(() -> this.housekeeping.recoverStalled(maxStalls, this.clock.instant(), tasks));
		tasks.forEach(recovered);
		return count;
	}

	@Override
	public long trim() {
		return this.lock.locked(() -> this.housekeeping.trim(this.clock.instant()));
	}

	// --- operations ---

	@Override
	public Task retry(String id) {
		return this.lock.locked(() -> this.operations.retry(id, this.clock.instant()));
	}

	@Override
	public Task cancel(String id) {
		return this.lock.locked(() -> this.operations.cancel(id, this.clock.instant()));
	}

	@Override
	public Task hold(String id) {
		return this.lock.locked(() -> this.operations.hold(id, this.clock.instant()));
	}

	@Override
	public Task release(String id) {
		return this.lock.locked(() -> this.operations.release(id, this.clock.instant()));
	}

	@Override
	public boolean remove(String id) {
		return this.lock.locked(() -> this.operations.remove(id, this.clock.instant()));
	}

	@Override
	public void setPaused(String queue, boolean paused) {
		Objects.requireNonNull(queue, "queue must not be null");
		this.lock.locked(() -> {
			if (paused) {
				this.operations.pause(queue, this.clock.instant());
			}
			else {
				this.operations.resume(queue, this.clock.instant());
			}
			return null;
		});
	}

	@Override
	public long drain(String queue) {
		return this.lock.locked(() -> this.operations.drain(queue, this.clock.instant()));
	}

	@Override
	public long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore) {
		return this.lock.locked(() -> this.operations.clean(queue, statuses, finishedBefore, this.clock.instant()));
	}

	@Override
	public long obliterate(String queue) {
		return this.lock.locked(() -> this.operations.obliterate(queue, this.clock.instant()));
	}

	// --- instances ---

	@Override
	public ScheduleStore schedules() {
		return this.schedules;
	}

	@Override
	public void heartbeat(TaskInstance instance, Duration ttl) {
		this.instances.heartbeat(instance, ttl);
	}

	@Override
	public void leave(String id) {
		this.instances.leave(id);
	}

	@Override
	public List<TaskInstance> instances() {
		return this.instances.instances();
	}

	// --- events ---

	@Override
	public void deliverEvents(Consumer<TaskEvent> sink, Set<TaskEventType> types) {
		this.events.deliver(sink, types);
	}

	@Override
	public void announceWorker(TaskEventType type, String queue, String instanceId) {
		TaskEvent event = TaskEvent.ofWorker(type, queue, instanceId, this.clock.instant());
		// under the lock, so that it takes its place among the queue's events
		this.lock.locked(() -> {
			QueueState state = this.index.queueIfPresent(queue);
			if (state != null && state.isVisible()) {
				this.events.publish(event);
			}
			return null;
		});
	}

	/**
	 * Ends event delivery. The tasks stay readable and writable.
	 */
	@Override
	public void close() {
		this.events.clear();
	}

	/**
	 * Wakes one worker waiting for a queue that got tasks to claim, unless it is paused
	 * (resuming wakes them all).
	 */
	private void wakeOne(QueueState queue) {
		if (!queue.paused) {
			queue.signalOne();
		}
	}

}
