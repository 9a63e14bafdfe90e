package dev.taskqueue.boot.handler;

import dev.taskqueue.TaskQueueException;

/**
 * Thrown at start-up when a {@link dev.taskqueue.TaskHandler @TaskHandler} method cannot
 * be used: a wrong signature, an invalid attribute, or a task type that another handler
 * already has. The message names the method(s) and what is wrong;
 * {@link InvalidTaskHandlerFailureAnalyzer} adds what to do.
 */
public class InvalidTaskHandlerException extends TaskQueueException {

	private final String action;

	/**
	 * Creates an exception.
	 * @param message what is wrong, naming the method(s)
	 * @param action what to do about it
	 */
	public InvalidTaskHandlerException(String message, String action) {
		super(message);
		this.action = action;
	}

	/**
	 * What to do about it.
	 * @return the advice
	 */
	public String getAction() {
		return this.action;
	}

}
