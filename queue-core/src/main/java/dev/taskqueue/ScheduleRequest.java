package dev.taskqueue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.taskqueue.engine.CronSchedule;

/**
 * What a caller asks a schedule to be: created, or replaced in place when one of its id
 * exists ({@link TaskQueue#upsertSchedule(ScheduleRequest)}). Built with
 * {@link #builder(String, String)}; validated when built.
 *
 * @param id the schedule's id (see {@link #checkId(String)})
 * @param type the type of the tasks it makes
 * @param payload the payload of its tasks, anything Jackson can write, or {@code null}
 * @param cron a cron expression in Spring's syntax (6 fields with seconds; 5 fields read
 * with second 0; macros such as {@code @daily}), or {@code null}
 * @param zone the zone the cron expression is evaluated in (UTC by default)
 * @param every the interval between due times, or {@code null}
 * @param limit how many runs in all, or {@code null}
 * @param startAt no due time before this, or {@code null}
 * @param endAt no due time after this, or {@code null}
 * @param misfire what to do about due times missed while no engine ran
 * @param options the options of its tasks (queue, priority, attempts, backoff, timeout);
 * a delay, a run time, an idempotency key or a repeat are refused
 * @param declared whether the schedule is declared in code ({@code @Recurring}): such
 * schedules are removed at start-up once no longer declared
 */
