package dev.taskqueue.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The waiting tasks of one queue in claim order: highest priority first, and within a
 * priority the lowest ready sequence (the task that became ready first). One sorted set
 * per priority level, so adding and taking are O(log n) and the task that has waited
 * longest over all levels is found in O(levels). Not thread-safe.
 */
final class ReadyQueue {

	private static final Comparator<TaskRecord> BY_READY_SEQUENCE = Comparator
		.comparingLong((TaskRecord record) -> record.readySequence);

	private final NavigableMap<Integer, NavigableSet<TaskRecord>> levels = new TreeMap<>(Comparator.reverseOrder());

	void add(TaskRecord record) {
		this.levels.computeIfAbsent(record.priority, (priority) -> new TreeSet<>(BY_READY_SEQUENCE)).add(record);
	}

	void remove(TaskRecord record) {
		NavigableSet<TaskRecord> level = this.levels.get(record.priority);
		if (level != null && level.remove(record) && level.isEmpty()) {
			this.levels.remove(record.priority);
		}
	}

	/**
	 * Takes the next task to claim.
	 * @return the task, or {@code null} when none waits
	 */
	TaskRecord poll() {
		Map.Entry<Integer, NavigableSet<TaskRecord>> first = this.levels.firstEntry();
		if (first == null) {
			return null;
		}
		TaskRecord record = first.getValue().pollFirst();
		if (first.getValue().isEmpty()) {
			this.levels.remove(first.getKey());
		}
		return record;
	}

	/**
	 * The task that became ready first, whatever its priority.
	 * @return the task, or {@code null} when none waits
	 */
	TaskRecord longestWaiting() {
		TaskRecord oldest = null;
		for (NavigableSet<TaskRecord> level : this.levels.values()) {
			TaskRecord candidate = level.first();
			if (oldest == null || candidate.readySequence < oldest.readySequence) {
				oldest = candidate;
			}
		}
		return oldest;
	}

	/**
	 * Every waiting task, in no particular order.
	 * @return a copy
	 */
	List<TaskRecord> snapshot() {
		List<TaskRecord> all = new ArrayList<>();
		for (Collection<TaskRecord> level : this.levels.values()) {
			all.addAll(level);
		}
		return all;
	}

	void clear() {
		this.levels.clear();
	}

}
