package dev.taskqueue.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.taskqueue.Misfire;
import dev.taskqueue.Repeat;
import dev.taskqueue.Schedule;
import dev.taskqueue.ScheduleNotFoundException;
import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.Task;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueueException;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.ScheduleStore;
import dev.taskqueue.spi.ScheduleStore.DueSchedules;
import dev.taskqueue.spi.ScheduleStore.ScheduleWrite;
import dev.taskqueue.spi.StoredSchedule;

/**
 * The engine's side of recurring schedules: makes, changes and removes them, and fires
 * the due ones from the scheduler's thread. Every change is a compare-and-set on the
 * schedule's revision ({@link ScheduleStore#writeSchedule}), retried on a conflict; a due
 * time's task is stored in the same step as the schedule's move to its next due time, so
 * that engines sharing the backend make one task per due time: the others' writes
 * conflict and they let it be. Thread-safe.
 */
final class EngineSchedules {

	private static final System.Logger logger = System.getLogger(EngineSchedules.class.getName());

	/**
	 * How late a due time may be fired before it counts as missed (and a schedule with
	 * {@link Misfire#SKIP} skips it).
	 */
	static final Duration MISFIRE_THRESHOLD = Duration.ofMinutes(1);

	/**
	 * The prefix of the ids of the schedules that tasks enqueued with a repeat
	 * ({@link TaskOptions#repeat()}) run on.
	 */
	static final String REPEAT_PREFIX = "repeat:";

	/** How many due schedules one pass fires, at most. */
	static final int BATCH = 100;

	/** How many times a change is tried against concurrent ones before giving up. */
	private static final int MAX_TRIES = 32;

	private static final Comparator<Schedule> BY_ID = Comparator.comparing(Schedule::id);

	private final EngineServices services;

	private final Scheduler scheduler;

	EngineSchedules(EngineServices services, Scheduler scheduler) {
		this.services = services;
		this.scheduler = scheduler;
	}

	private ScheduleStore store() {
		return this.services.backend().schedules();
	}

	Schedule upsert(ScheduleRequest request) {
		Objects.requireNonNull(request, "request must not be null");
		NewTask template = this.services.factory().create(request.type(), request.payload(), request.options());
		for (int i = 0; i < MAX_TRIES; i++) {
			StoredSchedule current = store().findSchedule(request.id()).orElse(null);
			Schedule old = (current != null) ? current.schedule() : null;
			Instant now = this.services.clock().instant();
			Schedule changed = define(request, template, old, now);
			StoredSchedule replacement = (current != null) ? current.next(changed) : new StoredSchedule(1, changed);
			if (store().writeSchedule(current, replacement, null).written()) {
				dueAt(changed);
				return changed;
			}
		}
		throw contended(request.id());
	}

	/**
	 * Enqueues a task with a repeat: a schedule of its own (UTC, misfire run-once),
	 * stored with its first occurrence in one step. With an idempotency key, the
	 * schedule's id comes from the queue and the key, so that enqueueing the series again
	 * returns its current occurrence instead of starting a second series.
	 * @return the first occurrence's id (or the current one's, for a known key)
	 */
	String enqueueRepeating(NewTask first, TaskOptions options) {
		String type = first.type();
		Repeat repeat = options.repeat();
		String id = REPEAT_PREFIX + first.queue() + ":"
				+ ((options.idempotencyKey() != null) ? digest(options.idempotencyKey()) : first.id());
		for (int i = 0; i < MAX_TRIES; i++) {
			// without a key the id is new: nothing to look up
			StoredSchedule current = (options.idempotencyKey() != null) ? store().findSchedule(id).orElse(null) : null;
			if (current != null && current.schedule().lastTaskId() != null) {
				return current.schedule().lastTaskId();
			}
			Instant now = now();
			Instant due = first.scheduledAt();
			Schedule series = new Schedule(id, type, first.queue(), first.payload(), first.priority(),
					first.maxAttempts(), first.backoff(), first.timeout(), repeat.cron(), ZoneOffset.UTC,
					repeat.every(), repeat.limit(), due, null, Misfire.RUN_ONCE, false, false, now, now, null, null,
					null, null, 0);
			NewTask task = this.services.factory().scheduled(series, due, 1, first.id());
			Schedule started = series.withRun(due, ScheduleTriggers.after(series, due, now, 1), task.id(), 1);
			ScheduleWrite write = store().writeSchedule(current,
					(current != null) ? current.next(started) : new StoredSchedule(1, started), task);
			if (write.written()) {
				added(task, write);
				dueAt(started);
				if (task.isDelayedAt(now)) {
					this.scheduler.dueAt(task.scheduledAt());
				}
				return write.task().id();
			}
		}
		throw contended(id);
	}

