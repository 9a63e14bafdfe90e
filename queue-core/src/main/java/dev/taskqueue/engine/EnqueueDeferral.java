package dev.taskqueue.engine;

import java.util.List;

/**
 * Decides whether tasks enqueued on the calling thread are stored at once or later. The
 * Spring integration defers tasks enqueued inside a transaction until it commits, and
 * drops them if it rolls back; an engine without one ({@link #NONE}) stores at once.
 * <p>
 * The engine asks after it has checked the tasks and given them their ids, and before it
 * stores any, on the enqueuing thread; it does not ask for tasks enqueued with
 * {@link dev.taskqueue.TaskOptions.Builder#immediate()}.
 */
@FunctionalInterface
public interface EnqueueDeferral {

	/** Never defers: every task is stored at once. */
	EnqueueDeferral NONE = (pending) -> false;

	/**
	 * Takes an enqueue over, or leaves it to be stored at once.
	 * @param pending the enqueue
	 * @return true if this deferral took it over, and will call exactly one of
	 * {@link Pending#store()} and {@link Pending#discard(String)} later; false to have it
	 * stored at once
	 */
	boolean defer(Pending pending);

	/**
	 * Tasks checked and given ids, not stored yet.
	 */
	interface Pending {

		/**
		 * The ids of the tasks, in the order they were enqueued.
		 * @return the ids
		 */
		List<String> taskIds();

		/**
		 * Stores the tasks now, on the calling thread, and completes the future of an
		 * {@code enqueueAsync} with the id.
		 * @throws RuntimeException what storing threw (the future is completed with it
		 * too), for example {@link dev.taskqueue.TaskQueueUnavailableException}
		 */
		void store();

		/**
		 * Drops the tasks: they are never stored, and the future of an
		 * {@code enqueueAsync} is cancelled.
		 * @param reason why, for the cancellation's message
		 */
		void discard(String reason);

	}

}
