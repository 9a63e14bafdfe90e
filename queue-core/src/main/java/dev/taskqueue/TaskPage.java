package dev.taskqueue;

import java.util.List;

/**
 * One page of tasks.
 *
 * @param items the tasks, newest first
 * @param nextCursor the cursor of the next page, or {@code null} when this is the last
 */
public record TaskPage(List<Task> items, String nextCursor) {

	/**
	 * Copies the list.
	 * @param items the tasks
	 * @param nextCursor the next cursor
	 */
	public TaskPage {
		items = List.copyOf(items);
	}

}
