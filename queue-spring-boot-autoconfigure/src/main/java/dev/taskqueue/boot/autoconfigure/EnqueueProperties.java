package dev.taskqueue.boot.autoconfigure;

/**
 * Enqueue settings ({@code taskqueue.enqueue.*}).
 */
public class EnqueueProperties {

	/**
	 * When a task enqueued inside a Spring transaction is stored: after-commit (stored
	 * once the transaction commits, dropped if it rolls back; the id is returned at once)
	 * or immediate (stored at once, kept whatever the transaction does). Outside a
	 * transaction, and without spring-tx on the class path, tasks are always stored at
	 * once.
	 */
	private Transactional transactional = Transactional.AFTER_COMMIT;

	public Transactional getTransactional() {
		return this.transactional;
	}

	public void setTransactional(Transactional transactional) {
		this.transactional = transactional;
	}

	/**
	 * When a task enqueued inside a transaction is stored.
	 */
	public enum Transactional {

		/** Once the transaction commits; dropped if it rolls back. */
		AFTER_COMMIT,

		/** At once, whatever the transaction does. */
		IMMEDIATE

	}

}
