package dev.taskqueue;

/**
 * Thrown by a handler (or the engine) when trying again cannot help, for example a
 * payload that does not bind or a request the receiving service rejects for good: the
 * task fails at once, whatever attempts it has left. The message becomes the task's
 * error.
 */
public class NonRetryableTaskException extends TaskQueueException {

	/**
	 * Creates the exception.
	 * @param message why the task cannot succeed
	 */
	public NonRetryableTaskException(String message) {
		super(message);
	}

	/**
	 * Creates the exception with a cause.
	 * @param message why the task cannot succeed
	 * @param cause the underlying failure
	 */
	public NonRetryableTaskException(String message, Throwable cause) {
		super(message, cause);
	}

}
