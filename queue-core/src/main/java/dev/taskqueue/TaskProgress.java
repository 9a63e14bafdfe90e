package dev.taskqueue;

/**
 * How far a running task has come, as reported by its handler.
 *
 * @param percentage 0 to 100
 * @param current units done, or {@code null}
 * @param total units in all, or {@code null}
 * @param message a short human-readable note, or {@code null}
 */
public record TaskProgress(int percentage, Long current, Long total, String message) {

	/**
	 * Validates the values.
	 * @param percentage 0 to 100
	 * @param current units done, or {@code null}
	 * @param total units in all, or {@code null}
	 * @param message a note, or {@code null}
	 */
	public TaskProgress {
		if (percentage < 0 || percentage > 100) {
			throw new IllegalArgumentException("progress percentage must be between 0 and 100, was " + percentage);
		}
	}

}
