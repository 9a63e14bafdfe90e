package dev.taskqueue;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as the handler of one task type.
 * <p>
 * The method takes the payload (any type Jackson can bind, or nothing) and optionally a
 * {@link TaskContext}, in any order. Its return value, if any, becomes the task's result.
 * A method that throws fails the attempt; the retry policy then applies.
 * <p>
 * Zero and empty attribute values mean "use the configured default".
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TaskHandler {

	/**
	 * The task type this method handles, unique in the application.
	 * @return the task type
	 */
	String type();

	/**
	 * The queue tasks of this type go to unless enqueued with another.
	 * @return the queue name
	 */
	String queue() default "default";

	/**
	 * How many tasks of this queue run at once on this instance; {@code 0} uses
	 * {@code taskqueue.queues.<name>.concurrency} or
	 * {@code taskqueue.worker.concurrency}. When several handlers share a queue, the
	 * largest value wins.
	 * @return the concurrency, or 0
	 */
	int concurrency() default 0;

	/**
	 * Attempts before a task of this type fails for good; {@code 0} uses
	 * {@code taskqueue.defaults.max-attempts}.
	 * @return the maximum number of attempts, or 0
	 */
	int maxAttempts() default 0;

	/**
	 * How long one attempt may run before it is interrupted and fails with a timeout, as
	 * a duration such as {@code "30s"}, {@code "5m"} or {@code "PT1H"}; empty uses
	 * {@code taskqueue.defaults.timeout}.
	 * @return the timeout, or an empty string
	 */
	String timeout() default "";

}
