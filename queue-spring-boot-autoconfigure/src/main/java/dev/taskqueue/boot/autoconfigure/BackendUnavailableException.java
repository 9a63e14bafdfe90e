package dev.taskqueue.boot.autoconfigure;

import dev.taskqueue.TaskQueueException;

/**
 * Thrown at start-up when {@code taskqueue.backend} names a backend this version cannot
 * provide. {@link BackendUnavailableFailureAnalyzer} turns it into a readable start-up
 * report.
 */
public class BackendUnavailableException extends TaskQueueException {

	private final BackendType backend;

	private final String action;

	/**
	 * Creates an exception.
	 * @param backend the backend asked for
	 * @param reason why it is unavailable
	 * @param action what the user can do about it
	 */
	public BackendUnavailableException(BackendType backend, String reason, String action) {
		super(reason);
		this.backend = backend;
		this.action = action;
	}

	/**
	 * The backend asked for.
	 * @return the backend
	 */
	public BackendType getBackend() {
		return this.backend;
	}

	/**
	 * What the user can do about it.
	 * @return the advice
	 */
	public String getAction() {
		return this.action;
	}

}
