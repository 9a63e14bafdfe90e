package dev.taskqueue.memory;

import java.util.EnumMap;
import java.util.Map;

import dev.taskqueue.TaskStatus;

/**
 * How many tasks of one type a queue holds, by status: kept by its {@link QueueState} as
 * tasks attach and detach, so that stats by type take time independent of the queue's
 * size. Once it is empty the queue may drop it (a type without tasks disappears from the
 * stats) and marks it dropped, so that a record that still points to it looks the type up
 * again when it attaches. Not thread-safe: guarded by the backend's lock.
 */
final class TypeCounts {

	private static final TaskStatus[] STATUSES = TaskStatus.values();

	private final long[] byStatus = new long[STATUSES.length];

	private long total;

	/** Set when the queue dropped these counts: they count nothing any more. */
	boolean dropped;

	void add(TaskStatus status) {
		this.byStatus[status.ordinal()]++;
		this.total++;
	}

	void remove(TaskStatus status) {
		this.byStatus[status.ordinal()]--;
		this.total--;
	}

	boolean isEmpty() {
		return this.total == 0;
	}

	/**
	 * The counts, every status present.
	 * @return a new map
	 */
	Map<TaskStatus, Long> snapshot() {
		Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
		for (TaskStatus status : STATUSES) {
			counts.put(status, this.byStatus[status.ordinal()]);
		}
		return counts;
	}

}
