package dev.taskqueue.observation;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;

/**
 * The context of the {@code taskqueue.enqueue} observation. Its carrier is the header map
 * the new task will carry: a propagating handler (Micrometer Tracing's) writes the trace
 * context into it when the observation starts. Not thread-safe: one enqueue's.
 */
public class TaskEnqueueContext extends SenderContext<Map<String, String>> {

	private final String type;

	private String queue;

	private String taskId;

	private String outcome;

	/**
	 * A context for enqueueing a task of a type.
	 * @param type the task type
	 */
	public TaskEnqueueContext(String type) {
		super((carrier, key, value) -> {
			if (carrier != null && key != null && value != null) {
				carrier.put(key, value);
			}
		});
		this.type = type;
		setCarrier(new HashMap<>(4));
	}

	/**
	 * The task type.
	 * @return the type, as the caller gave it
	 */
	public String getType() {
		return this.type;
	}

	/**
	 * The task's queue, once known.
	 * @return the queue, or {@code null}
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * Sets the queue.
	 * @param queue the queue
	 */
	public void setQueue(String queue) {
		this.queue = queue;
	}

	/**
	 * The new task's id, once made; for a duplicate, the id of the task that matched.
	 * @return the id, or {@code null}
	 */
	public String getTaskId() {
		return this.taskId;
	}

	/**
	 * Sets the task's id.
	 * @param taskId the id
	 */
	public void setTaskId(String taskId) {
		this.taskId = taskId;
	}

	/**
	 * How the enqueue ended: {@code created}, {@code duplicate}, {@code deferred} (stored
	 * after the caller's transaction commits), {@code discarded} (its transaction rolled
	 * back) or {@code error}.
	 * @return the outcome, or {@code null} while it runs
	 */
	public String getOutcome() {
		return this.outcome;
	}

	/**
	 * Sets the outcome.
	 * @param outcome the outcome
	 */
	public void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
