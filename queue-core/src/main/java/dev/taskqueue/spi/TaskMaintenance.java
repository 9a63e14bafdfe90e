package dev.taskqueue.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * The chores time makes necessary: promoting due tasks, recovering expired leases,
 * retention. Any instance may run each at any time; each is idempotent. Thread-safe.
 */
public interface TaskMaintenance {

	/**
	 * Makes delayed and retrying tasks whose time has come waiting.
	 * @return when the next delayed or retrying task is due, or empty if none is
	 */
	Optional<Instant> promoteDue();

	/**
	 * Puts active tasks whose lease expired back to waiting at their place as a new
	 * attempt, with a {@code stalled} event; one that stalled more than {@code maxStalls}
	 * times or has no attempts left fails, its error saying so.
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
