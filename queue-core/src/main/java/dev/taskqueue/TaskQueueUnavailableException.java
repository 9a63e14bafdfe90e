package dev.taskqueue;

/**
 * Thrown when the backend that stores the tasks cannot be reached or did not answer in
 * time (a Redis server that is down, restarting, still loading its data, or cut off).
 * Nothing was changed that the caller can rely on: an enqueue that fails this way may or
 * may not have stored the task, so retrying it with an idempotency key is safe. The REST
 * API answers it with 503 and a {@code Retry-After} header.
 */
public class TaskQueueUnavailableException extends TaskQueueException {

	/**
	 * Creates the exception.
	 * @param message what could not be done, for example
	 * {@code "Redis did not answer within 2s"}
	 * @param cause the client's exception
	 */
	public TaskQueueUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
