package dev.taskqueue;

import tools.jackson.databind.JsonNode;

/**
 * The code that runs one task type, as the engine sees it. {@code @TaskHandler} methods
 * are adapted to this interface; code without Spring can register one directly.
 */
@FunctionalInterface
public interface TaskProcessor {

	/**
	 * Runs one attempt.
	 * @param payload the task's payload as JSON ({@code null} node when there is none)
	 * @param context the attempt's context
	 * @return the result, converted to JSON by the engine; {@code null} for none
	 * @throws Exception any failure fails the attempt
	 */
	Object process(JsonNode payload, TaskContext context) throws Exception;

}
