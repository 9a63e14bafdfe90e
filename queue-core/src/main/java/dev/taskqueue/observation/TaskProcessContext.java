package dev.taskqueue.observation;

import java.util.Locale;
import java.util.Map;

import dev.taskqueue.Task;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The context of the {@code taskqueue.process} observation: one attempt of a task. Its
 * carrier is the task's headers, from which a propagating handler (Micrometer Tracing's)
 * reads the trace context of the enqueue. Not thread-safe: one attempt's.
 */
public class TaskProcessContext extends ReceiverContext<Map<String, String>> {

	private final Task task;

	private String outcome;

	/**
	 * A context for an attempt of a task.
	 * @param task the task as claimed (its {@link Task#attempts()} counts this attempt)
	 */
	public TaskProcessContext(Task task) {
		// names are stored in lower case (TaskHeaders.bounded); propagators may ask in
		// any
		super((carrier, key) -> carrier.get(key.toLowerCase(Locale.ROOT)));
		this.task = task;
		setCarrier(task.headers());
	}

	/**
	 * The task as claimed.
	 * @return the task
	 */
	public Task getTask() {
		return this.task;
	}

	/**
	 * How the attempt ended: {@code completed}, {@code retrying}, {@code failed},
	 * {@code cancelled}, {@code released} or {@code error}.
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
