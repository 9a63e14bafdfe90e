package dev.taskqueue;

/**
 * Thrown by an operation on a task id that does not exist (any more).
 */
public class TaskNotFoundException extends TaskQueueException {

	private final String taskId;

	/**
	 * Creates the exception.
	 * @param taskId the id
	 */
	public TaskNotFoundException(String taskId) {
		super("task '" + taskId + "' does not exist");
		this.taskId = taskId;
	}

	/**
	 * The id that was asked for.
	 * @return the id
	 */
	public String getTaskId() {
		return this.taskId;
	}

}
