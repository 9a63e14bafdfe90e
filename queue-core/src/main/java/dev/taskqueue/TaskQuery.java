package dev.taskqueue;

import java.util.Set;

/**
 * A filter for {@link TaskQueue#list(TaskQuery)}. Null fields do not filter. Pages are
 * newest first; pass the previous page's {@code nextCursor} to continue.
 *
 * @param queue only this queue, or {@code null}
 * @param type only this type, or {@code null}
 * @param statuses only these statuses, or empty for all
 * @param limit at most this many items (1 to {@value #MAX_LIMIT})
 * @param cursor continue after this cursor, or {@code null} for the first page
 */
public record TaskQuery(String queue, String type, Set<TaskStatus> statuses, int limit, String cursor) {

	/** The default page size. */
	public static final int DEFAULT_LIMIT = 50;

	/** The largest page size. */
	public static final int MAX_LIMIT = 1000;

	/**
	 * Validates the values.
	 * @param queue the queue
	 * @param type the type
	 * @param statuses the statuses
	 * @param limit the page size
	 * @param cursor the cursor
	 */
	public TaskQuery {
		statuses = (statuses != null) ? Set.copyOf(statuses) : Set.of();
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
		}
	}

	/**
	 * The first page of everything.
	 * @return the query
	 */
	public static TaskQuery all() {
		return new TaskQuery(null, null, Set.of(), DEFAULT_LIMIT, null);
	}

	/**
	 * Whether a task matches the filters (not the cursor).
	 * @param task the task
	 * @return true if it matches
	 */
	public boolean matches(Task task) {
		return (this.queue == null || this.queue.equals(task.queue()))
				&& (this.type == null || this.type.equals(task.type()))
				&& (this.statuses.isEmpty() || this.statuses.contains(task.status()));
	}

}
