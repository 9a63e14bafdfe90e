package dev.taskqueue.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEventListener;

/**
 * Where tasks live: the contract every backend (in memory, Redis, ...) fulfils, proven by
 * the contract test suite. The engine holds the policy (defaults, retries, backoff,
 * timeouts, repeats); a backend stores state and makes each state change atomic, so that
 * any number of engines sharing one backend never run a task twice at once nor lose one.
 * <p>
 * All methods are thread-safe. Time comes from the backend's {@link java.time.Clock}.
 * Every state change publishes the matching {@link dev.taskqueue.event.TaskEvent} to the
 * listeners (of every engine sharing the backend).
 * <p>
 * Ordering: a claim takes the ready task with the highest priority, and among equal
 * priorities the one that became ready first (FIFO). A task whose attempt was cut short
 * (recovered from a stall, or handed back by {@link #release} or {@link #handBack}) keeps
 * the place it had: it goes ahead of the tasks of its priority that became ready after it
 * first did. A task that waited for its time (delayed, or retrying after a failed
 * attempt) or was re-queued by {@link #retry} becomes ready anew, behind the tasks ready
 * before it.
 */
public interface TaskBackend extends AutoCloseable {

	/**
	 * A short name for health and logs, such as {@code memory} or {@code redis}.
	 * @return the name
	 */
	String name();

	/**
	 * Whether other processes may change this backend's state, so the engine cannot rely
	 * on its own signals alone (it then re-checks delayed tasks at least every second).
	 * @return true for shared backends
	 */
	boolean isShared();

	/**
	 * Throws if the backend cannot be reached; used by health checks.
	 * @throws RuntimeException describing why it is unreachable
	 */
	void ping();

	// --- producing ---

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

	// --- reading ---

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

	// --- consuming ---

	/**
	 * Claims up to {@code max} ready tasks of a queue, in priority-then-FIFO order,
	 * making each active with a new lease and counting the attempt. Claims nothing from a
	 * paused queue. Never blocks.
	 * @param queue the queue
	 * @param max at most this many
	 * @param lease how long the lease lasts unless renewed
	 * @return the claims, possibly none
	 */
	List<ClaimedTask> claim(String queue, int max, Duration lease);

	/**
	 * Blocks until the queue may have claimable tasks (something was enqueued, promoted,
	 * handed back or the queue was resumed), the timeout elapses, or the thread is
	 * interrupted. May return early spuriously; callers claim and wait again.
	 * @param queue the queue
	 * @param timeout the longest wait
	 * @throws InterruptedException if interrupted while waiting
	 */
	void awaitWork(String queue, Duration timeout) throws InterruptedException;

	/**
	 * Records how an attempt ended, if the claim's lease is still held: completed;
	 * retrying until {@code retryAt}; or failed. Stores the outcome's next occurrence in
	 * the same step, applies retention, and when {@code claimNext} claims the next ready
	 * task of the same queue in the same step (saving a round trip).
	 * <p>
	 * The next occurrence takes the idempotency key over from the finishing task, so the
	 * key always names a series' newest occurrence; when the key already belongs to
	 * another task (an old occurrence was retried while the series went on), the next
	 * occurrence is not stored, so a series never forks.
	 * @param outcome the outcome
	 * @param claimNext whether to claim the next task
	 * @param lease the lease of the next claim
	 * @return what was done
	 */
	FinishResult finish(TaskOutcome outcome, boolean claimNext, Duration lease);

	/**
	 * Extends the leases of running tasks in one step.
	 * @param claims the claims to renew
	 * @param lease the new lease length, from now
	 * @return the ids whose lease is no longer held (cancelled, removed, or recovered as
	 * stalled): their workers must stop them
	 */
	Set<String> renewLeases(Collection<ClaimedTask> claims, Duration lease);

	/**
	 * Records progress of a running task, if its lease is still held.
	 * @param claim the claim
	 * @param progress the progress
	 * @return false if the lease is no longer held
	 */
	boolean progress(ClaimedTask claim, TaskProgress progress);

	/**
	 * Hands a claimed task back unfinished (graceful shutdown): it becomes waiting again
	 * at once, at the place it had, its attempt not counted.
	 * @param claim the claim
	 * @return false if the lease was no longer held
	 */
	boolean release(ClaimedTask claim);

	/**
	 * Hands a claimed task back that the claiming engine cannot run, because it has no
	 * handler for the task's type (as during a rolling deploy that adds the type), for an
	 * engine that has one. If the claim's lease is still held, the attempt is not counted
	 * and the task becomes delayed until {@code notBefore} (its scheduled time then), so
	 * that the engine that handed it back does not claim it straight back; when due it
	 * becomes waiting at the place it had, like a released task. The backend counts these
	 * hand-backs per task ({@link #retry} starts the count again): the one that would
	 * exceed {@code maxHandBacks} fails the task with {@code error} instead, its attempt
	 * not counted either. Publishes {@code waiting} (with the delayed task) or
	 * {@code failed}.
	 * @param claim the claim
	 * @param notBefore when the task may be claimed again
	 * @param maxHandBacks hand-backs allowed per task
	 * @param error the error of a task that is handed back once too often
	 * @return {@link TaskStatus#DELAYED} when handed back, {@link TaskStatus#FAILED} when
	 * failed, or {@code null} if the lease was no longer held (nothing was written)
	 */
	TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error);

	// --- time ---

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

	// --- operations ---

	/**
	 * Re-queues a completed, failed or cancelled task from its first attempt.
	 * @param id the id
	 * @return the task, now waiting
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it is not final
	 */
	Task retry(String id);

	/**
	 * Cancels a task: waiting, delayed or retrying ones leave their queue; an active one
	 * becomes cancelled at once and its lease is revoked (its worker learns through the
	 * {@code cancelled} event and through {@link #renewLeases}).
	 * @param id the id
	 * @return the task, now cancelled
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it is already final
	 */
	Task cancel(String id);

	/**
	 * Removes a task whatever its status, revoking the lease of an active one.
	 * @param id the id
	 * @return true if it existed
	 */
	boolean remove(String id);

	/**
	 * Pauses a queue for every engine.
	 * @param queue the queue
	 */
	void pause(String queue);

	/**
	 * Resumes a queue and wakes its workers.
	 * @param queue the queue
	 */
	void resume(String queue);

	/**
	 * Whether a queue is paused.
	 * @param queue the queue
	 * @return true if paused
	 */
	boolean isPaused(String queue);

	/**
	 * Removes the waiting, delayed and retrying tasks of a queue.
	 * @param queue the queue
	 * @return how many
	 */
	long drain(String queue);

	/**
	 * Removes the queue's tasks in the given final statuses that finished before an
	 * instant.
	 * @param queue the queue
	 * @param statuses final statuses
	 * @param finishedBefore the instant
	 * @return how many
	 */
	long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore);

	/**
	 * Removes every task, counter and flag of a queue, revoking active leases.
	 * @param queue the queue
	 * @return how many tasks
	 */
	long obliterate(String queue);

	// --- events ---

	/**
	 * Registers a listener for the events of this backend (on a shared backend, of every
	 * engine using it).
	 * @param listener the listener
	 */
	void addListener(TaskEventListener listener);

	/**
	 * Unregisters a listener.
	 * @param listener the listener
	 */
	void removeListener(TaskEventListener listener);

	/**
	 * Releases the backend's threads and connections. Does not delete data.
	 */
	@Override
	void close();

}
