package dev.taskqueue.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;

import dev.taskqueue.QueueStats;
import dev.taskqueue.QueueThroughput;
import dev.taskqueue.TaskStatus;

/**
 * Everything the in-memory backend keeps about one queue: its tasks by status in the
 * order each status needs, incremental counts (by status, and by type and status), the
 * paused flag, metrics, the throughput history, and the wake-up signal of workers waiting
 * for work. Every task of the queue sits in exactly one structure, chosen by its status;
 * {@link TaskStore} states that invariant and who may attach and detach tasks and change
 * the paused flag and metrics. Not thread-safe: guarded by the backend's lock, whose
 * {@link Condition} this state waits on.
 */
final class QueueState {

	private static final Comparator<TaskRecord> BY_SCHEDULED_AT = Comparator
		.comparing((TaskRecord record) -> record.scheduledAt)
		.thenComparing((record) -> record.id);

	private static final Comparator<TaskRecord> BY_FINISHED_AT = Comparator
		.comparing((TaskRecord record) -> record.finishedAt)
		.thenComparing((record) -> record.id);

	private static final TaskStatus[] STATUSES = TaskStatus.values();

	final String name;

	private final ReadyQueue ready = new ReadyQueue();

	/** Delayed and retrying tasks, earliest due first. */
	private final NavigableSet<TaskRecord> scheduled = new TreeSet<>(BY_SCHEDULED_AT);

	private final Set<TaskRecord> active = new HashSet<>();

	/** Held tasks, in the order they were held. */
	private final Set<TaskRecord> held = new LinkedHashSet<>();

	/** Completed tasks, earliest finished first. */
	private final NavigableSet<TaskRecord> completed = new TreeSet<>(BY_FINISHED_AT);

	/** Failed and cancelled tasks, earliest finished first. */
	private final NavigableSet<TaskRecord> failed = new TreeSet<>(BY_FINISHED_AT);

	private final long[] counts = new long[STATUSES.length];

	/**
	 * The counts of each type that has tasks here, and of types whose last task left
	 * since the map was last purged: a type that comes and goes with every task (a queue
	 * that empties between tasks) keeps its counts instead of being looked up, made and
	 * dropped each time.
	 */
	private final Map<String, TypeCounts> types = new HashMap<>();

	private final ThroughputHistory history = new ThroughputHistory();

	private final Condition workAvailable;

	/** Set by a wake-up and consumed by the next wait, so no wake-up is lost. */
	private boolean signalled;

	/** Counts wake-ups, so that every thread waiting when one happens returns. */
	private long wakeups;

	boolean paused;

	long processed;

	long failedCount;

	long processingMillis;

	long peakConcurrency;

	QueueState(String name, Condition workAvailable) {
		this.name = name;
		this.workAvailable = workAvailable;
	}

	// --- membership ---

	/**
	 * Adds a task to the structure of its status and counts it.
	 * @param record the task
	 */
	void attach(TaskRecord record) {
		switch (record.status) {
			case WAITING -> this.ready.add(record);
			case DELAYED, RETRYING -> this.scheduled.add(record);
			case ACTIVE -> this.active.add(record);
			case HELD -> this.held.add(record);
			case COMPLETED, FAILED, CANCELLED -> finished(record.status).add(record);
		}
		TypeCounts byType = record.typeCounts;
		if (byType == null || byType.dropped) {
			byType = typeCounts(record.type);
			record.typeCounts = byType;
		}
		byType.add(record.status);
		long count = ++this.counts[record.status.ordinal()];
		if (record.status == TaskStatus.ACTIVE && count > this.peakConcurrency) {
			this.peakConcurrency = count;
		}
	}

	/**
	 * Takes a task out of the structure of its status and uncounts it; call before
	 * changing the fields that order it.
	 * @param record the task
	 */
	void detach(TaskRecord record) {
		switch (record.status) {
			case WAITING -> this.ready.remove(record);
			case DELAYED, RETRYING -> this.scheduled.remove(record);
			case ACTIVE -> this.active.remove(record);
			case HELD -> this.held.remove(record);
			case COMPLETED, FAILED, CANCELLED -> finished(record.status).remove(record);
		}
		this.counts[record.status.ordinal()]--;
		uncountType(record);
	}

	/** Uncounts a task from its type's counts (attached, they are the type's current). */
	private void uncountType(TaskRecord record) {
		record.typeCounts.remove(record.status);
	}

	/**
	 * The counts of a type, made (after dropping those of types without tasks) if new.
	 */
	private TypeCounts typeCounts(String type) {
		TypeCounts byType = this.types.get(type);
		if (byType == null) {
			dropEmptyTypes();
			byType = new TypeCounts();
			this.types.put(type, byType);
		}
		return byType;
	}

	/**
	 * Drops the counts of types without tasks, marking them so that records still
	 * pointing to them look their type up again: done when a type is new and when stats
	 * are read, so the map grows only by types that have tasks.
	 */
	private void dropEmptyTypes() {
		this.types.values().removeIf((byType) -> {
			byType.dropped = byType.isEmpty();
			return byType.dropped;
		});
	}

	/**
	 * Detaches the next task to claim.
	 * @return the task, or {@code null} when none waits
	 */
	TaskRecord pollReady() {
		TaskRecord record = this.ready.poll();
		if (record != null) {
			this.counts[TaskStatus.WAITING.ordinal()]--;
			uncountType(record);
		}
		return record;
	}

	/**
	 * The delayed or retrying task due first.
	 * @return the task, or {@code null}
	 */
	TaskRecord firstScheduled() {
		return this.scheduled.isEmpty() ? null : this.scheduled.first();
	}

