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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEventBus;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;

/**
 * A {@link TaskBackend} that keeps tasks in this JVM's heap: no server needed, nothing
 * survives a restart, and only engines of this JVM can share it.
 * <p>
 * Thread-safe: one lock guards all state, so every method is one atomic step (a thread
 * that finds the lock taken spins for a few microseconds before it parks). Enqueue and
 * claim take O(log n); {@link #stats(String)} takes time independent of the queue's size;
 * {@link #list(TaskQuery)} scans tasks newest first until its page is full.
 * <p>
 * Events are delivered asynchronously by a {@link TaskEventBus} of this backend (buffer
 * of {@value #EVENT_CAPACITY} events), and built only while a listener is registered.
 * Removals by {@link #remove(String)}, drain, clean and obliterate publish
 * {@code removed} events (without a task snapshot); removals by retention, by count or by
 * age, publish none, so that housekeeping cannot flood listeners.
 */
public final class InMemoryTaskBackend implements TaskBackend {

	/** How many undelivered events the backend buffers before dropping new ones. */
	public static final int EVENT_CAPACITY = 65_536;

	/**
	 * How long a thread that finds the lock taken spins before it parks (not at all on
	 * one CPU, where the holder cannot run meanwhile).
	 */
	private static final long SPIN_NANOS = (Runtime.getRuntime().availableProcessors() > 1) ? 5_000 : 0;

	private final Clock clock;

	private final TaskEventBus events = new TaskEventBus(EVENT_CAPACITY);

	private final ReentrantLock lock = new ReentrantLock();

	private final TaskIndex index;

