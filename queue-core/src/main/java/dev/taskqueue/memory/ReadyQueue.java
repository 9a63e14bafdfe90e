package dev.taskqueue.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The waiting tasks of one queue in claim order: highest priority first, and within a
 * priority the lowest ready sequence (the task that became ready first).
 * <p>
 * Each priority level keeps its tasks in a ring in the order they became ready: a task
 * that became ready after every task of its level (nearly always, as ready sequences
 * grow) is appended, and the next to claim is taken from the front, both in O(1). A task
 * that keeps an earlier place (handed back) goes to a small sorted set beside the ring.
 * Removing a task from the middle only marks its entry stale: each entry carries the
 * number of the addition that made it, which the task holds while it waits there, so
 * entries a task left behind are skipped when they reach the front, and dropped in one
 * pass once they outnumber the live ones. The task that has waited longest over all
 * levels is found in O(levels); an emptied level is dropped unless it is the only one.
 * Not thread-safe.
 */
final class ReadyQueue {

	private static final Comparator<TaskRecord> BY_READY_SEQUENCE = Comparator
		.comparingLong((TaskRecord record) -> record.readySequence);

	private final NavigableMap<Integer, Level> levels = new TreeMap<>(Comparator.reverseOrder());

	/** Counts additions; a waiting task holds the number of its own. */
	private long additions;

	void add(TaskRecord record) {
		Level level = this.levels.get(record.priority);
		if (level == null) {
			level = new Level();
			this.levels.put(record.priority, level);
		}
		record.readyEntry = ++this.additions;
		level.add(record);
	}

	void remove(TaskRecord record) {
		Level level = this.levels.get(record.priority);
		if (level != null && record.readyEntry != 0) {
			// its entry in the ring, if any, is stale from here on
			record.readyEntry = 0;
			level.remove(record);
			dropIfEmpty(record.priority, level);
		}
	}

	/**
	 * Takes the next task to claim.
	 * @return the task, or {@code null} when none waits
	 */
	TaskRecord poll() {
		for (Iterator<Map.Entry<Integer, Level>> levels = this.levels.entrySet().iterator(); levels.hasNext();) {
			Map.Entry<Integer, Level> level = levels.next();
			TaskRecord record = level.getValue().poll();
			if (record != null) {
				record.readyEntry = 0;
				dropIfEmpty(level.getKey(), level.getValue());
				return record;
			}
			if (this.levels.size() > 1) {
				// a level kept while it was the only one
				levels.remove();
			}
		}
		return null;
	}

	/**
	 * Drops an emptied level unless it is the only one: a queue that is emptied as fast
	 * as it fills keeps its level rather than rebuild it for every task.
	 */
	private void dropIfEmpty(int priority, Level level) {
		if (level.live == 0 && this.levels.size() > 1) {
			this.levels.remove(priority);
		}
	}

