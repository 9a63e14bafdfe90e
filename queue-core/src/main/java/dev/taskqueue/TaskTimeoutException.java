package dev.taskqueue;

import java.time.Duration;

/**
 * The error recorded on an attempt that ran longer than its timeout.
 */
public class TaskTimeoutException extends TaskQueueException {

	/**
	 * Creates the exception.
	 * @param timeout the timeout that was exceeded
	 */
	public TaskTimeoutException(Duration timeout) {
		super("task timed out after " + timeout.toMillis() + " ms");
	}

}
