package dev.taskqueue.memory;

import java.util.Arrays;

/**
 * Every stored task in id order, for listing newest first. Ids are time-ordered, so a new
 * task almost always goes at the end: adding is O(1) but for the few places a task made a
 * moment before another is stored after it. A forgotten task stays in place, marked,
 * until forgotten ones outnumber the rest; then one pass drops them all, so forgetting is
 * O(1) amortized. Not thread-safe.
 */
final class TaskLog {

	private static final int INITIAL_CAPACITY = 16;

	/** Forgotten tasks are dropped once there are at least this many of them. */
	private static final int MIN_COMPACTION = 1024;

	private TaskRecord[] records = new TaskRecord[INITIAL_CAPACITY];

	private int size;

	private int forgotten;

	/**
	 * Adds a task at its place in id order.
	 * @param record the task, not yet added
	 */
	void add(TaskRecord record) {
		int at = this.size;
		while (at > 0 && this.records[at - 1].id.compareTo(record.id) > 0) {
			at--;
		}
		if (this.size == this.records.length) {
			this.records = Arrays.copyOf(this.records, this.size * 2);
		}
		System.arraycopy(this.records, at, this.records, at + 1, this.size - at);
		this.records[at] = record;
		this.size++;
	}

	/**
	 * Marks a task forgotten.
	 * @param record a task of this log
	 */
	void forget(TaskRecord record) {
		if (record.forgotten) {
			return;
		}
		record.forgotten = true;
		this.forgotten++;
		if (this.forgotten >= MIN_COMPACTION && this.forgotten * 2 > this.size) {
			compact();
		}
	}

	/**
	 * Where to start listing tasks older than a cursor, walking down.
	 * @param cursor an id, or {@code null} for the newest task
	 * @return the index of the newest task with an id below the cursor, or -1
	 */
	int before(String cursor) {
		if (cursor == null) {
			return this.size - 1;
		}
		int low = 0;
		int high = this.size;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (this.records[middle].id.compareTo(cursor) < 0) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low - 1;
	}

	/**
	 * The task at an index, or {@code null} if it was forgotten.
	 * @param index from 0 to the value of {@link #before}
	 * @return the task or {@code null}
	 */
	TaskRecord at(int index) {
		TaskRecord record = this.records[index];
		return record.forgotten ? null : record;
	}

	/** Drops the forgotten tasks, and the unused capacity beyond twice what is left. */
	private void compact() {
		int kept = 0;
		for (int i = 0; i < this.size; i++) {
			if (!this.records[i].forgotten) {
				this.records[kept++] = this.records[i];
			}
		}
		// not below what the next compaction needs, so a steady flow does not shrink and
		// regrow the array each time
		int capacity = Math.max(MIN_COMPACTION * 4, kept * 2);
		if (capacity < this.records.length) {
			this.records = Arrays.copyOf(this.records, capacity);
		}
		// slots from the old size on are empty already
		Arrays.fill(this.records, kept, Math.min(this.size, this.records.length), null);
		this.size = kept;
		this.forgotten = 0;
	}

}
