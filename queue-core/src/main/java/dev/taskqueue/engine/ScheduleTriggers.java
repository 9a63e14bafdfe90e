package dev.taskqueue.engine;

import java.time.Duration;
import java.time.Instant;

import dev.taskqueue.Schedule;
import dev.taskqueue.TaskLimits;

/**
 * The due times of schedules: the first one, the one after a run, and the bounds
 * ({@code startAt}, {@code endAt}, {@code limit}) that end a series. An interval's due
 * times keep their phase: {@code startAt} (or the first due time) plus whole intervals.
 * Never more than one due time at or before {@code now}: a schedule that fell behind
 * resumes at its first due time after now.
 */
final class ScheduleTriggers {

	private ScheduleTriggers() {
	}

	/**
	 * The first due time of a new schedule, or of one whose trigger changed: for an
	 * interval {@code startAt} (or now), for a cron expression its first time after now,
	 * or at or after a later {@code startAt}.
	 * @param schedule the schedule
	 * @param now the time
	 * @return the due time, or {@code null} when the series has none (ended)
	 */
	static Instant first(Schedule schedule, Instant now) {
		boolean later = schedule.startAt() != null && schedule.startAt().isAfter(now);
		Instant due;
		if (schedule.every() != null) {
			due = (schedule.startAt() != null) ? aligned(schedule.startAt(), schedule.every(), now) : now;
		}
		else {
			due = later ? cron(schedule, schedule.startAt().minusNanos(1)) : cron(schedule, now);
		}
		return bounded(schedule, due, schedule.runs());
	}

	/**
	 * The due time after the one just handled (run or skipped), strictly after
	 * {@code now}.
	 * @param schedule the schedule
	 * @param due the due time just handled
	 * @param now the time
	 * @param runs the runs once this one is counted
	 * @return the next due time, or {@code null} when the series ends
	 */
	static Instant after(Schedule schedule, Instant due, Instant now, long runs) {
		Instant from = now.isBefore(due) ? due : now;
		Instant next;
		if (schedule.every() != null) {
			next = aligned(due, schedule.every(), from.plusNanos(1));
		}
		else {
			next = cron(schedule, from);
		}
		return bounded(schedule, next, runs);
	}

	/**
	 * Whether a due time was missed: handled only after the next one passed too, or later
	 * than the threshold.
	 * @param schedule the schedule
	 * @param due the due time
	 * @param now the time it is handled
	 * @param threshold how late a due time may be handled before it counts as missed
	 * @return true if missed
	 */
	static boolean missed(Schedule schedule, Instant due, Instant now, Duration threshold) {
		if (Duration.between(due, now).compareTo(threshold) > 0) {
			return true;
		}
		Instant following = (schedule.every() != null) ? due.plus(schedule.every()) : cron(schedule, due);
		return following != null && !following.isAfter(now);
	}

	/**
	 * A due time within the series' bounds, or {@code null}.
	 * @param schedule the schedule
	 * @param due the candidate, or {@code null}
	 * @param runs the runs so far
	 * @return the due time, or {@code null} when the series ends
	 */
	static Instant bounded(Schedule schedule, Instant due, long runs) {
		if (due == null || (schedule.limit() != null && runs >= schedule.limit())
				|| (schedule.endAt() != null && due.isAfter(schedule.endAt())) || due.isAfter(TaskLimits.MAX_INSTANT)) {
			return null;
		}
		return due;
	}

	/** The first of {@code anchor + k * every} (k >= 0) at or after {@code from}. */
	private static Instant aligned(Instant anchor, Duration every, Instant from) {
		if (!from.isAfter(anchor)) {
			return anchor;
		}
		Duration behind = Duration.between(anchor, from);
		long steps = behind.dividedBy(every);
		Instant due = anchor.plus(every.multipliedBy(steps));
		return due.isBefore(from) ? due.plus(every) : due;
	}

	/** The cron time strictly after {@code after}, or {@code null} when there is none. */
	private static Instant cron(Schedule schedule, Instant after) {
		if (after.isAfter(TaskLimits.MAX_INSTANT)) {
			return null;
		}
		try {
			return CronSchedule.parse(schedule.cron()).next(after, schedule.zone());
		}
		catch (IllegalStateException ex) {
			return null; // no time left before the end of the calendar
		}
	}

}
