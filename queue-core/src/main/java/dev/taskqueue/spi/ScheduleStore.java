package dev.taskqueue.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where recurring schedules live, beside the tasks they make: read, changed by
 * compare-and-set, and found when due. The engine holds the policy (due times, misfires,
 * limits); the store makes each change atomic, and stores a schedule's task in the same
 * step as the change that made it, so that engines sharing the backend make exactly one
 * task per due time. Thread-safe.
 * <p>
 * A schedule lives with its queue (its {@link dev.taskqueue.Schedule#queue()}): a backend
 * may keep it in the queue's own storage, so that its change and its task are one step.
 */
public interface ScheduleStore {

	/**
	 * Looks a schedule up.
	 * @param id its id
	 * @return the schedule, or empty when there is none
	 */
	Optional<StoredSchedule> findSchedule(String id);

	/**
	 * Every schedule, in no particular order.
	 * @return the schedules
	 */
	List<StoredSchedule> schedules();

	/**
	 * Creates, replaces or removes a schedule, only when it is still as the caller read
	 * it, and in the same atomic step stores a task the change makes (one of its due
	 * times, or a trigger).
	 * @param expected the schedule as read ({@code null}: there must be none of the id)
	 * @param replacement what to store instead, its revision one more than
	 * {@code expected}'s (1 when new), or {@code null} to remove the schedule
	 * @param task a task to store with the change (as
	 * {@link TaskRepository#enqueue(NewTask)} would, in {@code replacement}'s queue), or
	 * {@code null}
	 * @return whether the change was made, with the task's result; when not, nothing was
	 * stored
	 * @throws IllegalArgumentException when neither {@code expected} nor
	 * {@code replacement} is given, their ids differ, or the revision does not follow
	 */
	ScheduleWrite writeSchedule(StoredSchedule expected, StoredSchedule replacement, NewTask task);

	/**
	 * The schedules due: not paused, not ended, due at or before {@code now}, and when
	 * the next of the others is due.
	 * @param now the time
	 * @param max at most this many due schedules
	 * @return the due schedules, earliest first, and the next due time of the others
	 */
	DueSchedules dueSchedules(Instant now, int max);

	/**
	 * Whether a write was made, and the result of its task.
	 *
	 * @param written whether the schedule was as expected and the change was made
	 * @param task the result of storing the task, or {@code null} (not written, or no
	 * task)
	 */
	record ScheduleWrite(boolean written, EnqueueResult task) {

		/** A write that was not made: the schedule had changed. */
		public static final ScheduleWrite CONFLICT = new ScheduleWrite(false, null);

	}

	/**
	 * What is due.
	 *
	 * @param due the schedules due, earliest first
	 * @param next when the next of the other schedules is due, or {@code null} when none
	 * is
	 */
	record DueSchedules(List<StoredSchedule> due, Instant next) {

		/**
		 * Copies the list.
		 * @param due the schedules due
		 * @param next the next due time, or {@code null}
		 */
		public DueSchedules {
			due = List.copyOf(due);
		}

	}

}