	/**
	 * The task that became ready first, whatever its priority.
	 * @return the task, or {@code null} when none waits
	 */
	TaskRecord longestWaiting() {
		TaskRecord oldest = null;
		for (Level level : this.levels.values()) {
			TaskRecord candidate = level.first();
			if (candidate != null && (oldest == null || candidate.readySequence < oldest.readySequence)) {
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
		for (Level level : this.levels.values()) {
			level.addTo(all);
		}
		return all;
	}

	/** The waiting tasks of one priority. */
	private static final class Level {

		private static final int INITIAL_CAPACITY = 8;

		/** Stale entries are dropped once there are at least this many of them. */
		private static final int MIN_COMPACTION = 1024;

		/** The ring: tasks and the addition number of each entry, oldest at head. */
		private TaskRecord[] records = new TaskRecord[INITIAL_CAPACITY];

		private long[] entries = new long[INITIAL_CAPACITY];

		private int head;

		private int count;

		private int stale;

		/** The ready sequence of the newest entry of the ring. */
		private long lastSequence;

		/** Tasks that became ready before the newest entry of the ring when added. */
		private TreeSet<TaskRecord> early;

		/** How many tasks wait at this level. */
		int live;

		void add(TaskRecord record) {
			this.live++;
			if (this.count == 0 || record.readySequence > this.lastSequence) {
				if (this.count == this.records.length) {
					resize(this.records.length * 2);
				}
				int at = (this.head + this.count) & (this.records.length - 1);
				this.records[at] = record;
				this.entries[at] = record.readyEntry;
				this.count++;
				this.lastSequence = record.readySequence;
			}
			else {
				if (this.early == null) {
					this.early = new TreeSet<>(BY_READY_SEQUENCE);
				}
				this.early.add(record);
			}
		}

		/** Takes a waiting task of this level out (before its ready sequence changes). */
		void remove(TaskRecord record) {
			this.live--;
			if (this.early == null || !this.early.remove(record)) {
				// its entry in the ring stays, stale, until it reaches the front
				this.stale++;
			}
			if (this.live == 0) {
				reset();
			}
			else if (this.stale >= MIN_COMPACTION && this.stale > this.live) {
				compact();
			}
		}

		TaskRecord poll() {
			TaskRecord first = firstInRing();
			TaskRecord record;
			if (earlyComesFirst(first)) {
				record = this.early.pollFirst();
			}
			else if (first != null) {
				record = first;
				dropHead();
			}
			else {
				return null;
			}
			this.live--;
			if (this.live == 0) {
				reset();
			}
			return record;
		}

		TaskRecord first() {
			TaskRecord first = firstInRing();
			return earlyComesFirst(first) ? this.early.first() : first;
		}

		/** Whether a task of the sorted set became ready before the ring's front one. */
		private boolean earlyComesFirst(TaskRecord ringFirst) {
			return this.early != null && !this.early.isEmpty()
					&& (ringFirst == null || this.early.first().readySequence < ringFirst.readySequence);
		}

		void addTo(List<TaskRecord> all) {
			for (int i = 0; i < this.count; i++) {
				int at = (this.head + i) & (this.records.length - 1);
				if (isLive(at)) {
					all.add(this.records[at]);
				}
			}
			if (this.early != null) {
				all.addAll(this.early);
			}
		}

		/** The front entry once the stale ones before it are dropped. */
		private TaskRecord firstInRing() {
			while (this.count > 0) {
				if (isLive(this.head)) {
					return this.records[this.head];
				}
				dropHead();
				this.stale--;
			}
			return null;
		}

		private boolean isLive(int at) {
			return this.records[at].readyEntry == this.entries[at];
		}

		private void dropHead() {
			this.records[this.head] = null;
			this.head = (this.head + 1) & (this.records.length - 1);
			this.count--;
		}

		/**
		 * Nothing waits: forgets the stale entries and what a burst made the ring grow
		 * to.
		 */
		private void reset() {
			if (this.records.length > INITIAL_CAPACITY * 8) {
				this.records = new TaskRecord[INITIAL_CAPACITY];
				this.entries = new long[INITIAL_CAPACITY];
			}
			else {
				// taken entries are cleared already: only stale ones are left
				while (this.count > 0) {
					dropHead();
				}
			}
			this.head = 0;
			this.count = 0;
			this.stale = 0;
			this.early = null;
		}

		private void compact() {
			copyRing(this.records.length, true);
			this.stale = 0;
		}

		private void resize(int capacity) {
			copyRing(capacity, false);
		}

		/**
		 * Copies the ring's entries (the live ones only, or all) to new arrays, from 0.
		 */
		private void copyRing(int capacity, boolean liveOnly) {
			TaskRecord[] records = new TaskRecord[capacity];
			long[] entries = new long[capacity];
			int kept = 0;
			for (int i = 0; i < this.count; i++) {
				int at = (this.head + i) & (this.records.length - 1);
				if (!liveOnly || isLive(at)) {
					records[kept] = this.records[at];
					entries[kept] = this.entries[at];
					kept++;
				}
			}
			this.records = records;
			this.entries = entries;
			this.head = 0;
			this.count = kept;
		}

	}

}
