package dev.taskqueue;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The life-cycle state of a task. Written in lower case in JSON.
 */
public enum TaskStatus {

	/** Ready to run as soon as a worker is free (or the queue is resumed). */
	WAITING,

	/** Waiting for its scheduled time ({@code delay}, {@code runAt} or a repeat). */
	DELAYED,

	/** Running on a worker that holds its lease. */
	ACTIVE,

	/** Failed an attempt and waits for the next one (backoff). */
	RETRYING,

	/**
	 * Held by an operator: a waiting, delayed or retrying task that no worker claims and
	 * that is not promoted when its time passes, until it is released back to the status
	 * it was held in (keeping its place and its scheduled time).
	 */
	HELD,

	/** Finished successfully. */
	COMPLETED,

	/** Failed its last attempt; kept as a dead letter until retention removes it. */
	FAILED,

	/** Cancelled before it could finish. */
	CANCELLED;

	/**
	 * Whether the task will not change any more unless someone retries it.
	 * @return true for completed, failed and cancelled
	 */
	public boolean isFinal() {
		return this == COMPLETED || this == FAILED || this == CANCELLED;
	}

	/**
	 * The JSON form of this status.
	 * @return the lower-case name
	 */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Parses a status name, case-insensitively.
	 * @param text the name
	 * @return the status
	 * @throws IllegalArgumentException naming the accepted values if the text is not one
	 */
	@JsonCreator
	public static TaskStatus parse(String text) {
		try {
			return valueOf(text.trim().toUpperCase(Locale.ROOT));
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("unknown task status '" + text
					+ "'; expected one of waiting, delayed, active, retrying, held, completed, failed, cancelled");
		}
	}

}
