package dev.taskqueue.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.taskqueue.TaskError;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskStatus;

/**
 * What a worker needs: claiming ready tasks under a lease, waiting for work, and
 * recording how attempts end. A write that carries a lease the backend no longer holds is
 * refused (fencing), so that a worker that lost its lease never overwrites a newer
 * attempt.
 * <p>
 * Ordering: a claim takes the ready task with the highest priority, and among equal
 * priorities the one that became ready first (FIFO). A task whose attempt was cut short
 * (recovered from a stall, or handed back by {@link #release} or {@link #handBack}) keeps
 * the place it had: it goes ahead of the tasks of its priority that became ready after it
 * first did. A task that waited for its time (delayed, or retrying after a failed
 * attempt) or was re-queued by {@link TaskAdministration#retry} becomes ready anew,
 * behind the tasks ready before it.
 * <p>
 * All methods are thread-safe.
 */
public interface TaskWorkQueue {

	/**
	 * Claims up to {@code max} ready tasks of a queue, in priority-then-FIFO order,
	 * making each active with a new lease and counting the attempt. Claims nothing from a
	 * paused queue. Never blocks. A claim that takes {@code max} tasks while more are
	 * ready leaves a wake-up for {@link #awaitWork}, so that a burst spreads over the
	 * waiting workers.
	 * @param queue the queue
	 * @param max at most this many
	 * @param lease how long the lease lasts unless renewed
	 * @return the claims, possibly none
	 */
	List<ClaimedTask> claim(String queue, int max, Duration lease);

	/**
	 * Blocks until the queue may have claimable tasks (something was enqueued, promoted,
	 * handed back or the queue was resumed), the timeout elapses, or the thread is
	 * interrupted. A wake-up is not lost: work that came while no thread waited makes the
	 * next wait return at once. May return early spuriously; callers claim and wait
	 * again.
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
	 * hand-backs per task ({@link TaskAdministration#retry} starts the count again): the
	 * one that would exceed {@code maxHandBacks} fails the task with {@code error}
	 * instead, its attempt not counted either. Publishes {@code waiting} (with the
	 * delayed task) or {@code failed}.
	 * @param claim the claim
	 * @param notBefore when the task may be claimed again
	 * @param maxHandBacks hand-backs allowed per task
	 * @param error the error of a task that is handed back once too often
	 * @return {@link TaskStatus#DELAYED} when handed back, {@link TaskStatus#FAILED} when
	 * failed, or {@code null} if the lease was no longer held (nothing was written)
	 */
	TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error);

}
