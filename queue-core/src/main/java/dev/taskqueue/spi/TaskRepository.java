package dev.taskqueue.spi;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.taskqueue.QueueStats;
import dev.taskqueue.QueueThroughput;
import dev.taskqueue.Task;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskQuery;

/**
 * Storing and reading tasks: the role every {@link TaskBackend} starts from. Thread-safe.
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
	 * Stores a task as waiting, or delayed until its scheduled time; when a task holds
	 * its idempotency key, stores nothing and returns that task's id.
	 * @param task the task
	 * @return the stored (or existing) id
	 */
	EnqueueResult enqueue(NewTask task);

	/**
	 * Stores a task as {@link #enqueue(NewTask)} does, without making the caller wait for
	 * a remote store.
	 * @param task the task
	 * @return the result to come, or the failure to store
	 */
	CompletableFuture<EnqueueResult> enqueueAsync(NewTask task);

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

	/**
	 * How many tasks of a queue completed and failed for good per minute, over the
	 * minutes up to the current one of the backend's clock, as {@link QueueThroughput}
	 * says. Counted where the task reaches its final status, in the same atomic step;
	 * shared by every instance on a shared backend; kept for at least
	 * {@link QueueThroughput#MAX_MINUTES} minutes, and bounded.
	 * @param queue the queue
	 * @param minutes how many minutes, 1 to {@link QueueThroughput#MAX_MINUTES}
	 * @return the history (zeros for an unknown queue)
	 * @throws IllegalArgumentException if {@code minutes} is out of range
	 */
	QueueThroughput throughput(String queue, int minutes);

}