	/**
	 * The finished tasks whose retention a status falls under, earliest finished first.
	 * @param status completed, failed or cancelled
	 * @return the live set (do not modify)
	 */
	NavigableSet<TaskRecord> finished(TaskStatus status) {
		return (status == TaskStatus.COMPLETED) ? this.completed : this.failed;
	}

	/**
	 * The finished tasks with one of some statuses that finished before a time.
	 * @param statuses the statuses
	 * @param before the time (exclusive)
	 * @return a copy, earliest finished first within each retention group
	 */
	List<TaskRecord> finishedBefore(Set<TaskStatus> statuses, Instant before) {
		List<TaskRecord> found = new ArrayList<>();
		for (NavigableSet<TaskRecord> group : List.of(this.completed, this.failed)) {
			for (TaskRecord record : group) {
				if (!record.finishedAt.isBefore(before)) {
					break;
				}
				if (statuses.contains(record.status)) {
					found.add(record);
				}
			}
		}
		return found;
	}

	/**
	 * The active tasks whose lease expired before a time.
	 * @param now the time
	 * @return a copy
	 */
	List<TaskRecord> expiredLeases(Instant now) {
		List<TaskRecord> expired = new ArrayList<>();
		for (TaskRecord record : this.active) {
			if (record.leaseExpiresAt.isBefore(now)) {
				expired.add(record);
			}
		}
		return expired;
	}

	/**
	 * The tasks that have not run yet: waiting, delayed, retrying and held.
	 * @return a copy
	 */
	List<TaskRecord> pendingTasks() {
		List<TaskRecord> pending = this.ready.snapshot();
		pending.addAll(this.scheduled);
		pending.addAll(this.held);
		return pending;
	}

	/**
	 * Every task of the queue.
	 * @return a copy
	 */
	List<TaskRecord> allTasks() {
		List<TaskRecord> all = pendingTasks();
		all.addAll(this.active);
		all.addAll(this.completed);
		all.addAll(this.failed);
		return all;
	}

	long size() {
		long size = 0;
		for (long count : this.counts) {
			size += count;
		}
		return size;
	}

	/**
	 * Whether {@code queues()} lists this queue: it holds tasks, counters or a paused
	 * flag.
	 * @return true if visible
	 */
	boolean isVisible() {
		return this.paused || this.processed > 0 || this.peakConcurrency > 0 || size() > 0;
	}

	/**
	 * Counts a final outcome (completed or failed) in the metrics and in the throughput
	 * history.
	 * @param startedAt when its last attempt started, or {@code null}
	 * @param finishedAt when it ended
	 * @param failed whether it failed
	 * @param now the backend's time: the minute it counts in
	 */
	void countProcessed(Instant startedAt, Instant finishedAt, boolean failed, Instant now) {
		this.history.count(now, failed);
		this.processed++;
		if (failed) {
			this.failedCount++;
		}
		if (startedAt != null) {
			this.processingMillis += Math.max(0, Duration.between(startedAt, finishedAt).toMillis());
		}
	}

	// --- waking workers ---

	/**
	 * Tells waiting workers (and the next one to wait) that a task may be claimable.
	 */
	void signalWork() {
		this.signalled = true;
		this.wakeups++;
		this.workAvailable.signalAll();
	}

	/**
	 * Wakes one worker waiting for work (as Redis hands its wake-up marker to one blocked
	 * client): enough for a task that became ready, since the claim of a worker that
	 * cannot take every waiting task wakes the next.
	 */
	void signalOne() {
		this.signalled = true;
		this.wakeups++;
		this.workAvailable.signal();
	}

	boolean hasWaiting() {
		return this.counts[TaskStatus.WAITING.ordinal()] > 0;
	}

	/**
	 * Waits for a wake-up; returns at once if one came since the last wait.
	 * @param nanos the longest wait
	 * @throws InterruptedException if interrupted
	 */
	void awaitWork(long nanos) throws InterruptedException {
		if (this.signalled) {
			this.signalled = false;
			return;
		}
		long seen = this.wakeups;
		long left = nanos;
		while (this.wakeups == seen && left > 0) {
			left = this.workAvailable.awaitNanos(left);
		}
	}

	// --- reading ---

	QueueStats stats() {
		Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
		for (TaskStatus status : STATUSES) {
			byStatus.put(status, this.counts[status.ordinal()]);
		}
		TaskRecord oldest = this.ready.longestWaiting();
		Instant oldestWaitingSince = (oldest != null) ? oldest.scheduledAt : null;
		double successRate = (this.processed == 0) ? 1.0
				: (double) (this.processed - this.failedCount) / this.processed;
		double avgMillis = (this.processed == 0) ? 0.0 : (double) this.processingMillis / this.processed;
		QueueStats.Metrics metrics = new QueueStats.Metrics(this.processed, this.failedCount, successRate, avgMillis,
				this.counts[TaskStatus.ACTIVE.ordinal()], this.peakConcurrency);
		dropEmptyTypes();
		Map<String, Map<TaskStatus, Long>> byType = new HashMap<>();
		this.types.forEach((type, typeCounts) -> byType.put(type, typeCounts.snapshot()));
		return new QueueStats(this.name, byStatus, byType, this.paused, oldestWaitingSince, metrics);
	}

	QueueThroughput throughput(Instant now, int minutes) {
		return this.history.read(this.name, now, minutes);
	}

	static QueueStats emptyStats(String queue) {
		Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
		for (TaskStatus status : STATUSES) {
			byStatus.put(status, 0L);
		}
		return new QueueStats(queue, byStatus, Map.of(), false, null, new QueueStats.Metrics(0, 0, 1.0, 0.0, 0, 0));
	}

}
