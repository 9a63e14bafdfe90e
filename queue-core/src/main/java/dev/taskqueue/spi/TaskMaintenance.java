package dev.taskqueue.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * The chores that time makes necessary: promoting due tasks, recovering tasks whose lease
 * expired, and applying retention. Any instance may run them at any time, concurrently
 * with others; each is idempotent. Thread-safe.
 */
public interface TaskMaintenance {

	/**
	 * Makes delayed and retrying tasks whose time has come waiting.
	 * @return when the next delayed or retrying task is due, or empty if none is
	 */
	Optional<Instant> promoteDue();

	/**
	 * Puts active tasks whose lease expired back to waiting at the place they had, as a
	 * new attempt, with a {@code stalled} event; a task that stalled more than
	 * {@code maxStalls} times, or has no attempts left, fails with an error saying it
	 * stalled.
	 * @param maxStalls stalls allowed per task
	 * @return how many tasks were recovered or failed
	 */
	int recoverStalled(int maxStalls);

	/**
	 * Removes finished tasks older than the retention allows.
	 * @return how many were removed
	 */
	long trim();

}
