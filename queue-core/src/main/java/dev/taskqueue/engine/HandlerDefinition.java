package dev.taskqueue.engine;

import java.time.Duration;
import java.util.Objects;

import dev.taskqueue.TaskLimits;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskProcessor;

/**
 * A registered handler: the task type it runs and its settings.
 *
 * @param type the task type
 * @param queue the queue its tasks go to by default
 * @param concurrency tasks of the queue run at once on this instance, or {@code 0} for
 * the configured default
 * @param maxAttempts attempts per task, or {@code 0} for the configured default
 * @param timeout the timeout of one attempt, or {@code null} for the configured default
 * @param processor the code that runs a task
 * @param description where it comes from (for example the method), for messages
 */
public record HandlerDefinition(String type, String queue, int concurrency, int maxAttempts, Duration timeout,
		TaskProcessor processor, String description) {

	/**
	 * Checks the values: the only check of handler settings, whether they come from an
	 * annotation or from code.
	 * @param type the type
	 * @param queue the queue
	 * @param concurrency the concurrency
	 * @param maxAttempts the attempts
	 * @param timeout the timeout
	 * @param processor the processor
	 * @param description the description
	 * @throws InvalidHandlerException naming the setting that is wrong
	 */
	public HandlerDefinition {
		Objects.requireNonNull(processor, "processor must not be null");
		if (description == null) {
			description = type;
		}
		String problem = problem(type, queue, concurrency, maxAttempts, timeout);
		if (problem != null) {
			throw new InvalidHandlerException(description, problem);
		}
	}

	private static String problem(String type, String queue, int concurrency, int maxAttempts, Duration timeout) {
		if (type == null || type.isBlank()) {
			return "type must not be empty";
		}
		try {
			TaskOptions.checkQueueName(queue);
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage();
		}
		if (concurrency < 0) {
			return "concurrency = " + concurrency + " is negative; use 1 or more, or 0 for the configured default";
		}
		if (concurrency > TaskLimits.MAX_CONCURRENCY) {
			return "concurrency = " + concurrency + " is more than " + TaskLimits.MAX_CONCURRENCY
					+ ", the most threads a queue's worker starts";
		}
		if (maxAttempts < 0) {
			return "maxAttempts = " + maxAttempts + " is negative; use 1 or more, or 0 for the configured default";
		}
		if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
			return "timeout = " + timeout + " must be positive; leave it out for the configured default";
		}
		if (timeout != null && timeout.compareTo(TaskLimits.MAX_DURATION) > 0) {
			return "timeout = " + timeout + " is longer than " + TaskLimits.MAX_DURATION.toDays()
					+ " days, the longest duration a task may have";
		}
		return null;
	}

	/**
	 * A handler with default settings.
	 * @param type the type
	 * @param queue the queue
	 * @param processor the processor
	 * @return the definition
	 */
	public static HandlerDefinition of(String type, String queue, TaskProcessor processor) {
		return new HandlerDefinition(type, queue, 0, 0, null, processor, type);
	}

}
