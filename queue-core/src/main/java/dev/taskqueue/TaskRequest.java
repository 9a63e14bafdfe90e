package dev.taskqueue;

import java.util.Objects;

/**
 * One task to enqueue in bulk with {@link TaskQueue#enqueueAll(java.util.List)}.
 *
 * @param type the task type
 * @param payload the payload (anything Jackson can write), or {@code null}
 * @param options the options
 */
public record TaskRequest(String type, Object payload, TaskOptions options) {

	/**
	 * Validates the values.
	 * @param type the task type
	 * @param payload the payload
	 * @param options the options
	 */
	public TaskRequest {
		Objects.requireNonNull(type, "task type must not be null");
		if (options == null) {
			options = TaskOptions.none();
		}
	}

	/**
	 * A request with default options.
	 * @param type the task type
	 * @param payload the payload
	 * @return the request
	 */
	public static TaskRequest of(String type, Object payload) {
		return new TaskRequest(type, payload, TaskOptions.none());
	}

	/**
	 * A request with options.
	 * @param type the task type
	 * @param payload the payload
	 * @param options the options
	 * @return the request
	 */
	public static TaskRequest of(String type, Object payload, TaskOptions options) {
		return new TaskRequest(type, payload, options);
	}

}