public record ScheduleRequest(String id, String type, Object payload, String cron, ZoneId zone, Duration every,
		Integer limit, Instant startAt, Instant endAt, Misfire misfire, TaskOptions options, boolean declared) {

	/** The longest schedule id. */
	public static final int MAX_ID_LENGTH = 200;

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0," + (MAX_ID_LENGTH - 1) + "}");

	/**
	 * Validates the values.
	 * @param id the id
	 * @param type the task type
	 * @param payload the payload
	 * @param cron the cron expression, or {@code null}
	 * @param zone the zone, or {@code null} for UTC
	 * @param every the interval, or {@code null}
	 * @param limit the limit, or {@code null}
	 * @param startAt the start, or {@code null}
	 * @param endAt the end, or {@code null}
	 * @param misfire the misfire policy, or {@code null} for {@link Misfire#RUN_ONCE}
	 * @param options the task options, or {@code null}
	 * @param declared whether declared in code
	 */
	public ScheduleRequest {
		checkId(id);
		if (type == null || type.isBlank()) {
			throw new IllegalArgumentException("task type must not be empty");
		}
		if ((cron == null) == (every == null)) {
			throw new IllegalArgumentException("a schedule needs exactly one of cron and every");
		}
		if (cron != null) {
			CronSchedule.parse(cron);
		}
		else {
			if (zone != null) {
				throw new IllegalArgumentException("a zone applies to a cron expression, not to an interval");
			}
			TaskLimits.checkDuration("every", every);
			if (every.toMillis() < 1) {
				throw new IllegalArgumentException("every must be at least one millisecond, was " + every);
			}
		}
		zone = (zone != null) ? zone : ZoneOffset.UTC;
		if (limit != null && limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		TaskLimits.checkInstant("startAt", startAt);
		TaskLimits.checkInstant("endAt", endAt);
		if (startAt != null && endAt != null && endAt.isBefore(startAt)) {
			throw new IllegalArgumentException("endAt must not be before startAt");
		}
		misfire = (misfire != null) ? misfire : Misfire.RUN_ONCE;
		options = (options != null) ? options : TaskOptions.none();
		if (options.delay() != null || options.runAt() != null) {
			throw new IllegalArgumentException("a schedule's tasks run at its due times: no delay or runAt");
		}
		if (options.idempotencyKey() != null) {
			throw new IllegalArgumentException("a schedule makes one task per due time by itself: no idempotencyKey");
		}
		if (options.repeat() != null) {
			throw new IllegalArgumentException("a schedule repeats by itself: no every or cron in its options");
		}
	}

	/**
	 * Checks a schedule id: 1 to {@value #MAX_ID_LENGTH} letters, digits, {@code .},
	 * {@code _}, {@code :} or {@code -}, starting with a letter or digit (so that it fits
	 * in a URL path as it is).
	 * @param id the id
	 * @return the id
	 * @throws IllegalArgumentException if it is not valid
	 */
	public static String checkId(String id) {
		if (id == null || !ID.matcher(id).matches()) {
			throw new IllegalArgumentException("schedule id must be 1 to " + MAX_ID_LENGTH
					+ " letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
		}
		return id;
	}

	/**
	 * Starts building a request.
	 * @param id the schedule's id
	 * @param type the type of the tasks it makes
	 * @return a builder
	 */
	public static Builder builder(String id, String type) {
		return new Builder(id, type);
	}

	/**
	 * Builds a {@link ScheduleRequest}. Not thread-safe.
	 */
	public static final class Builder {

		private final String id;

		private final String type;

		private Object payload;

		private String cron;

		private ZoneId zone;

		private Duration every;

		private Integer limit;

		private Instant startAt;

		private Instant endAt;

		private Misfire misfire;

		private TaskOptions options;

		private boolean declared;

		private Builder(String id, String type) {
			this.id = id;
			this.type = type;
		}

		/**
		 * The payload of the tasks.
		 * @param payload anything Jackson can write, or {@code null}
		 * @return this builder
		 */
		public Builder payload(Object payload) {
			this.payload = payload;
			return this;
		}

		/**
		 * Due times on a cron expression, in Spring's syntax.
		 * @param cron the expression
		 * @return this builder
		 */
		public Builder cron(String cron) {
			this.cron = cron;
			return this;
		}

		/**
		 * The zone the cron expression is evaluated in (UTC by default).
		 * @param zone the zone
		 * @return this builder
		 */
		public Builder zone(ZoneId zone) {
			this.zone = zone;
			return this;
		}

		/**
		 * Due times at a fixed interval: the first at {@code startAt} (or at once), then
		 * one interval apart.
		 * @param every the interval
		 * @return this builder
		 */
		public Builder every(Duration every) {
			this.every = every;
			return this;
		}

		/**
		 * Ends the series after this many runs.
		 * @param limit at least 1
		 * @return this builder
		 */
		public Builder limit(int limit) {
			this.limit = limit;
			return this;
		}

		/**
		 * No due time before this.
		 * @param startAt the start
		 * @return this builder
		 */
		public Builder startAt(Instant startAt) {
			this.startAt = startAt;
			return this;
		}

		/**
		 * No due time after this; the series ends there.
		 * @param endAt the end
		 * @return this builder
		 */
		public Builder endAt(Instant endAt) {
			this.endAt = endAt;
			return this;
		}

		/**
		 * What to do about due times missed while no engine ran.
		 * @param misfire the policy ({@link Misfire#RUN_ONCE} by default)
		 * @return this builder
		 */
		public Builder misfire(Misfire misfire) {
			this.misfire = misfire;
			return this;
		}

		/**
		 * The options of the tasks: queue, priority, attempts, backoff, timeout.
		 * @param options the options
		 * @return this builder
		 */
		public Builder options(TaskOptions options) {
			this.options = Objects.requireNonNull(options, "options must not be null");
			return this;
		}

		/**
		 * Marks the schedule as declared in code, as {@code @Recurring} does: removed at
		 * start-up once no longer declared.
		 * @param declared whether declared in code
		 * @return this builder
		 */
		public Builder declared(boolean declared) {
			this.declared = declared;
			return this;
		}

		/**
		 * Builds the request.
		 * @return the request
		 * @throws IllegalArgumentException if a value is invalid
		 */
		public ScheduleRequest build() {
			return new ScheduleRequest(this.id, this.type, this.payload, this.cron, this.zone, this.every, this.limit,
					this.startAt, this.endAt, this.misfire, this.options, this.declared);
		}

	}

}