	/**
	 * Cancels a task; an occurrence of a series enqueued with a repeat ends the series
	 * (removes its schedule), as it always did.
	 */
	Task cancel(String taskId) {
		Task cancelled = this.services.backend().cancel(taskId);
		this.services.events().cancelled(cancelled);
		endRepeat(cancelled.scheduleId());
		return cancelled;
	}

	/**
	 * Removes a task; an occurrence of a series enqueued with a repeat ends the series.
	 */
	boolean removeTask(String taskId) {
		String scheduleId = this.services.backend().find(taskId).map(Task::scheduleId).orElse(null);
		boolean removed = this.services.backend().remove(taskId);
		if (removed) {
			endRepeat(scheduleId);
		}
		return removed;
	}

	private void endRepeat(String scheduleId) {
		if (scheduleId != null && scheduleId.startsWith(REPEAT_PREFIX)) {
			remove(scheduleId);
		}
	}

	/** A short, id-safe digest of an idempotency key. */
	private static String digest(String key) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

	Optional<Schedule> get(String id) {
		return store().findSchedule(id).map((stored) -> withStatus(stored.schedule()));
	}

	List<Schedule> list() {
		return store().schedules().stream().map((stored) -> withStatus(stored.schedule())).sorted(BY_ID).toList();
	}

	Schedule pause(String id) {
		return change(id, (schedule) -> schedule.withPaused(true, schedule.nextDueAt(), now()));
	}

	/**
	 * Resumes at the next due time from now: due times passed while paused are not made
	 * up.
	 */
	Schedule resume(String id) {
		return change(id, (schedule) -> {
			Instant now = now();
			Instant next = schedule.nextDueAt();
			if (next != null && next.isBefore(now)) {
				next = ScheduleTriggers.after(schedule, next, now, schedule.runs());
			}
			return schedule.withPaused(false, next, now);
		});
	}

	boolean remove(String id) {
		for (int i = 0; i < MAX_TRIES; i++) {
			StoredSchedule current = store().findSchedule(id).orElse(null);
			if (current == null) {
				return false;
			}
			if (store().writeSchedule(current, null, null).written()) {
				return true;
			}
		}
		throw contended(id);
	}

	/**
	 * Removes the schedules declared in code whose ids are not among the given ones.
	 * @param declared the ids declared now
	 * @return the ids removed
	 */
	List<String> removeUndeclared(Set<String> declared) {
		return store().schedules()
			.stream()
			.filter((stored) -> stored.schedule().declared() && !declared.contains(stored.id()))
			.map(StoredSchedule::id)
			.filter(this::remove)
			.sorted()
			.toList();
	}

	/** Makes one task now, outside the series' due times; counts as a run. */
	String trigger(String id) {
		for (int i = 0; i < MAX_TRIES; i++) {
			StoredSchedule current = store().findSchedule(id).orElseThrow(() -> new ScheduleNotFoundException(id));
			Schedule schedule = current.schedule();
			long runs = schedule.runs() + 1;
			NewTask task = this.services.factory().scheduled(schedule, now(), runs);
			Instant next = ScheduleTriggers.bounded(schedule, schedule.nextDueAt(), runs);
			Schedule changed = schedule.withRun(schedule.lastDueAt(), next, task.id(), runs);
			ScheduleWrite write = store().writeSchedule(current, current.next(changed), task);
			if (write.written()) {
				added(task, write);
				return write.task().id();
			}
		}
		throw contended(id);
	}

	/**
	 * Fires the schedules due now.
	 * @return when to look again: the next due time, now when more are due, or
	 * {@code null} when no schedule is due
	 */
	Instant fireDue() {
		Instant now = now();
		DueSchedules due = store().dueSchedules(now, BATCH);
		Instant next = due.next();
		for (StoredSchedule stored : due.due()) {
			try {
				// the next due time of a schedule just fired (by this engine or another)
				Instant after = fire(stored, now);
				next = (after != null && (next == null || after.isBefore(next))) ? after : next;
			}
			catch (RuntimeException ex) {
				logger.log(BackendFailures.level(ex),
						"Could not fire schedule " + stored.id() + "; trying again at the next pass: " + ex);
			}
		}
		return (due.due().size() >= BATCH) ? now : next;
	}

