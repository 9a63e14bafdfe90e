package dev.taskqueue.spi;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

import dev.taskqueue.Task;

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
	 * Same as {@link #recoverStalled(int, Consumer)}, telling no one which tasks.
	 * @param maxStalls stalls allowed per task
	 * @return how many tasks were recovered or failed
	 */
	default int recoverStalled(int maxStalls) {
		return recoverStalled(maxStalls, (task) -> {
		});
	}

	/**
	 * Puts active tasks whose lease expired back to waiting at their place as a new
	 * attempt, with a {@code stalled} event; one that stalled more than {@code maxStalls}
	 * times or has no attempts left fails, its error saying so. Each expired lease is
	 * recovered by exactly one call, whichever instance makes it.
	 * @param maxStalls stalls allowed per task
	 * @param recovered told, on the calling thread once the change is made, of each task
	 * this call recovered or failed, as it is after (waiting or failed)
	 * @return how many tasks were recovered or failed
	 */
	int recoverStalled(int maxStalls, Consumer<Task> recovered);

	/**
	 * Removes finished tasks older than the retention allows.
	 * @return how many were removed
	 */
	long trim();

}
