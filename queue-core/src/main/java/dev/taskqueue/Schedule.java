package dev.taskqueue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import tools.jackson.databind.JsonNode;

/**
 * A recurring schedule, as stored: what task it makes, when, and what it did so far. Each
 * due time makes one task (across every engine sharing the backend), which carries the
 * schedule's id ({@link Task#scheduleId()}) and its run number
 * ({@link Task#occurrence()}).
 *
 * @param id its id, unique in the backend
 * @param type the type of the tasks it makes
 * @param queue the queue of the tasks it makes
 * @param payload the payload of the tasks it makes, as JSON
 * @param priority their priority
 * @param maxAttempts their attempts before failing for good
 * @param backoff their delay policy between attempts
 * @param timeout how long one of their attempts may run, or {@code null}
 * @param cron the cron expression (Spring's syntax), or {@code null} for an interval
 * @param zone the time zone the cron expression is evaluated in ({@code UTC} for an
 * interval)
 * @param every the interval, or {@code null} for a cron expression
 * @param limit how many runs in all, or {@code null} for no limit
 * @param startAt no due time before this, or {@code null}
 * @param endAt no due time after this, or {@code null}
 * @param misfire what to do about due times missed while no engine ran
 * @param paused whether it is paused (makes no task until resumed)
 * @param declared whether it was declared in code ({@code @Recurring}) rather than made
 * through the API
 * @param createdAt when it was first stored
 * @param updatedAt when it was last created, replaced, paused or resumed
 * @param lastDueAt the due time of its last task, or {@code null}
 * @param nextDueAt its next due time, or {@code null} when the series ended (limit or
 * {@code endAt} reached)
 * @param lastTaskId the id of its last task, or {@code null}
 * @param lastTaskStatus the status of its last task when this snapshot was taken, or
 * {@code null} (none yet, or the task is gone)
 * @param runs how many tasks it made so far
 */
public record Schedule(String id, String type, String queue, JsonNode payload, int priority, int maxAttempts,
		Backoff backoff, Duration timeout, String cron, ZoneId zone, Duration every, Integer limit, Instant startAt,
		Instant endAt, Misfire misfire, boolean paused, boolean declared, Instant createdAt, Instant updatedAt,
		Instant lastDueAt, Instant nextDueAt, String lastTaskId, TaskStatus lastTaskStatus, long runs) {

	/**
	 * Whether the series ended: no further due time.
	 * @return true once the limit or {@code endAt} is reached
	 */
	public boolean isEnded() {
		return this.nextDueAt == null;
	}

	/**
	 * This schedule after it made a task, or skipped a due time.
	 * @param lastDueAt the due time it made a task for (or skipped)
	 * @param nextDueAt its next due time, or {@code null} when the series ends
	 * @param lastTaskId the task it made (or the previous one, when it skipped)
	 * @param runs how many tasks it made so far
	 * @return the changed schedule
	 */
	public Schedule withRun(Instant lastDueAt, Instant nextDueAt, String lastTaskId, long runs) {
		return new Schedule(this.id, this.type, this.queue, this.payload, this.priority, this.maxAttempts, this.backoff,
				this.timeout, this.cron, this.zone, this.every, this.limit, this.startAt, this.endAt, this.misfire,
				this.paused, this.declared, this.createdAt, this.updatedAt, lastDueAt, nextDueAt, lastTaskId, null,
				runs);
	}

	/**
	 * This schedule paused or resumed.
	 * @param paused whether paused
	 * @param nextDueAt its next due time, or {@code null} when the series ended
	 * @param updatedAt the time of the change
	 * @return the changed schedule
	 */
	public Schedule withPaused(boolean paused, Instant nextDueAt, Instant updatedAt) {
		return new Schedule(this.id, this.type, this.queue, this.payload, this.priority, this.maxAttempts, this.backoff,
				this.timeout, this.cron, this.zone, this.every, this.limit, this.startAt, this.endAt, this.misfire,
				paused, this.declared, this.createdAt, updatedAt, this.lastDueAt, nextDueAt, this.lastTaskId, null,
				this.runs);
	}

	/**
	 * This schedule with the status of its last task as it is now.
	 * @param status the status, or {@code null}
	 * @return the schedule
	 */
	public Schedule withLastTaskStatus(TaskStatus status) {
		return new Schedule(this.id, this.type, this.queue, this.payload, this.priority, this.maxAttempts, this.backoff,
				this.timeout, this.cron, this.zone, this.every, this.limit, this.startAt, this.endAt, this.misfire,
				this.paused, this.declared, this.createdAt, this.updatedAt, this.lastDueAt, this.nextDueAt,
				this.lastTaskId, status, this.runs);
	}

}
