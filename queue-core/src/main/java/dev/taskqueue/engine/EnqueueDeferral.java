package dev.taskqueue.engine;

import java.util.List;

/**
 * Decides whether tasks enqueued on the calling thread are stored at once or later. The
 * Spring integration defers tasks enqueued inside a transaction until it commits, and
 * drops them if it rolls back; an engine without one ({@link #NONE}) stores at once.
 * <p>
 * The engine hands an enqueue over after it has checked the tasks and given them their
 * ids, and before it stores any, on the enqueuing thread; tasks enqueued with
 * {@link dev.taskqueue.TaskOptions.Builder#immediate()} are always stored at once.
 */
public interface EnqueueDeferral {

	/** Never defers: every task is stored at once. */
	EnqueueDeferral NONE = new EnqueueDeferral() {

		@Override
		public boolean defers() {
			return false;
		}

		@Override
		public void defer(Pending pending) {
			throw new IllegalStateException("This deferral never defers");
		}

	};

	/**
	 * Whether tasks enqueued on the calling thread now are to be deferred (for example: a
	 * transaction is active on it). Called on every enqueue: keep it cheap.
	 * @return true to have the engine call {@link #defer(Pending)}, false to have the
	 * tasks stored at once
	 */
	boolean defers();

	/**
	 * Takes an enqueue over, after {@link #defers()} answered true on the same thread:
	 * calls exactly one of {@link Pending#store()} and {@link Pending#discard(String)}
	 * later.
	 * @param pending the enqueue
	 */
	void defer(Pending pending);

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
