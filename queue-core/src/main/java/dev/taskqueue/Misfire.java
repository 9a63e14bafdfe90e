package dev.taskqueue;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a schedule does about due times that passed while no engine could fire it (every
 * instance stopped, or the schedule's engine was late by more than the misfire
 * threshold). Never more than one catch-up task, whatever the number of due times missed.
 * Written {@code run-once} and {@code skip} in JSON.
 */
public enum Misfire {

	/** One task for the missed due times, at once; then the series goes on. */
	RUN_ONCE,

	/** No task for the missed due times; the series goes on at its next due time. */
	SKIP;

	/**
	 * The JSON form.
	 * @return {@code run-once} or {@code skip}
	 */
	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Reads a policy by its JSON form or its name, in any case.
	 * @param text {@code run-once}, {@code RUN_ONCE}, {@code skip}, ...
	 * @return the policy
	 * @throws IllegalArgumentException if it is none
	 */
	public static Misfire parse(String text) {
		String name = (text != null) ? text.trim().replace('-', '_').toUpperCase(Locale.ROOT) : "";
		for (Misfire misfire : values()) {
			if (misfire.name().equals(name)) {
				return misfire;
			}
		}
		throw new IllegalArgumentException("misfire must be run-once or skip, was '" + text + "'");
	}

}
