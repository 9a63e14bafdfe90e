package dev.taskqueue;

/**
 * Thrown when an operation does not apply to a task in its current status, for example
 * retrying a task that is still waiting or cancelling one that already completed.
 */
public class TaskStateException extends TaskQueueException {

	private final TaskStatus status;

	/**
	 * Creates the exception.
	 * @param message what was refused and why
	 * @param status the task's status
	 */
	public TaskStateException(String message, TaskStatus status) {
		super(message);
		this.status = status;
	}

	/**
	 * The task's status when the operation was refused.
	 * @return the status
	 */
	public TaskStatus getStatus() {
		return this.status;
	}

}
