package dev.taskqueue.boot.autoconfigure;

import org.springframework.boot.logging.LogLevel;

/**
 * What the task queue logs about failed attempts, under {@code taskqueue.logging}. The
 * lines come from the logger {@code dev.taskqueue.engine.TaskExecution}.
 */
public class LoggingProperties {

	/**
	 * Level of the one line a failed attempt that will be retried logs (task, type,
	 * queue, attempt, delay, error; no stack trace). OFF for none.
	 */
	private LogLevel retriedAttempts = LogLevel.INFO;

	/**
	 * Level of the line, with the stack trace, a task that fails for good logs. OFF for
	 * none.
	 */
	private LogLevel failedTasks = LogLevel.WARN;

	public LogLevel getRetriedAttempts() {
		return this.retriedAttempts;
	}

	public void setRetriedAttempts(LogLevel retriedAttempts) {
		this.retriedAttempts = retriedAttempts;
	}

	public LogLevel getFailedTasks() {
		return this.failedTasks;
	}

	public void setFailedTasks(LogLevel failedTasks) {
		this.failedTasks = failedTasks;
	}

	/**
	 * The JDK's level for one of Spring Boot's.
	 * @param level the level, or {@code null} for none
	 * @return the JDK's level
	 */
	static System.Logger.Level jdkLevel(LogLevel level) {
		if (level == null) {
			return System.Logger.Level.OFF;
		}
		return switch (level) {
			case TRACE -> System.Logger.Level.TRACE;
			case DEBUG -> System.Logger.Level.DEBUG;
			case INFO -> System.Logger.Level.INFO;
			case WARN -> System.Logger.Level.WARNING;
			case ERROR, FATAL -> System.Logger.Level.ERROR;
			case OFF -> System.Logger.Level.OFF;
		};
	}

}
