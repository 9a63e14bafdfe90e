package dev.taskqueue.engine;

import java.time.Instant;

/**
 * A parsed cron expression, evaluated in UTC. Placeholder: parsing not implemented yet.
 */
public final class CronSchedule {

	private final String expression;

	private CronSchedule(String expression) {
		this.expression = expression;
	}

	/**
	 * Parses an expression.
	 * @param expression the expression
	 * @return the schedule
	 * @throws IllegalArgumentException if it is not valid
	 */
	public static CronSchedule parse(String expression) {
		if (expression == null || expression.isBlank()) {
			throw new IllegalArgumentException("cron expression must not be empty");
		}
		return new CronSchedule(expression);
	}

	/**
	 * The first matching instant strictly after the given one.
	 * @param after the instant
	 * @return the next fire time
	 */
	public Instant next(Instant after) {
		throw new UnsupportedOperationException("cron not implemented: " + this.expression);
	}

	@Override
	public String toString() {
		return this.expression;
	}

}
