package dev.taskqueue.boot.web;

/**
 * Thrown when a bulk enqueue holds more tasks than {@code taskqueue.web.max-bulk-size};
 * answered with 400 and the limit as {@code maxTasks}.
 */
class TooManyTasksException extends IllegalArgumentException {

	private final int limit;

	TooManyTasksException(int count, int limit) {
		super("The request holds " + count + " tasks; at most " + limit
				+ " fit in one bulk enqueue (taskqueue.web.max-bulk-size): send them in several requests");
		this.limit = limit;
	}

	/**
	 * The most tasks one bulk enqueue may hold.
	 * @return the limit
	 */
	int getLimit() {
		return this.limit;
	}

}
