package dev.taskqueue.boot.autoconfigure;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.taskqueue.engine.EnqueueDeferral;

/**
 * Defers tasks enqueued inside a Spring transaction until it commits
 * ({@code taskqueue.enqueue.transactional=after-commit}): one
 * {@link TransactionSynchronization} per transaction collects them, stores them in order
 * after the commit, and drops them when the transaction rolls back. A rollback to a
 * savepoint ({@code PROPAGATION_NESTED}) drops the tasks enqueued since that savepoint; a
 * suspended transaction ({@code PROPAGATION_REQUIRES_NEW},
 * {@code PROPAGATION_NOT_SUPPORTED}) keeps its tasks apart from the inner one's.
 * <p>
 * Storing after the commit runs on the committing thread. A failure then (the backend is
 * down) cannot undo the commit: it is logged at ERROR with the ids of the tasks lost and
 * completes the future of an {@code enqueueAsync}; the tasks after it are still tried.
 */
final class AfterCommitEnqueues implements EnqueueDeferral {

	private static final Log logger = LogFactory.getLog(AfterCommitEnqueues.class);

	@Override
	public boolean defers() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive();
	}

	@Override
	public void defer(Pending pending) {
		current().add(pending);
	}

	private TransactionTasks current() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof TransactionTasks tasks && tasks.owner == this) {
				return tasks;
			}
		}
		TransactionTasks tasks = new TransactionTasks(this);
		TransactionSynchronizationManager.registerSynchronization(tasks);
		return tasks;
	}

	/**
	 * The tasks of one transaction. Used by the transaction's thread only.
	 */
	private static final class TransactionTasks implements TransactionSynchronization {

		private final AfterCommitEnqueues owner;

		private final List<Pending> pending = new ArrayList<>();

		/** How many tasks were pending when each savepoint was made. */
		private final Map<Object, Integer> savepoints = new IdentityHashMap<>();

		TransactionTasks(AfterCommitEnqueues owner) {
			this.owner = owner;
		}

		void add(Pending enqueue) {
			this.pending.add(enqueue);
		}

		@Override
		public void savepoint(Object savepoint) {
			this.savepoints.put(savepoint, this.pending.size());
		}

		@Override
		public void savepointRollback(Object savepoint) {
			// a savepoint made before this synchronization existed precedes all its tasks
			int mark = this.savepoints.getOrDefault(savepoint, 0);
			List<Pending> dropped = this.pending.subList(Math.min(mark, this.pending.size()), this.pending.size());
			discard(dropped, "rolled back to a savepoint");
			dropped.clear();
		}

		@Override
		public void afterCommit() {
			storePending();
		}

		private void storePending() {
			List<Pending> committed = List.copyOf(this.pending);
			this.pending.clear();
			for (Pending enqueue : committed) {
				try {
					enqueue.store();
				}
				catch (RuntimeException ex) {
					logger.error("Tasks " + enqueue.taskIds() + " were not stored after their transaction committed "
							+ "and are lost: " + ex.getMessage(), ex);
				}
			}
		}

		@Override
		public void afterCompletion(int status) {
			if (status == STATUS_COMMITTED) {
				// enqueued by another synchronization's afterCommit, after this one's ran
				storePending();
			}
			else if (!this.pending.isEmpty()) {
				discard(this.pending, (status == STATUS_ROLLED_BACK) ? "rolled back" : "ended without a commit");
				this.pending.clear();
			}
			this.savepoints.clear();
		}

		private static void discard(List<Pending> enqueues, String outcome) {
			for (Pending enqueue : enqueues) {
				if (logger.isDebugEnabled()) {
					logger.debug("Tasks " + enqueue.taskIds() + " dropped: their transaction " + outcome);
				}
				enqueue.discard("Not enqueued: the transaction " + outcome);
			}
		}

	}

}
