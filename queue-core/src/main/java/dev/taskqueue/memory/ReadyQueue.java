package dev.taskqueue.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
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
 * longest over all levels is found in O(levels); an emptied level is dropped unless it is
 * the only one. Not thread-safe.
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
		if (level != null && level.remove(record)) {
			dropIfEmpty(record.priority, level);
		}
	}

	/**
	 * Takes the next task to claim.
	 * @return the task, or {@code null} when none waits
	 */
	TaskRecord poll() {
		for (Iterator<Map.Entry<Integer, NavigableSet<TaskRecord>>> levels = this.levels.entrySet().iterator(); levels
			.hasNext();) {
			Map.Entry<Integer, NavigableSet<TaskRecord>> level = levels.next();
			TaskRecord record = level.getValue().pollFirst();
			if (record == null) {
				// the emptied level kept below
				levels.remove();
				continue;
			}
			dropIfEmpty(level.getKey(), level.getValue());
			return record;
		}
		return null;
	}

	/**
	 * Drops an emptied level unless it is the only one: a queue that is emptied as fast
	 * as it fills keeps its level rather than rebuild it for every task.
	 */
	private void dropIfEmpty(int priority, NavigableSet<TaskRecord> level) {
		if (level.isEmpty() && this.levels.size() > 1) {
			this.levels.remove(priority);
		}
	}

	/**
	 * The task that became ready first, whatever its priority.
	 * @return the task, or {@code null} when none waits
	 */
	TaskRecord longestWaiting() {
		TaskRecord oldest = null;
		for (NavigableSet<TaskRecord> level : this.levels.values()) {
			if (level.isEmpty()) {
				continue;
			}
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
