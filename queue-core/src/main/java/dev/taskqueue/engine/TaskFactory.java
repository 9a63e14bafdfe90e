package dev.taskqueue.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.taskqueue.Backoff;
import dev.taskqueue.Repeat;
import dev.taskqueue.Schedule;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.UnknownTaskTypeException;
import dev.taskqueue.spi.NewTask;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Turns what a caller asks for into a {@link NewTask} with every default applied: each
 * setting is the task's own ({@link TaskOptions}), else its handler's, else its queue's
 * ({@link QueueDefaults}), else the engine's. Also makes the tasks schedules make.
 * Thread-safe.
 */
final class TaskFactory {

	private final HandlerRegistry handlers;

	private final EngineSettings settings;

	private final PayloadConverter payloads;

	private final Clock clock;

	private final TaskIds ids;

	TaskFactory(HandlerRegistry handlers, EngineSettings settings, ObjectMapper mapper, Clock clock) {
		this.handlers = handlers;
		this.settings = settings;
		this.payloads = new PayloadConverter(mapper, settings.maxPayloadBytes());
		this.clock = clock;
		this.ids = new TaskIds(clock);
	}

	NewTask create(String type, Object payload, TaskOptions options) {
		if (type == null || type.isBlank()) {
			throw new IllegalArgumentException("task type must not be empty");
		}
		HandlerDefinition handler = this.handlers.get(type);
		if (handler == null) {
			throw new UnknownTaskTypeException(type);
		}
		TaskOptions opts = (options != null) ? options : TaskOptions.none();
		JsonNode json = this.payloads.convert(payload);
		Instant now = this.clock.instant();
		Instant scheduledAt = now;
		if (opts.runAt() != null) {
			scheduledAt = opts.runAt();
		}
		else if (opts.delay() != null) {
			scheduledAt = now.plus(opts.delay());
		}
		else if (opts.repeat() != null && opts.repeat().cron() != null) {
			scheduledAt = CronSchedule.parse(opts.repeat().cron()).next(now);
		}
		// each setting: the task's own, else its handler's, else its queue's, else the
		// engine's; the queue is the task's, which the options may have changed
		String queue = (opts.queue() != null) ? opts.queue() : handler.queue();
		int priority = (opts.priority() != null) ? opts.priority()
				: (handler.priority() != null) ? handler.priority() : 0;
		int maxAttempts = (opts.maxAttempts() != null) ? opts.maxAttempts()
				: (handler.maxAttempts() > 0) ? handler.maxAttempts() : this.settings.maxAttemptsOf(queue);
		Backoff backoff = (opts.backoff() != null) ? opts.backoff()
				: (handler.backoff() != null) ? handler.backoff() : this.settings.backoffOf(queue);
		Duration timeout = (opts.timeout() != null) ? opts.timeout()
				: (handler.timeout() != null) ? handler.timeout() : this.settings.timeoutOf(queue);
		return new NewTask(this.ids.next(), queue, type, priority, json, maxAttempts, backoff, timeout,
				opts.idempotencyKey(), opts.repeat(), 1, now, scheduledAt, null);
	}

	/**
	 * The task a schedule makes for one of its due times (or a trigger): waiting, with
	 * the due time as its scheduled time.
	 * @param schedule the schedule
	 * @param dueAt the due time
	 * @param run the schedule's run number for this task (from 1)
	 * @return the task
	 */
	NewTask scheduled(Schedule schedule, Instant dueAt, long run) {
		return scheduled(schedule, dueAt, run, this.ids.next());
	}

	/**
	 * The task a schedule makes, with the given id; its repeat tells the schedule's
	 * trigger, and it is delayed when the due time is still ahead.
	 */
	NewTask scheduled(Schedule schedule, Instant dueAt, long run, String id) {
		Instant now = this.clock.instant();
		Repeat repeat = new Repeat(schedule.every(), schedule.cron(), schedule.limit());
		return new NewTask(id, schedule.queue(), schedule.type(), schedule.priority(), schedule.payload(),
				schedule.maxAttempts(), schedule.backoff(), schedule.timeout(), null, repeat,
				(int) Math.min(run, Integer.MAX_VALUE), now, dueAt, schedule.id());
	}

}
