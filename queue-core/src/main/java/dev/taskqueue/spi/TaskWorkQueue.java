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
 * What a worker needs: claiming under a lease, waiting for work, recording how attempts
 * end. A write carrying a lease the backend no longer holds is refused (fencing).
 * <p>
 * Order: highest priority first, then the task that became ready first. A task whose
 * attempt was cut short (stalled, {@link #release}d, {@link #handBack handed back}) keeps
 * its place; one that waited for its time or was {@link TaskAdministration#retry retried}
 * becomes ready anew, behind those ready before it. Thread-safe.
 */
public interface TaskWorkQueue {

	/**
	 * Claims up to {@code max} ready tasks of a queue in order, each made active under a
	 * new lease with its attempt counted; nothing from a paused queue. Never blocks. A
	 * claim that leaves ready tasks behind leaves a wake-up for {@link #awaitWork}.
	 * @param queue the queue
	 * @param max at most this many
	 * @param lease how long the lease lasts unless renewed
	 * @return the claims, possibly none
	 */
	List<ClaimedTask> claim(String queue, int max, Duration lease);

	/**
	 * Blocks until the queue may have claimable tasks, the timeout elapses or the thread
	 * is interrupted. Work that came while no thread waited makes the next wait return at
	 * once; a wait may also return spuriously.
	 * @param queue the queue
	 * @param timeout the longest wait
	 * @throws InterruptedException if interrupted while waiting
	 */
	void awaitWork(String queue, Duration timeout) throws InterruptedException;

	/**
	 * Records how an attempt ended if the lease is still held and, in the same atomic
	 * step, applies retention and, when {@code claimNext}, claims the next ready task of
	 * the queue.
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
	 * @return the ids whose lease is no longer held: their workers must stop them
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
	 * Hands back a claimed task the engine has no handler for (as in a rolling deploy):
	 * its attempt not counted, it is delayed until {@code notBefore}, then waits at its
	 * place. The hand-back beyond {@code maxHandBacks} for the task (counted since its
	 * last {@link TaskAdministration#retry}) fails it with {@code error} instead.
	 * @param claim the claim
	 * @param notBefore when the task may be claimed again
	 * @param maxHandBacks hand-backs allowed per task
	 * @param error the error of a task handed back once too often
	 * @return {@link TaskStatus#DELAYED}, {@link TaskStatus#FAILED}, or {@code null} if
	 * the lease was no longer held
	 */
	TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error);

}
