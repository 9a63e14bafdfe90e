package dev.taskqueue.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventBus;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;

/**
 * A {@link TaskBackend} that keeps tasks in this JVM's heap: no server needed, nothing
 * survives a restart, and only engines of this JVM can share it.
 * <p>
 * Thread-safe: one lock guards all state, so every method is one atomic step. Enqueue and
 * claim take O(log n); {@link #stats(String)} takes time independent of the queue's size;
 * {@link #list(TaskQuery)} scans tasks newest first until the page is full.
 * <p>
 * Events are delivered asynchronously by a {@link TaskEventBus} of this backend (buffer
 * of {@value #EVENT_CAPACITY} events). Removals by drain, clean, obliterate and
 * {@link #remove(String)} publish {@code removed} events; removals by retention (count or
 * age) publish none, so that housekeeping cannot flood listeners.
 */
public final class InMemoryTaskBackend implements TaskBackend {

	/** How many undelivered events the backend buffers before dropping new ones. */
	public static final int EVENT_CAPACITY = 65_536;

	private final Clock clock;

	private final RetentionPolicy retention;

	private final TaskEventBus events = new TaskEventBus(EVENT_CAPACITY);

	private final ReentrantLock lock = new ReentrantLock();

	/** Every task by id; ids are time-ordered, so this is also creation order. */
	private final NavigableMap<String, TaskRecord> tasks = new TreeMap<>();

	private final Map<String, TaskRecord> byIdempotencyKey = new HashMap<>();

	private final Map<String, QueueState> queues = new HashMap<>();

