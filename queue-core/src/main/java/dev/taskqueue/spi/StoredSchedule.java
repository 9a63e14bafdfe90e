package dev.taskqueue.spi;

import java.util.Objects;

import dev.taskqueue.Schedule;
import dev.taskqueue.event.TaskEventType;

/**
 * A schedule as a backend stores it, with the revision that makes every change of it a
 * compare-and-set ({@link ScheduleStore#writeSchedule}). The schedule's
 * {@link Schedule#lastTaskStatus()} is not stored: it is always {@code null} here.
 *
 * @param revision 1 for a new schedule, one more at every change
 * @param schedule the schedule
 */
public record StoredSchedule(long revision, Schedule schedule) {

	/**
	 * Validates the values.
	 * @param revision at least 1
	 * @param schedule not {@code null}
	 */
	public StoredSchedule {
		if (revision < 1) {
			throw new IllegalArgumentException("revision must be at least 1, was " + revision);
		}
		Objects.requireNonNull(schedule, "schedule must not be null");
	}

	/**
	 * The schedule's id.
	 * @return the id
	 */
	public String id() {
		return this.schedule.id();
	}

	/**
	 * Checks the schedules of a write ({@link ScheduleStore#writeSchedule}): at least
	 * one, of one id, the replacement's revision following the expected one.
	 * @param expected the schedule as read, or {@code null}
	 * @param replacement its replacement, or {@code null}
	 * @return the id
	 * @throws IllegalArgumentException if they do not fit together
	 */
	public static String checkWrite(StoredSchedule expected, StoredSchedule replacement) {
		if (expected == null && replacement == null) {
			throw new IllegalArgumentException("a schedule write needs the expected schedule or its replacement");
		}
		if (expected != null && replacement != null && !expected.id().equals(replacement.id())) {
			throw new IllegalArgumentException(
					"a schedule keeps its id: " + expected.id() + " is not " + replacement.id());
		}
		long after = (expected != null) ? expected.revision() : 0;
		if (replacement != null && replacement.revision() != after + 1) {
			throw new IllegalArgumentException(
					"revision " + replacement.revision() + " does not follow revision " + after);
		}
		return (expected != null) ? expected.id() : replacement.id();
	}

	/**
	 * The event a write makes: created, removed, or updated when the schedule's
	 * definition or paused flag changed (not when it only made a task or skipped a due
	 * time).
	 * @param expected the schedule as read, or {@code null}
	 * @param replacement its replacement, or {@code null}
	 * @return the event type, or {@code null} for none
	 */
	public static TaskEventType eventOf(StoredSchedule expected, StoredSchedule replacement) {
		if (expected == null) {
			return TaskEventType.SCHEDULE_CREATED;
		}
		if (replacement == null) {
			return TaskEventType.SCHEDULE_REMOVED;
		}
		return definition(expected.schedule()).equals(definition(replacement.schedule())) ? null
				: TaskEventType.SCHEDULE_UPDATED;
	}

	/** A schedule without what it did and when it last changed. */
	private static Schedule definition(Schedule schedule) {
		return schedule.withRun(null, null, null, 0).withPaused(schedule.paused(), null, schedule.createdAt());
	}

	/**
	 * The next revision of this schedule, holding a changed schedule of the same id.
	 * @param changed the changed schedule
	 * @return the next revision
	 */
	public StoredSchedule next(Schedule changed) {
		if (!changed.id().equals(id())) {
			throw new IllegalArgumentException("a schedule keeps its id: " + id() + " is not " + changed.id());
		}
		return new StoredSchedule(this.revision + 1, changed);
	}

}