	/**
	 * Makes the task of a schedule's due time (or skips it when it was missed and the
	 * schedule says so) and moves it to its next due time, unless another engine did
	 * first. Returns that next due time (the one another engine computed too), or null.
	 */
	private Instant fire(StoredSchedule stored, Instant now) {
		Schedule schedule = stored.schedule();
		Instant dueAt = schedule.nextDueAt();
		if (schedule.paused() || dueAt == null || dueAt.isAfter(now)) {
			// not due (a store may answer with a record newer than its index)
			return dueAt;
		}
		if (schedule.misfire() == Misfire.SKIP && ScheduleTriggers.missed(schedule, dueAt, now, MISFIRE_THRESHOLD)) {
			Instant next = ScheduleTriggers.after(schedule, dueAt, now, schedule.runs());
			Schedule skipped = schedule.withRun(schedule.lastDueAt(), next, schedule.lastTaskId(), schedule.runs());
			if (store().writeSchedule(stored, stored.next(skipped), null).written()) {
				logger.log(System.Logger.Level.INFO, "Schedule " + schedule.id() + " skipped its due time " + dueAt
						+ ", missed while no instance ran (misfire SKIP); next due " + next);
			}
			return next;
		}
		long runs = schedule.runs() + 1;
		NewTask task = this.services.factory().scheduled(schedule, dueAt, runs);
		Instant next = ScheduleTriggers.after(schedule, dueAt, now, runs);
		ScheduleWrite write = store().writeSchedule(stored, stored.next(schedule.withRun(dueAt, next, task.id(), runs)),
				task);
		if (write.written()) {
			added(task, write);
		}
		return next;
	}

	/**
	 * A schedule as a request defines it, keeping what the one it replaces did (runs,
	 * last task, paused, created); its next due time stays unless its trigger changed.
	 */
	private static Schedule define(ScheduleRequest request, NewTask template, Schedule old, Instant now) {
		long runs = (old != null) ? old.runs() : 0;
		Schedule draft = new Schedule(request.id(), request.type(), template.queue(), template.payload(),
				template.priority(), template.maxAttempts(), template.backoff(), template.timeout(), request.cron(),
				request.zone(), request.every(), request.limit(), request.startAt(), request.endAt(), request.misfire(),
				old != null && old.paused(), request.declared(), (old != null) ? old.createdAt() : now, now, null, null,
				null, null, runs);
		boolean sameTrigger = old != null && Objects.equals(old.cron(), request.cron())
				&& Objects.equals(old.zone(), request.zone()) && Objects.equals(old.every(), request.every())
				&& Objects.equals(old.startAt(), request.startAt());
		Instant next = (sameTrigger && old.nextDueAt() != null) ? ScheduleTriggers.bounded(draft, old.nextDueAt(), runs)
				: ScheduleTriggers.first(draft, now);
		return draft.withRun((old != null) ? old.lastDueAt() : null, next, (old != null) ? old.lastTaskId() : null,
				runs);
	}

	private Schedule change(String id, UnaryOperator<Schedule> change) {
		for (int i = 0; i < MAX_TRIES; i++) {
			StoredSchedule current = store().findSchedule(id).orElseThrow(() -> new ScheduleNotFoundException(id));
			Schedule changed = change.apply(current.schedule());
			if (store().writeSchedule(current, current.next(changed), null).written()) {
				dueAt(changed);
				return withStatus(changed);
			}
		}
		throw contended(id);
	}

	private void added(NewTask task, ScheduleWrite write) {
		if (write.task() != null && write.task().created()) {
			this.services.events().added(task);
		}
	}

	private void dueAt(Schedule schedule) {
		if (!schedule.paused() && schedule.nextDueAt() != null) {
			this.scheduler.dueAt(schedule.nextDueAt());
		}
	}

	private Schedule withStatus(Schedule schedule) {
		if (schedule.lastTaskId() == null) {
			return schedule;
		}
		return schedule
			.withLastTaskStatus(this.services.backend().find(schedule.lastTaskId()).map(Task::status).orElse(null));
	}

	private Instant now() {
		return this.services.clock().instant();
	}

	private static TaskQueueException contended(String id) {
		return new TaskQueueException(
				"schedule '" + id + "' changed " + MAX_TRIES + " times while this change was being made; try again");
	}

}
