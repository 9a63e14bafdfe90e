package dev.taskqueue;

/**
 * Why an attempt failed.
 *
 * @param message the exception's message, or a description of the failure
 * @param type the exception's class name (for example
 * {@code dev.taskqueue.TaskTimeoutException})
 * @param stackTrace the first lines of the stack trace, or {@code null}
 */
public record TaskError(String message, String type, String stackTrace) {

	private static final int MAX_STACK_LINES = 20;

	/**
	 * Describes a throwable, keeping a bounded stack trace.
	 * @param ex the failure
	 * @return the error
	 */
	public static TaskError of(Throwable ex) {
		StringBuilder trace = new StringBuilder();
		StackTraceElement[] elements = ex.getStackTrace();
		for (int i = 0; i < Math.min(elements.length, MAX_STACK_LINES); i++) {
			trace.append("at ").append(elements[i]).append('\n');
		}
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		return new TaskError(message, ex.getClass().getName(), trace.toString());
	}

}
