package dev.taskqueue.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What each thread of one {@link QueueWorker} does, under one lock: which idle threads
 * watch for work, how many run tasks, and how a stop reaches them. Thread-safe.
 * <p>
 * At most {@code watchers} idle threads watch (wait on the backend for work, then claim);
 * the other idle threads park. With two watchers, enqueue to start stays one thread
 * hand-off: the watcher the backend wakes runs the task it claims while the other goes on
 * watching, so no thread has to be woken first. A parked thread is woken only when the
 * last watcher leaves (a burst of work), and a thread done with its task takes a free
 * watch before any parked one does.
 * <p>
 * Invariants, each kept by every transition under the lock: no more than {@code watchers}
 * threads watch or wait; while any thread is parked, some thread watches or waits (the
 * last one to stop watching wakes a parked one), unless closed; a stop's interrupt
 * reaches a thread only while it waits in the backend ({@link #awaitWork}), and is
 * cleared before that method returns, so it never reaches a handler.
 *
 * <table>
 * <caption>States of a member thread and its transitions</caption>
 * <tr>
 * <th>state</th>
 * <th>the thread</th>
 * <th>next state</th>
 * </tr>
 * <tr>
 * <td>IDLE</td>
 * <td>has joined and not started, or watched when closed</td>
 * <td>WATCHING or PARKED by {@link #watch}; ENDED by {@link #end}</td>
 * </tr>
 * <tr>
 * <td>PARKED</td>
 * <td>sleeps in {@code watch()}: {@code watchers} threads watch</td>
 * <td>WATCHING once no thread watches; IDLE (watch returns false) when closed</td>
 * </tr>
 * <tr>
 * <td>WATCHING</td>
 * <td>claims, or pauses after a failure ({@link #pause})</td>
 * <td>WAITING by {@code awaitWork}; RUNNING by {@link #run}; ENDED</td>
 * </tr>
 * <tr>
 * <td>WAITING</td>
 * <td>blocks in the backend until work may be there</td>
 * <td>WATCHING when the wait returns; {@link #close()} interrupts the wait</td>
 * </tr>
 * <tr>
 * <td>RUNNING</td>
 * <td>runs a claimed task and its chain, or hands it back</td>
 * <td>WATCHING or PARKED by {@code watch()}; ENDED</td>
 * </tr>
 * <tr>
 * <td>ENDED</td>
 * <td>left its loop</td>
 * <td>none</td>
 * </tr>
 * </table>
 */
final class WorkerThreads {

	enum State {

		IDLE, PARKED, WATCHING, WAITING, RUNNING, ENDED

	}

	/** A wait on the backend that an interrupt ends. */
	@FunctionalInterface
	interface Wait {

		void await() throws InterruptedException;

	}

	private final int watchers;

	private final ReentrantLock lock = new ReentrantLock();

	/** Signalled (once) when the last watcher leaves, and (all) on close. */
	private final Condition watchFree = this.lock.newCondition();

	/** Signalled (all) on close and when the last member ends. */
	private final Condition closedOrEnded = this.lock.newCondition();

	private final List<Member> members = new ArrayList<>();

	/** Members WATCHING or WAITING. */
	private int watching;

	/** Members RUNNING (written under the lock). */
	private volatile int running;

	/** Members not ENDED (written under the lock). */
	private volatile int live;

	private volatile boolean closed;

	/**
	 * Creates the states of a worker's threads.
	 * @param watchers how many idle threads watch for work at once (at least one)
	 */
	WorkerThreads(int watchers) {
		if (watchers < 1) {
			throw new IllegalArgumentException("at least one thread must watch, not " + watchers);
		}
		this.watchers = watchers;
	}

	/**
	 * Adds a member, IDLE, for a thread about to start.
	 * @return the member, which only that thread uses
	 */
	Member join() {
		this.lock.lock();
		try {
			Member member = new Member();
			this.members.add(member);
			this.live++;
			return member;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stops the watch for good: waits in the backend are interrupted, parked and pausing
	 * threads wake, and {@link #watch} returns false from now on.
	 */
	void close() {
		this.lock.lock();
		try {
			this.closed = true;
			for (Member member : this.members) {
				if (member.state == State.WAITING) {
					member.thread.interrupt();
				}
			}
			this.watchFree.signalAll();
			this.closedOrEnded.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * How many members run tasks now.
	 * @return the number RUNNING
	 */
	int running() {
		return this.running;
	}

	/**
	 * Whether some member has not ended.
	 * @return true while a thread is left
	 */
	boolean isAlive() {
		return this.live > 0;
	}

	/**
	 * Waits until every member ended or the deadline passes.
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()}
	 * @return true if every member ended
	 * @throws InterruptedException if interrupted
	 */
	boolean awaitEnded(long deadlineNanos) throws InterruptedException {
		this.lock.lock();
		try {
			while (this.live > 0) {
				long left = deadlineNanos - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				this.closedOrEnded.awaitNanos(left);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Starts watching: IDLE or RUNNING to WATCHING, parked first while {@code watchers}
	 * threads watch.
	 * @param member the calling thread's member
	 * @return false once closed (the member is IDLE then)
	 */
	boolean watch(Member member) {
		this.lock.lock();
		try {
			if (member.state == State.RUNNING) {
				this.running--;
			}
			member.state = State.PARKED;
			while (!this.closed && this.watching >= this.watchers) {
				this.watchFree.awaitUninterruptibly();
			}
			if (this.closed) {
				member.state = State.IDLE;
				return false;
			}
			member.state = State.WATCHING;
			this.watching++;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits in the backend (WAITING), where {@link #close()} may interrupt the wait, then
	 * clears that interrupt.
	 * @param member the calling thread's member, WATCHING
	 * @param wait the backend's wait
	 * @return false if closed (before or during the wait)
	 */
	boolean awaitWork(Member member, Wait wait) {
		this.lock.lock();
		try {
			if (this.closed) {
				return false;
			}
			member.state = State.WAITING;
			member.thread = Thread.currentThread();
		}
		finally {
			this.lock.unlock();
		}
		try {
			wait.await();
		}
		catch (InterruptedException ex) {
			// from close(): seen through the closed flag
		}
		finally {
			this.lock.lock();
			try {
				member.state = State.WATCHING;
				member.thread = null;
				// close() interrupts WAITING members only: no interrupt of the stop can
				// come after this one is cleared
				Thread.interrupted();
			}
			finally {
				this.lock.unlock();
			}
		}
		return !this.closed;
	}

	/**
	 * Pauses a WATCHING member, as after a failed claim, until the time passes or the
	 * watch is closed.
	 * @param pause how long
	 * @return false if closed
	 */
	boolean pause(Duration pause) {
		long deadline = System.nanoTime() + pause.toNanos();
		this.lock.lock();
		try {
			long left;
			while (!this.closed && (left = deadline - System.nanoTime()) > 0) {
				this.closedOrEnded.awaitNanos(left);
			}
		}
		catch (InterruptedException ex) {
			// not the stop's (close() signals): keep it for whoever sent it
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
		return !this.closed;
	}

	/**
	 * WATCHING to RUNNING: the member claimed a task. The last watcher to leave wakes a
	 * parked thread.
	 * @param member the calling thread's member
	 */
	void run(Member member) {
		this.lock.lock();
		try {
			leaveWatch();
			this.running++;
			member.state = State.RUNNING;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Any state to ENDED: the thread leaves its loop (a watcher as {@link #run} does).
	 * @param member the calling thread's member
	 */
	void end(Member member) {
		this.lock.lock();
		try {
			if (member.state == State.WATCHING || member.state == State.WAITING) {
				leaveWatch();
			}
			else if (member.state == State.RUNNING) {
				this.running--;
			}
			else if (member.state == State.ENDED) {
				return;
			}
			member.state = State.ENDED;
			this.members.remove(member);
			this.live--;
			if (this.live == 0) {
				this.closedOrEnded.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	private void leaveWatch() {
		this.watching--;
		if (this.watching == 0 && !this.closed) {
			this.watchFree.signal();
		}
	}

	/**
	 * The state of one thread of the worker, passed by that thread only, in the order of
	 * the state table.
	 */
	final class Member {

		private State state = State.IDLE;

		/** The member's thread while WAITING, for {@link #close()}. */
		private Thread thread;

		private Member() {
		}

		State state() {
			WorkerThreads.this.lock.lock();
			try {
				return this.state;
			}
			finally {
				WorkerThreads.this.lock.unlock();
			}
		}

	}

}
