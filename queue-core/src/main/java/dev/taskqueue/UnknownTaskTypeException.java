package dev.taskqueue;

/**
 * Thrown when a task is enqueued with a type that no handler is registered for. Its class
 * name is also the error type of a task that failed because no instance had a handler for
 * its type.
 */
public class UnknownTaskTypeException extends TaskQueueException {

	private final String type;

	/**
	 * Creates the exception.
	 * @param type the unknown type
	 */
	public UnknownTaskTypeException(String type) {
		super("no @TaskHandler is registered for task type '" + type + "'");
		this.type = type;
	}

	/**
	 * The type that was asked for.
	 * @return the type
	 */
	public String getType() {
		return this.type;
	}

}
