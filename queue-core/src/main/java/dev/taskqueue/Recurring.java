package dev.taskqueue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a recurring schedule of the tasks of a {@link TaskHandler @TaskHandler}
 * method, on the same method: at start-up the application creates it, or replaces it in
 * place ({@link TaskQueue#upsertSchedule(ScheduleRequest)}), so that any number of
 * instances declaring it make one task per due time. A schedule declared this way and no
 * longer declared is removed at start-up; schedules made through the API stay.
 * <p>
 * Every attribute resolves {@code ${...}} placeholders, and the properties
 * {@code taskqueue.schedules.<id>.cron}, {@code .every}, {@code .zone} and
 * {@code .enabled} override the attributes. Repeatable: a method may have several
 * schedules (with different payloads, for example).
 *
 * <pre class="code">
 * &#64;TaskHandler(type = "nightly-report")
 * &#64;Recurring(id = "nightly-report", cron = "${reports.cron:0 0 2 * * *}", zone = "Europe/Paris")
 * void report() { ... }
 * </pre>
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Recurring.List.class)
public @interface Recurring {

	/**
	 * The schedule's id, unique in the backend (see {@link ScheduleRequest#checkId}).
	 * @return the id
	 */
	String id();

	/**
	 * A cron expression in Spring's syntax (6 fields with seconds, 5 fields read with
	 * second 0, or a macro such as {@code @daily}); exactly one of {@code cron} and
	 * {@code every}.
	 * @return the cron expression, or an empty string
	 */
	String cron() default "";

	/**
	 * The interval between due times, as {@code "10m"}, {@code "30s"} or {@code "PT1H"};
	 * exactly one of {@code cron} and {@code every}.
	 * @return the interval, or an empty string
	 */
	String every() default "";

	/**
	 * The zone the cron expression is evaluated in, such as {@code "Europe/Paris"}; empty
	 * for UTC.
	 * @return the zone, or an empty string
	 */
	String zone() default "";

	/**
	 * The payload of the tasks, as JSON ({@code "{\"days\": 1}"}); empty for none.
	 * @return the payload, or an empty string
	 */
	String payload() default "";

	/**
	 * What to do about due times missed while no instance ran: {@code "run-once"} or
	 * {@code "skip"}.
	 * @return the misfire policy
	 */
	String misfire() default "run-once";

	/**
	 * Holds several {@link Recurring} on one method.
	 */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@Documented
	@interface List {

		/**
		 * The schedules.
		 * @return the schedules
		 */
		Recurring[] value();

	}

}
