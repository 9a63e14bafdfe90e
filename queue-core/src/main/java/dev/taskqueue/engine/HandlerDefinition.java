package dev.taskqueue.engine;

import java.time.Duration;
import java.util.Objects;

import dev.taskqueue.Backoff;
import dev.taskqueue.TaskLimits;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskProcessor;

/**
 * A registered handler: the task type it runs and its settings. Its settings are defaults
 * for its tasks: a task's own {@link TaskOptions} win over them, and they win over the
 * defaults of the task's queue ({@link QueueDefaults}) and of the engine.
 *
 * @param type the task type
 * @param queue the queue its tasks go to by default
 * @param concurrency tasks of the queue run at once on this instance, or {@code 0} for
 * the configured default
 * @param maxAttempts attempts per task, or {@code 0} for the configured default
 * @param timeout the timeout of one attempt, or {@code null} for the configured default
 * @param priority the priority of its tasks, or {@code null} for normal (0)
 * @param backoff the delay between attempts, or {@code null} for the configured default
 * @param processor the code that runs a task
 * @param description where it comes from (for example the method), for messages
 */
public record HandlerDefinition(String type, String queue, int concurrency, int maxAttempts, Duration timeout,
		Integer priority, Backoff backoff, TaskProcessor processor, String description) {

	/**
	 * Checks the values: the only check of handler settings, whether they come from an
	 * annotation or from code.
	 * @param type the type
	 * @param queue the queue
	 * @param concurrency the concurrency
	 * @param maxAttempts the attempts
	 * @param timeout the timeout
	 * @param priority the priority
	 * @param backoff the backoff
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

	/**
	 * A handler without a priority or backoff of its own.
	 * @param type the type
	 * @param queue the queue
	 * @param concurrency the concurrency, or 0
	 * @param maxAttempts the attempts, or 0
	 * @param timeout the timeout, or {@code null}
	 * @param processor the processor
	 * @param description the description
	 * @throws InvalidHandlerException naming the setting that is wrong
	 */
	public HandlerDefinition(String type, String queue, int concurrency, int maxAttempts, Duration timeout,
			TaskProcessor processor, String description) {
		this(type, queue, concurrency, maxAttempts, timeout, null, null, processor, description);
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
		return new HandlerDefinition(type, queue, 0, 0, null, null, null, processor, type);
	}

	/**
	 * This handler with a priority for its tasks.
	 * @param taskPriority the priority, or {@code null} for normal
	 * @return a copy
	 */
	public HandlerDefinition withPriority(Integer taskPriority) {
		return new HandlerDefinition(this.type, this.queue, this.concurrency, this.maxAttempts, this.timeout,
				taskPriority, this.backoff, this.processor, this.description);
	}

	/**
	 * This handler with a backoff for its tasks.
	 * @param delays the backoff, or {@code null} for the configured default
	 * @return a copy
	 */
	public HandlerDefinition withBackoff(Backoff delays) {
		return new HandlerDefinition(this.type, this.queue, this.concurrency, this.maxAttempts, this.timeout,
				this.priority, delays, this.processor, this.description);
	}

}
