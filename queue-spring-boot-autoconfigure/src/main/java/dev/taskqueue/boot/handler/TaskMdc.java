package dev.taskqueue.boot.handler;

import org.slf4j.MDC;

import org.springframework.util.ClassUtils;

import dev.taskqueue.TaskContext;

/**
 * The task a handler runs, in SLF4J's MDC while it runs ({@code taskId},
 * {@code taskType}, {@code taskQueue}, {@code taskAttempt}), so that the handler's log
 * lines can show it (for example {@code %X{taskId}} in a Logback pattern). Nothing
 * happens when SLF4J is not on the class path.
 */
final class TaskMdc {

	/** The keys, in the order they are put. */
	static final String[] KEYS = { "taskId", "taskType", "taskQueue", "taskAttempt" };

	private static final boolean PRESENT = ClassUtils.isPresent("org.slf4j.MDC", TaskMdc.class.getClassLoader());

	private TaskMdc() {
	}

	/**
	 * Puts the task in the MDC of the calling thread.
	 * @param context the task
	 * @return removes the keys again
	 */
	static Scope open(TaskContext context) {
		if (!PRESENT) {
			return () -> {
			};
		}
		return Slf4j.put(context);
	}

	/** Removes what {@link #open} put; never throws. */
	interface Scope extends AutoCloseable {

		@Override
		void close();

	}

	/** Touches SLF4J only when it is present. */
	private static final class Slf4j {

		static Scope put(TaskContext context) {
			MDC.put(KEYS[0], context.taskId());
			MDC.put(KEYS[1], context.type());
			MDC.put(KEYS[2], context.queue());
			MDC.put(KEYS[3], Integer.toString(context.attempt()));
			return () -> {
				for (String key : KEYS) {
					MDC.remove(key);
				}
			};
		}

	}

}