	private long lastReadySequence;

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
		this.retention = Objects.requireNonNull(retention, "retention must not be null");
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
		this.lock.lock();
		try {
			return store(task, this.clock.instant(), null);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public List<EnqueueResult> enqueueAll(List<NewTask> tasks) {
		List<EnqueueResult> results = new ArrayList<>(tasks.size());
		this.lock.lock();
		try {
			Instant now = this.clock.instant();
			for (NewTask task : tasks) {
				results.add(store(Objects.requireNonNull(task, "task must not be null"), now, null));
			}
			return results;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stores a new task unless its idempotency key belongs to another task.
	 * @param keyOwner a task whose key the new one may take over (a finishing repeat), or
	 * {@code null}
	 */
	private EnqueueResult store(NewTask task, Instant now, TaskRecord keyOwner) {
		String key = task.idempotencyKey();
		if (key != null) {
			TaskRecord existing = this.byIdempotencyKey.get(key);
			if (existing != null && existing != keyOwner) {
				return new EnqueueResult(existing.id, false);
			}
		}
		if (this.tasks.containsKey(task.id())) {
			throw new IllegalArgumentException("a task with id '" + task.id() + "' is already stored");
		}
		QueueState queue = queueState(task.queue());
		TaskRecord record = new TaskRecord(task, queue);
		boolean delayed = task.isDelayedAt(now);
		record.status = delayed ? TaskStatus.DELAYED : TaskStatus.WAITING;
		if (!delayed) {
			record.readySequence = ++this.lastReadySequence;
		}
		this.tasks.put(record.id, record);
		if (key != null) {
			this.byIdempotencyKey.put(key, record);
		}
		queue.attach(record);
		publish(TaskEventType.ADDED, record, now);
		if (!delayed) {
			wake(queue);
		}
		return new EnqueueResult(record.id, true);
	}

	// --- reading ---

	@Override
	public Optional<Task> find(String id) {
		this.lock.lock();
		try {
			TaskRecord record = this.tasks.get(id);
			return (record != null) ? Optional.of(record.toTask()) : Optional.empty();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public TaskPage list(TaskQuery query) {
		this.lock.lock();
		try {
			NavigableMap<String, TaskRecord> older = (query.cursor() != null)
					? this.tasks.headMap(query.cursor(), false) : this.tasks;
			List<Task> items = new ArrayList<>();
			for (TaskRecord record : older.descendingMap().values()) {
				if (!mayMatch(query, record)) {
					continue;
				}
				Task task = record.toTask();
				if (!query.matches(task)) {
					continue;
				}
				if (items.size() == query.limit()) {
					// one more match exists: this page is not the last
					return new TaskPage(items, items.get(items.size() - 1).id());
				}
				items.add(task);
			}
			return new TaskPage(items, null);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Checks the cheap filters before a snapshot is built for {@link TaskQuery#matches}.
	 */
	private static boolean mayMatch(TaskQuery query, TaskRecord record) {
		return (query.queue() == null || query.queue().equals(record.queue.name))
				&& (query.type() == null || query.type().equals(record.type))
				&& (query.statuses().isEmpty() || query.statuses().contains(record.status));
	}

	@Override
	public List<String> queues() {
		this.lock.lock();
		try {
			List<String> names = new ArrayList<>();
			for (QueueState queue : this.queues.values()) {
				if (queue.isVisible()) {
					names.add(queue.name);
				}
			}
			names.sort(null);
			return names;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public QueueStats stats(String queue) {
		this.lock.lock();
		try {
			QueueState state = this.queues.get(queue);
			return (state != null) ? state.stats() : QueueState.emptyStats(queue);
		}
		finally {
			this.lock.unlock();
		}
	}

	// --- consuming ---

	@Override
	public List<ClaimedTask> claim(String queue, int max, Duration lease) {
		this.lock.lock();
		try {
			QueueState state = this.queues.get(queue);
			if (state == null || state.paused || max <= 0) {
				return List.of();
			}
			Instant now = this.clock.instant();
			List<ClaimedTask> claims = new ArrayList<>(Math.min(max, 16));
			TaskRecord record;
			while (claims.size() < max && (record = state.pollReady()) != null) {
				claims.add(activate(record, now, lease));
			}
			return claims;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Makes a detached waiting task active under a new lease. */
	private ClaimedTask activate(TaskRecord record, Instant now, Duration lease) {
		record.status = TaskStatus.ACTIVE;
		record.attempts++;
		record.startedAt = now;
		record.progress = null;
		record.leaseToken = newLeaseToken();
		record.leaseExpiresAt = now.plus(lease);
		record.queue.attach(record);
		Task task = record.toTask();
		if (this.events.hasListeners()) {
			this.events.publish(TaskEvent.of(TaskEventType.ACTIVE, task, now));
		}
		return new ClaimedTask(task, record.leaseToken, record.leaseExpiresAt);
	}

	@Override
	public void awaitWork(String queue, Duration timeout) throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			queueState(queue).awaitWork(timeout.toNanos());
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public FinishResult finish(TaskOutcome outcome, boolean claimNext, Duration lease) {
		ClaimedTask claim = outcome.claim();
		this.lock.lock();
		try {
			TaskRecord record = this.tasks.get(claim.id());
			if (record == null || !record.isHeldBy(claim.leaseToken())) {
				return new FinishResult(false, null, null);
			}
			Instant now = this.clock.instant();
			QueueState queue = record.queue;
			queue.detach(record);
			record.revokeLease();
			TaskEventType type;
			if (outcome instanceof TaskOutcome.Completed completed) {
				record.status = TaskStatus.COMPLETED;
				record.result = completed.result();
				record.error = null;
				record.finishedAt = completed.finishedAt();
				countProcessed(record, false);
				type = TaskEventType.COMPLETED;
			}
			else {
				TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
				record.error = failed.error();
				if (failed.retryAt() != null) {
					record.status = TaskStatus.RETRYING;
					record.scheduledAt = failed.retryAt();
					type = TaskEventType.RETRYING;
				}
				else {
					record.status = TaskStatus.FAILED;
					record.finishedAt = failed.finishedAt();
					countProcessed(record, true);
					type = TaskEventType.FAILED;
				}
			}
			queue.attach(record);
			Task task = record.toTask();
			if (this.events.hasListeners()) {
				this.events.publish(TaskEvent.of(type, task, now));
			}
			if (outcome.nextOccurrence() != null) {
				store(outcome.nextOccurrence(), now, record);
			}
			if (record.status.isFinal()) {
				applyCountRetention(queue, record.status);
			}
			boolean kept = this.tasks.get(record.id) == record;
			ClaimedTask next = null;
			if (claimNext && !queue.paused) {
				TaskRecord ready = queue.pollReady();
				if (ready != null) {
					next = activate(ready, now, lease);
				}
			}
			return new FinishResult(true, kept ? task : null, next);
		}
		finally {
			this.lock.unlock();
		}
	}

	private void countProcessed(TaskRecord record, boolean failed) {
		QueueState queue = record.queue;
		queue.processed++;
		if (failed) {
			queue.failedCount++;
		}
		if (record.startedAt != null) {
			queue.processingMillis += Math.max(0, Duration.between(record.startedAt, record.finishedAt).toMillis());
		}
	}

	@Override
	public Set<String> renewLeases(Collection<ClaimedTask> claims, Duration lease) {
		this.lock.lock();
		try {
			Instant expiresAt = this.clock.instant().plus(lease);
			Set<String> lost = new HashSet<>();
			for (ClaimedTask claim : claims) {
				TaskRecord record = this.tasks.get(claim.id());
				if (record != null && record.isHeldBy(claim.leaseToken())) {
					record.leaseExpiresAt = expiresAt;
				}
				else {
					lost.add(claim.id());
				}
			}
			return lost;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean progress(ClaimedTask claim, TaskProgress progress) {
		this.lock.lock();
		try {
			TaskRecord record = this.tasks.get(claim.id());
			if (record == null || !record.isHeldBy(claim.leaseToken())) {
				return false;
			}
			record.progress = progress;
			publish(TaskEventType.PROGRESS, record, this.clock.instant());
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean release(ClaimedTask claim) {
		this.lock.lock();
		try {
			TaskRecord record = this.tasks.get(claim.id());
			if (record == null || !record.isHeldBy(claim.leaseToken())) {
				return false;
			}
			QueueState queue = record.queue;
			queue.detach(record);
			record.revokeLease();
			record.status = TaskStatus.WAITING;
			record.attempts = Math.max(0, record.attempts - 1);
			// keeps its ready sequence: back to its old place in the queue
			queue.attach(record);
			publish(TaskEventType.WAITING, record, this.clock.instant());
			wake(queue);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	// --- time ---

	@Override
	public Optional<Instant> promoteDue() {
		this.lock.lock();
		try {
			Instant now = this.clock.instant();
			Instant earliest = null;
			for (QueueState queue : this.queues.values()) {
				boolean promoted = false;
				TaskRecord record;
				while ((record = queue.firstScheduled()) != null && !record.scheduledAt.isAfter(now)) {
					queue.detach(record);
					makeReady(record);
					publish(TaskEventType.WAITING, record, now);
					promoted = true;
				}
				if (promoted) {
					wake(queue);
				}
				if (record != null && (earliest == null || record.scheduledAt.isBefore(earliest))) {
					earliest = record.scheduledAt;
				}
			}
			return Optional.ofNullable(earliest);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public int recoverStalled(int maxStalls) {
		this.lock.lock();
		try {
			Instant now = this.clock.instant();
			int count = 0;
			for (QueueState queue : this.queues.values()) {
				boolean requeued = false;
				for (TaskRecord record : queue.activeTasks()) {
					if (!record.leaseExpiresAt.isBefore(now)) {
						continue;
					}
					count++;
					queue.detach(record);
					record.revokeLease();
					record.stalls++;
					if (record.stalls > maxStalls || record.attempts >= record.maxAttempts) {
						record.status = TaskStatus.FAILED;
						record.error = new TaskError(
								"task stalled " + record.stalls + " time(s): its worker stopped renewing its lease",
								"dev.taskqueue.TaskStalledException", null);
						record.finishedAt = now;
						countProcessed(record, true);
						queue.attach(record);
						publish(TaskEventType.FAILED, record, now);
						applyCountRetention(queue, TaskStatus.FAILED);
					}
					else {
						makeReady(record);
						publish(TaskEventType.STALLED, record, now);
						requeued = true;
					}
				}
				if (requeued) {
					wake(queue);
				}
			}
			return count;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public long trim() {
		this.lock.lock();
		try {
			Instant now = this.clock.instant();
			long removed = 0;
			for (QueueState queue : this.queues.values()) {
				for (TaskStatus group : List.of(TaskStatus.COMPLETED, TaskStatus.FAILED)) {
					Instant cutoff = now.minus(this.retention.forStatus(group).maxAge());
					NavigableSet<TaskRecord> finished = queue.finished(group);
					while (!finished.isEmpty() && finished.first().finishedAt.isBefore(cutoff)) {
						delete(finished.first());
						removed++;
					}
				}
			}
			return removed;
		}
		finally {
			this.lock.unlock();
		}
	}

	// --- operations ---

	@Override
	public Task retry(String id) {
		this.lock.lock();
		try {
			TaskRecord record = existing(id);
			if (!record.status.isFinal()) {
				throw new TaskStateException("task '" + id + "' is " + record.status.value()
						+ "; only completed, failed or cancelled tasks can be retried", record.status);
			}
			Instant now = this.clock.instant();
			QueueState queue = record.queue;
			queue.detach(record);
			record.attempts = 0;
			record.stalls = 0;
			record.result = null;
			record.error = null;
			record.progress = null;
			record.startedAt = null;
			record.finishedAt = null;
			record.scheduledAt = now;
			makeReady(record);
			if (record.idempotencyKey != null) {
				this.byIdempotencyKey.putIfAbsent(record.idempotencyKey, record);
			}
			Task task = record.toTask();
			if (this.events.hasListeners()) {
				this.events.publish(TaskEvent.of(TaskEventType.WAITING, task, now));
			}
			wake(queue);
			return task;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public Task cancel(String id) {
		this.lock.lock();
		try {
			TaskRecord record = existing(id);
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
			if (this.events.hasListeners()) {
				this.events.publish(TaskEvent.of(TaskEventType.CANCELLED, task, now));
			}
			applyCountRetention(queue, TaskStatus.CANCELLED);
			return task;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean remove(String id) {
		this.lock.lock();
		try {
			TaskRecord record = this.tasks.get(id);
			if (record == null) {
				return false;
			}
			delete(record);
			publishRemoved(record, this.clock.instant());
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void pause(String queue) {
		this.lock.lock();
		try {
			queueState(queue).paused = true;
			publishQueueEvent(TaskEventType.PAUSED, queue);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void resume(String queue) {
		this.lock.lock();
		try {
			QueueState state = this.queues.get(queue);
			if (state != null) {
				state.paused = false;
				state.signalWork();
			}
			publishQueueEvent(TaskEventType.RESUMED, queue);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean isPaused(String queue) {
		this.lock.lock();
		try {
			QueueState state = this.queues.get(queue);
			return state != null && state.paused;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public long drain(String queue) {
		this.lock.lock();
		try {
			QueueState state = this.queues.get(queue);
			return (state != null) ? deleteAll(state.pendingTasks()) : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore) {
		this.lock.lock();
		try {
			QueueState state = this.queues.get(queue);
			if (state == null) {
				return 0;
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
			return deleteAll(doomed);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public long obliterate(String queue) {
		this.lock.lock();
		try {
			QueueState state = this.queues.get(queue);
			if (state == null) {
				return 0;
			}
			long count = deleteAll(state.allTasks());
			this.queues.remove(queue);
			// waiters hold the old state: wake them so that they wait on the new one
			state.signalWork();
			return count;
		}
		finally {
			this.lock.unlock();
		}
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
	 * Stops event delivery (after delivering what is buffered). The tasks stay readable
	 * and writable; later events are dropped.
	 */
	@Override
	public void close() {
		this.events.close();
	}

	// --- helpers; call with the lock held ---

	private QueueState queueState(String name) {
		Objects.requireNonNull(name, "queue must not be null");
		return this.queues.computeIfAbsent(name, (key) -> new QueueState(key, this.lock.newCondition()));
	}

	private TaskRecord existing(String id) {
		TaskRecord record = this.tasks.get(id);
		if (record == null) {
			throw new TaskNotFoundException(id);
		}
		return record;
	}

	/** Makes a detached task waiting at the end of its priority level. */
	private void makeReady(TaskRecord record) {
		record.status = TaskStatus.WAITING;
		record.readySequence = ++this.lastReadySequence;
		record.queue.attach(record);
	}

	private void wake(QueueState queue) {
		if (!queue.paused) {
			queue.signalWork();
		}
	}

	/** Removes the oldest finished tasks of a retention group beyond its count. */
	private void applyCountRetention(QueueState queue, TaskStatus status) {
		Retention limit = this.retention.forStatus(status);
		NavigableSet<TaskRecord> finished = queue.finished(status);
		while (finished.size() > limit.maxCount()) {
			delete(finished.first());
		}
	}

	/** Forgets a task, revoking its lease and freeing its idempotency key. No event. */
	private void delete(TaskRecord record) {
		record.queue.detach(record);
		this.tasks.remove(record.id);
		record.revokeLease();
		if (record.idempotencyKey != null) {
			this.byIdempotencyKey.remove(record.idempotencyKey, record);
		}
	}

	private long deleteAll(List<TaskRecord> records) {
		Instant now = this.clock.instant();
		for (TaskRecord record : records) {
			delete(record);
			publishRemoved(record, now);
		}
		return records.size();
	}

	private void publish(TaskEventType type, TaskRecord record, Instant now) {
		if (this.events.hasListeners()) {
			this.events.publish(TaskEvent.of(type, record.toTask(), now));
		}
	}

	private void publishRemoved(TaskRecord record, Instant now) {
		if (this.events.hasListeners()) {
			this.events.publish(new TaskEvent(TaskEventType.REMOVED, record.queue.name, record.id, null, now));
		}
	}

	private void publishQueueEvent(TaskEventType type, String queue) {
		if (this.events.hasListeners()) {
			this.events.publish(TaskEvent.ofQueue(type, queue, this.clock.instant()));
		}
	}

	/**
	 * A random version-4 UUID. Not {@link UUID#randomUUID()}: that draws from a shared
	 * {@link java.security.SecureRandom} on the claim path, and a token that fences
	 * writes inside this JVM needs to be unique, not unpredictable.
	 */
	private static String newLeaseToken() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		long high = (random.nextLong() & ~0xF000L) | 0x4000L;
		long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(high, low).toString();
	}

}
