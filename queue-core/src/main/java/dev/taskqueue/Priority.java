package dev.taskqueue;

import java.util.Locale;

/**
 * Named task priorities. Higher values run first; any {@code int} is accepted as a
 * priority, these names are only conveniences.
 */
public enum Priority {

	/** Runs after everything else. */
	LOW(-10),

	/** The default. */
	NORMAL(0),

	/** Runs before normal tasks. */
	HIGH(10),

	/** Runs before everything else. */
	CRITICAL(20);

	private final int value;

	Priority(int value) {
		this.value = value;
	}

	/**
	 * The integer this name stands for.
	 * @return the priority value
	 */
	public int value() {
		return this.value;
	}

	/**
	 * Parses a priority given as a name ({@code "high"}, case-insensitive) or an integer.
	 * @param text the text to parse
	 * @return the priority value
	 * @throws IllegalArgumentException if the text is neither
	 */
	public static int parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("priority must not be empty");
		}
		String trimmed = text.trim();
		try {
			return valueOf(trimmed.toUpperCase(Locale.ROOT)).value;
		}
		catch (IllegalArgumentException ex) {
			try {
				return Integer.parseInt(trimmed);
			}
			catch (NumberFormatException nfe) {
				throw new IllegalArgumentException(
						"priority '" + text + "' is neither low, normal, high, critical nor an integer");
			}
		}
	}

}
