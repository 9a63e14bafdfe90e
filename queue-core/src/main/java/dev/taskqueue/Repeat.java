package dev.taskqueue;

import java.time.Duration;

import dev.taskqueue.engine.CronSchedule;

/**
 * How a task repeats: every fixed interval or on a cron schedule, optionally a limited
 * number of times. A task enqueued with a repeat starts a series that runs on a schedule
 * of its own (evaluated in UTC; see {@link TaskQueue#upsertSchedule}): each occurrence is
 * a task of its own, made at its due time; cancelling or removing an occurrence ends the
 * series. A task a schedule made tells its schedule's trigger here.
 *
 * @param every the interval between occurrences, or {@code null}
 * @param cron a cron expression in Spring's syntax (6 fields with seconds first, or 5
 * read with second 0; see {@link CronSchedule}), or {@code null}
 * @param limit how many occurrences in all, or {@code null} for no limit
 */
public record Repeat(Duration every, String cron, Integer limit) {

	/**
	 * Validates the values.
	 * @param every the interval, or {@code null}
	 * @param cron the cron expression, or {@code null}
	 * @param limit the number of occurrences, or {@code null}
	 */
	public Repeat {
		if ((every == null) == (cron == null)) {
			throw new IllegalArgumentException("a repeat needs exactly one of every and cron");
		}
		if (every != null && (every.isZero() || every.isNegative())) {
			throw new IllegalArgumentException("repeat interval must be positive, was " + every);
		}
		TaskLimits.checkDuration("repeat interval", every);
		if (every != null && every.toMillis() < 1) {
			throw new IllegalArgumentException("repeat interval must be at least one millisecond, was " + every);
		}
		if (cron != null) {
			CronSchedule.parse(cron);
		}
		if (limit != null && limit < 1) {
			throw new IllegalArgumentException("repeat limit must be at least 1, was " + limit);
		}
	}

}
