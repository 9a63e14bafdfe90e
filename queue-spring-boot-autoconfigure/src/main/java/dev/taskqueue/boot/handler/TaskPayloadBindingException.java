package dev.taskqueue.boot.handler;

import dev.taskqueue.NonRetryableTaskException;

/**
 * A task's payload does not bind to the parameter type of its
 * {@link dev.taskqueue.TaskHandler @TaskHandler} method. Retrying cannot help, so the
 * task fails at once; the message, recorded as the task's error, says which type and
 * method and why.
 */
public class TaskPayloadBindingException extends NonRetryableTaskException {

	/**
	 * Creates an exception.
	 * @param message what did not bind and why
	 * @param cause the binding failure
	 */
	public TaskPayloadBindingException(String message, Throwable cause) {
		super(message, cause);
	}

}
