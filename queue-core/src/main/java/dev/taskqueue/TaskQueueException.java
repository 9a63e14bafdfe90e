package dev.taskqueue;

/**
 * Base class of the exceptions the task queue throws for conditions callers may handle.
 */
public class TaskQueueException extends RuntimeException {

	/**
	 * Creates an exception.
	 * @param message the message
	 */
	public TaskQueueException(String message) {
		super(message);
	}

	/**
	 * Creates an exception with a cause.
	 * @param message the message
	 * @param cause the cause
	 */
	public TaskQueueException(String message, Throwable cause) {
		super(message, cause);
	}

}
