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
	 * Validates the values.
	 * @param type the type
	 * @param queue the queue
	 * @param concurrency the concurrency
	 * @param maxAttempts the attempts
	 * @param timeout the timeout
	 * @param processor the processor
	 * @param description the description
	 */
	public HandlerDefinition {
		if (type == null || type.isBlank()) {
			throw new IllegalArgumentException("handler type must not be empty (" + description + ")");
		}
		TaskOptions.checkQueueName(queue);
		if (concurrency < 0) {
			throw new IllegalArgumentException("concurrency must not be negative (" + description + ")");
		}
		if (maxAttempts < 0) {
			throw new IllegalArgumentException("maxAttempts must not be negative (" + description + ")");
		}
		if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
			throw new IllegalArgumentException("timeout must be positive (" + description + ")");
		}
		if (timeout != null && timeout.compareTo(TaskLimits.MAX_DURATION) > 0) {
			throw new IllegalArgumentException(
					"timeout must be at most " + TaskLimits.MAX_DURATION.toDays() + " days (" + description + ")");
		}
		Objects.requireNonNull(processor, "processor must not be null");
		if (description == null) {
			description = type;
		}
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
