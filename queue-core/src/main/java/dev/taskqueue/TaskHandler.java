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
 * Zero and empty attribute values mean "use the configured default". The attributes are
 * defaults for the handler's tasks: options given at enqueue win over them, and they win
 * over {@code taskqueue.queues.<name>.*} (of the task's queue) and
 * {@code taskqueue.defaults.*}.
 * <p>
 * In a Spring application the text attributes ({@code type}, {@code queue},
 * {@code timeout}, {@code priority}, {@code backoff}, {@code concurrencyString},
 * {@code maxAttemptsString}) resolve {@code ${...}} placeholders, such as {@code queue =
 * "${app.reports-queue:reports}"}.
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
	 * {@link #concurrency()} as text, for a {@code ${...}} placeholder such as
	 * {@code "${app.email-workers:5}"}; it must resolve to a whole number from 0 up.
	 * Empty (or resolving to empty) means not set. Setting both this and
	 * {@link #concurrency()} fails start-up.
	 * @return the concurrency as text, or an empty string
	 */
	String concurrencyString() default "";

	/**
	 * Attempts before a task of this type fails for good; {@code 0} uses
	 * {@code taskqueue.queues.<name>.max-attempts}, then
	 * {@code taskqueue.defaults.max-attempts}.
	 * @return the maximum number of attempts, or 0
	 */
	int maxAttempts() default 0;

	/**
	 * {@link #maxAttempts()} as text, for a {@code ${...}} placeholder such as
	 * {@code "${app.email-attempts:3}"}; it must resolve to a whole number from 0 up.
	 * Empty (or resolving to empty) means not set. Setting both this and
	 * {@link #maxAttempts()} fails start-up.
	 * @return the maximum number of attempts as text, or an empty string
	 */
	String maxAttemptsString() default "";

	/**
	 * How long one attempt may run before it is interrupted and fails with a timeout, as
	 * a duration such as {@code "30s"}, {@code "5m"} or {@code "PT1H"}; empty uses
	 * {@code taskqueue.queues.<name>.timeout}, then {@code taskqueue.defaults.timeout}.
	 * @return the timeout, or an empty string
	 */
	String timeout() default "";

	/**
	 * The priority of tasks of this type unless enqueued with their own: a name
	 * ({@code "low"}, {@code "normal"}, {@code "high"}, {@code "critical"}; see
	 * {@link Priority}) or an integer such as {@code "15"} or {@code "-5"}; higher runs
	 * first. Empty means normal (0).
	 * @return the priority, or an empty string
	 */
	String priority() default "";

	/**
	 * The delay between attempts of tasks of this type unless enqueued with their own, as
	 * comma-separated {@code key=value} pairs with the keys of
	 * {@code taskqueue.defaults.backoff.*}: {@code type} ({@code fixed} or
	 * {@code exponential}, the default), {@code delay} (required), {@code max-delay} (for
	 * exponential backoff; one day, or the delay if longer, when left out) and
	 * {@code jitter} (0 to 1, default 0). For example {@code "type=fixed, delay=10s"} or
	 * {@code "delay=1s, max-delay=5m, jitter=0.2"}. Durations are written as for
	 * {@link #timeout()}. Empty uses {@code taskqueue.queues.<name>.backoff.*}, then
	 * {@code taskqueue.defaults.backoff.*}.
	 * @return the backoff, or an empty string
	 */
	String backoff() default "";

}
