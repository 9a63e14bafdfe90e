package dev.taskqueue.memory;

import java.time.Instant;
import java.util.List;
import java.util.NavigableSet;
import java.util.function.Consumer;

import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.spi.RetentionPolicy;

/**
 * The in-memory backend's time-driven sweeps over every queue: promoting due tasks,
 * recovering stalled ones and trimming finished ones to their retention's age. Each finds
 * the tasks due and moves them only through {@link TaskStore}'s moves (so that the
 * invariant its Javadoc states holds), which publish their events; this class wakes the
 * workers of each queue that got tasks to claim, once per sweep. Not thread-safe: every
 * method must be called with the backend's lock held.
 */
final class TaskHousekeeping {

	private final TaskIndex index;

	private final TaskStore store;

	private final RetentionPolicy retention;

	/** Told once per sweep and queue that got tasks to claim. */
	private final Consumer<QueueState> onReady;

	TaskHousekeeping(TaskIndex index, TaskStore store, RetentionPolicy retention, Consumer<QueueState> onReady) {
		this.index = index;
		this.store = store;
		this.retention = retention;
		this.onReady = onReady;
	}

	/**
	 * Makes the due delayed and retrying tasks waiting; publishes {@code waiting}.
	 * @return when the next one is due, or {@code null} if none is scheduled
	 */
	Instant promoteDue(Instant now) {
		Instant earliest = null;
		for (QueueState queue : this.index.queues()) {
			boolean promoted = false;
			TaskRecord record;
			while ((record = queue.firstScheduled()) != null && !record.scheduledAt.isAfter(now)) {
				this.store.promote(record, now);
				promoted = true;
			}
			if (promoted) {
				this.onReady.accept(queue);
			}
			if (record != null && (earliest == null || record.scheduledAt.isBefore(earliest))) {
				earliest = record.scheduledAt;
			}
		}
		return earliest;
	}

	/**
	 * Puts each active task whose lease expired back at its place, or fails it if it
	 * stalled too often or has no attempts left; publishes {@code stalled} or
	 * {@code failed}.
	 * @param recovered where each task recovered or failed goes, as it is after
	 * @return how many leases had expired
	 */
	int recoverStalled(int maxStalls, Instant now, List<Task> recovered) {
		int count = 0;
		for (QueueState queue : this.index.queues()) {
			boolean requeued = false;
			for (TaskRecord record : queue.expiredLeases(now)) {
				count++;
				requeued |= this.store.stall(record, maxStalls, now);
				recovered.add(record.toTask());
			}
			if (requeued) {
				this.onReady.accept(queue);
			}
		}
		return count;
	}

	/**
	 * Removes, without events, the finished tasks older than their retention allows.
	 * @return how many
	 */
	long trim(Instant now) {
		long removed = 0;
		for (QueueState queue : this.index.queues()) {
			RetentionPolicy policy = this.retention.forQueue(queue.name);
			for (TaskStatus group : List.of(TaskStatus.COMPLETED, TaskStatus.FAILED)) {
				Instant cutoff = now.minus(policy.forStatus(group).maxAge());
				NavigableSet<TaskRecord> finished = queue.finished(group);
				while (!finished.isEmpty() && finished.first().finishedAt.isBefore(cutoff)) {
					this.store.delete(finished.first());
					removed++;
				}
			}
		}
		return removed;
	}

}