	private final TaskStore store;

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
		this.index = new TaskIndex(this.lock);
		this.store = new TaskStore(this.index, Objects.requireNonNull(retention, "retention must not be null"),
				this.events);
	}

	@Override
	public String name() {
		return "memory";
	}

	@Override
	public boolean isShared() {
		return false;
	}

	@Override
	public void ping() {
	}

	// --- producing ---

	@Override
	public EnqueueResult enqueue(NewTask task) {
		Objects.requireNonNull(task, "task must not be null");
		return locked(() -> this.store.store(task, this.clock.instant(), null));
	}

	@Override
	public List<EnqueueResult> enqueueAll(List<NewTask> tasks) {
		tasks.forEach((task) -> Objects.requireNonNull(task, "tasks must not contain null"));
		return locked(() -> {
			Instant now = this.clock.instant();
			List<EnqueueResult> results = new ArrayList<>(tasks.size());
			for (NewTask task : tasks) {
				results.add(this.store.store(task, now, null));
			}
			return results;
		});
	}

	// --- reading ---

	@Override
	public Optional<Task> find(String id) {
		return locked(() -> Optional.ofNullable(this.index.find(id)).map(TaskRecord::toTask));
	}

	@Override
	public TaskPage list(TaskQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		return locked(() -> this.index.list(query));
	}

	@Override
	public List<String> queues() {
		return locked(this.index::visibleQueueNames);
	}

	@Override
	public QueueStats stats(String queue) {
		return locked(() -> {
			QueueState state = this.index.queueIfPresent(queue);
			return (state != null) ? state.stats() : QueueState.emptyStats(queue);
		});
	}

	// --- consuming ---

	@Override
	public List<ClaimedTask> claim(String queue, int max, Duration lease) {
		return locked(() -> {
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
		return locked(() -> {
			TaskRecord record = this.index.held(outcome.claim());
			if (record == null) {
				return new FinishResult(false, null);
			}
			Instant now = this.clock.instant();
			QueueState queue = record.queue;
			queue.detach(record);
			record.revokeLease();
			TaskEventType type = this.store.applyOutcome(record, outcome);
			this.store.publish(type, record, now);
			if (outcome.nextOccurrence() != null) {
				this.store.store(outcome.nextOccurrence(), now, record);
			}
			if (!record.status.isFinal()) {
				queue.attach(record);
			}
			else if (this.store.keepsNone(record.status)) {
				// never stored as finished only to be trimmed again
				this.store.forget(record);
			}
			else {
				queue.attach(record);
				this.store.applyCountRetention(queue, record.status);
			}
			ClaimedTask next = (claimNext && !queue.paused) ? this.store.claimNext(queue, now, lease) : null;
			return new FinishResult(true, next);
		});
	}

	@Override
	public Set<String> renewLeases(Collection<ClaimedTask> claims, Duration lease) {
		return locked(() -> {
			Instant expiresAt = this.clock.instant().plus(lease);
			Set<String> lost = new HashSet<>();
			for (ClaimedTask claim : claims) {
				TaskRecord record = this.index.held(claim);
				if (record != null) {
					record.leaseExpiresAt = expiresAt;
				}
				else {
					lost.add(claim.id());
				}
			}
			return lost;
		});
	}

	@Override
	public boolean progress(ClaimedTask claim, TaskProgress progress) {
		return locked(() -> {
			TaskRecord record = this.index.held(claim);
			if (record == null) {
				return false;
			}
			record.progress = progress;
			this.store.publish(TaskEventType.PROGRESS, record, this.clock.instant());
			return true;
		});
	}

	@Override
	public boolean release(ClaimedTask claim) {
		return locked(() -> {
			TaskRecord record = this.index.held(claim);
			if (record == null) {
				return false;
			}
			QueueState queue = record.queue;
			queue.detach(record);
			record.revokeLease();
			record.status = TaskStatus.WAITING;
			record.attempts = Math.max(0, record.attempts - 1);
			// keeps its ready sequence: back to its old place in the queue
			queue.attach(record);
			this.store.publish(TaskEventType.WAITING, record, this.clock.instant());
			this.store.wake(queue);
			return true;
		});
	}

	@Override
	public TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error) {
		Objects.requireNonNull(notBefore, "notBefore must not be null");
		Objects.requireNonNull(error, "error must not be null");
		return locked(() -> {
			TaskRecord record = this.index.held(claim);
			if (record == null) {
				return null;
			}
			record.queue.detach(record);
			record.revokeLease();
			record.attempts = Math.max(0, record.attempts - 1);
			return this.store.handBack(record, notBefore, maxHandBacks, error, this.clock.instant());
		});
	}

	// --- time ---

	@Override
	public Optional<Instant> promoteDue() {
		return locked(() -> {
			Instant now = this.clock.instant();
			Instant earliest = null;
			for (QueueState queue : this.index.queues()) {
				boolean promoted = false;
				TaskRecord record;
				while ((record = queue.firstScheduled()) != null && !record.scheduledAt.isAfter(now)) {
					queue.detach(record);
					// a delayed task that has a ready sequence was handed back: back
					// to its place (one enqueued delayed has none yet)
					this.store.makeReady(record, record.status == TaskStatus.DELAYED);
					this.store.publish(TaskEventType.WAITING, record, now);
					promoted = true;
				}
				if (promoted) {
					this.store.wake(queue);
				}
				if (record != null && (earliest == null || record.scheduledAt.isBefore(earliest))) {
					earliest = record.scheduledAt;
				}
			}
			return Optional.ofNullable(earliest);
		});
	}

	@Override
	public int recoverStalled(int maxStalls) {
		return locked(() -> {
			Instant now = this.clock.instant();
			int count = 0;
			for (QueueState queue : this.index.queues()) {
				boolean requeued = false;
				for (TaskRecord record : queue.activeTasks()) {
					if (record.leaseExpiresAt.isBefore(now)) {
						count++;
						requeued |= this.store.recoverStalled(record, maxStalls, now);
					}
				}
				if (requeued) {
					this.store.wake(queue);
				}
			}
			return count;
		});
	}

	@Override
	public long trim() {
		return locked(() -> {
			Instant now = this.clock.instant();
			long removed = 0;
			for (QueueState queue : this.index.queues()) {
				removed += this.store.applyAgeRetention(queue, now);
			}
			return removed;
		});
	}

	// --- operations ---

	@Override
	public Task retry(String id) {
		return locked(() -> {
			TaskRecord record = this.index.existing(id);
			if (!record.status.isFinal()) {
				throw new TaskStateException("task '" + id + "' is " + record.status.value()
						+ "; only completed, failed or cancelled tasks can be retried", record.status);
			}
			Instant now = this.clock.instant();
			record.queue.detach(record);
			record.attempts = 0;
			record.stalls = 0;
			record.handBacks = 0;
			record.result = null;
			record.error = null;
			record.progress = null;
			record.startedAt = null;
			record.finishedAt = null;
			// it becomes ready now: the wait metric and oldest-waiting age start again
			record.scheduledAt = now;
			this.store.makeReady(record);
			this.store.reclaimKey(record);
			Task task = record.toTask();
			this.store.publish(TaskEventType.WAITING, task, now);
			this.store.wake(record.queue);
			return task;
		});
	}

	@Override
	public Task cancel(String id) {
		return locked(() -> {
			TaskRecord record = this.index.existing(id);
			if (record.status.isFinal()) {
				throw new TaskStateException("task '" + id + "' is already " + record.status.value()
						+ "; only waiting, delayed, active or retrying tasks can be cancelled", record.status);
			}
			Instant now = this.clock.instant();
			QueueState queue = record.queue;
			queue.detach(record);
			record.revokeLease();
			record.status = TaskStatus.CANCELLED;
			record.finishedAt = now;
			queue.attach(record);
			Task task = record.toTask();
			this.store.publish(TaskEventType.CANCELLED, task, now);
			this.store.applyCountRetention(queue, TaskStatus.CANCELLED);
			return task;
		});
	}

	@Override
	public boolean remove(String id) {
		return locked(() -> {
			TaskRecord record = this.index.find(id);
			if (record == null) {
				return false;
			}
			this.store.deleteAll(List.of(record), this.clock.instant());
			return true;
		});
	}

	@Override
	public void pause(String queue) {
		Objects.requireNonNull(queue, "queue must not be null");
		locked(() -> {
			this.index.queue(queue).paused = true;
			this.store.publishQueueEvent(TaskEventType.PAUSED, queue, this.clock.instant());
			return null;
		});
	}

	@Override
	public void resume(String queue) {
		locked(() -> {
			QueueState state = this.index.queueIfPresent(queue);
			if (state != null) {
				state.paused = false;
				state.signalWork();
			}
			this.store.publishQueueEvent(TaskEventType.RESUMED, queue, this.clock.instant());
			return null;
		});
	}

	@Override
	public boolean isPaused(String queue) {
		return locked(() -> {
			QueueState state = this.index.queueIfPresent(queue);
			return state != null && state.paused;
		});
	}

	@Override
	public long drain(String queue) {
		return locked(() -> {
			QueueState state = this.index.queueIfPresent(queue);
			return (state != null) ? this.store.deleteAll(state.pendingTasks(), this.clock.instant()) : 0L;
		});
	}

	@Override
	public long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore) {
		return locked(() -> {
			QueueState state = this.index.queueIfPresent(queue);
			if (state == null) {
				return 0L;
			}
			List<TaskRecord> doomed = new ArrayList<>();
			for (TaskStatus group : List.of(TaskStatus.COMPLETED, TaskStatus.FAILED)) {
				for (TaskRecord record : state.finished(group)) {
					if (!record.finishedAt.isBefore(finishedBefore)) {
						break;
					}
					if (statuses.contains(record.status)) {
						doomed.add(record);
					}
				}
			}
			return this.store.deleteAll(doomed, this.clock.instant());
		});
	}

	@Override
	public long obliterate(String queue) {
		return locked(() -> {
			QueueState state = this.index.queueIfPresent(queue);
			if (state == null) {
				return 0L;
			}
			long count = this.store.deleteAll(state.allTasks(), this.clock.instant());
			this.index.dropQueue(state);
			// its waiters hold the dropped state: wake them so that they wait on a new
			// one
			state.signalWork();
			return count;
		});
	}

	// --- events ---

	@Override
	public void addListener(TaskEventListener listener) {
		this.events.addListener(listener);
	}

	@Override
	public void removeListener(TaskEventListener listener) {
		this.events.removeListener(listener);
	}

	/**
	 * Stops event delivery after delivering what is buffered. The tasks stay readable and
	 * writable; later events are dropped.
	 */
	@Override
	public void close() {
		this.events.close();
	}

	/**
	 * Takes the lock, spinning for a few microseconds before parking: the lock is held
	 * for a short step at a time, so a thread that finds it taken usually gets it sooner
	 * by waiting on the CPU than by parking and being woken (a context switch for each).
	 */
	private void lock() {
		if (this.lock.tryLock()) {
			return;
		}
		long deadline = System.nanoTime() + SPIN_NANOS;
		while (System.nanoTime() - deadline < 0) {
			Thread.onSpinWait();
			if (!this.lock.isLocked() && this.lock.tryLock()) {
				return;
			}
		}
		this.lock.lock();
	}

	private <T> T locked(Supplier<T> step) {
		lock();
		try {
			return step.get();
		}
		finally {
			this.lock.unlock();
		}
	}

}
