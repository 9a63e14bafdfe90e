package dev.taskqueue.spi;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskQuery;

/**
 * Storing and reading tasks: the role every backend starts from. The other roles
 * ({@link TaskWorkQueue}, {@link TaskMaintenance}, {@link TaskAdministration},
 * {@link TaskEventSource}) add what workers, housekeeping, operators and listeners need;
 * {@link TaskBackend} is all of them.
 * <p>
 * All methods are thread-safe. Time comes from the backend's {@link java.time.Clock}.
 */
public interface TaskRepository {

	/**
	 * A short name for health and logs, such as {@code memory} or {@code redis}.
	 * @return the name
	 */
	String name();

	/**
	 * Throws if the backend cannot be reached; used by health checks.
	 * @throws RuntimeException describing why it is unreachable
	 */
	void ping();

	/**
	 * Stores a task as waiting, or as delayed when its scheduled time is in the future.
	 * When a task with the same idempotency key exists, stores nothing and returns that
	 * task's id.
	 * @param task the task
	 * @return the stored (or existing) id
	 */
	EnqueueResult enqueue(NewTask task);

	/**
	 * Stores a task as {@link #enqueue(NewTask)} does, without making the caller wait for
	 * a remote store. The default stores it at once.
	 * @param task the task
	 * @return the stored (or existing) id, to come; completes exceptionally when storing
	 * fails
	 */
	default CompletableFuture<EnqueueResult> enqueueAsync(NewTask task) {
		try {
			return CompletableFuture.completedFuture(enqueue(task));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Stores many tasks, as {@link #enqueue(NewTask)} does for each, in order.
	 * @param tasks the tasks
	 * @return one result per task, in order
	 */
	List<EnqueueResult> enqueueAll(List<NewTask> tasks);

	/**
	 * Looks a task up.
	 * @param id the id
	 * @return the task, or empty
	 */
	Optional<Task> find(String id);

	/**
	 * Lists tasks, newest (highest id) first, after the query's cursor.
	 * @param query filters, limit and cursor
	 * @return one page; {@code nextCursor} is null on the last
	 */
	TaskPage list(TaskQuery query);

	/**
	 * The queues that hold tasks, counters or a paused flag.
	 * @return the names, sorted
	 */
	List<String> queues();

	/**
	 * Counts, paused flag and metrics of a queue, in time independent of its size.
	 * @param queue the queue
	 * @return the stats (zeros for an unknown queue)
	 */
	QueueStats stats(String queue);

}
