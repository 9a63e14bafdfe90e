package dev.taskqueue;

/**
 * What a running handler knows about its attempt. One instance per attempt; safe to use
 * from the handler's thread and threads it starts.
 */
public interface TaskContext {

	/**
	 * The task's id.
	 * @return the id
	 */
	String taskId();

	/**
	 * The task's type.
	 * @return the type
	 */
	String type();

	/**
	 * The queue the task runs in.
	 * @return the queue name
	 */
	String queue();

	/**
	 * Which attempt this is, 1 on the first run.
	 * @return the attempt number
	 */
	int attempt();

	/**
	 * Reports progress. Writes are throttled, so calling this often is cheap.
	 * @param percentage 0 to 100
	 * @param message a short note, or {@code null}
	 */
	void progress(int percentage, String message);

	/**
	 * Reports progress with counts. Writes are throttled, so calling this often is cheap.
	 * @param percentage 0 to 100
	 * @param current units done
	 * @param total units in all
	 * @param message a short note, or {@code null}
	 */
	void progress(int percentage, long current, long total, String message);

	/**
	 * Whether the task was cancelled (or its lease lost) while running. The handler's
	 * thread is also interrupted; long loops should check this and stop.
	 * @return true once cancelled
	 */
	boolean isCancelled();

}
