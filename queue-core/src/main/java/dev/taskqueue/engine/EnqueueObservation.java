package dev.taskqueue.engine;

import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import dev.taskqueue.TaskHeaders;
import dev.taskqueue.observation.TaskEnqueueContext;
import dev.taskqueue.spi.NewTask;
import io.micrometer.observation.Observation;

/**
 * One started {@code taskqueue.enqueue} observation: hands the trace context its handlers
 * wrote to the task it observes, and notes how the enqueue ended. {@link #NOOP} does
 * nothing and hands tasks through unchanged. Not thread-safe: one enqueue's.
 */
class EnqueueObservation {

	static final EnqueueObservation NOOP = new EnqueueObservation(Observation.NOOP, null);

	private final Observation observation;

	private final TaskEnqueueContext context;

	private String newTaskId;

	private boolean deferred;

	EnqueueObservation(Observation observation, TaskEnqueueContext context) {
		this.observation = observation;
		this.context = context;
	}

	/**
	 * The task, carrying the headers the observation's handlers wrote (within the rule of
	 * {@link TaskHeaders#bounded}).
	 * @param task the task as made
	 * @return the task to store
	 */
	NewTask task(NewTask task) {
		if (this.context == null) {
			return task;
		}
		this.newTaskId = task.id();
		this.context.setQueue(task.queue());
		this.context.setTaskId(task.id());
		Map<String, String> headers = TaskHeaders.bounded(this.context.getCarrier());
		return headers.isEmpty() ? task : task.withHeaders(headers);
	}

	/**
	 * Notes the queue of a task not made through {@link #task} (a repeating one).
	 * @param queue the queue
	 */
	void queue(String queue) {
		if (this.context != null) {
			this.context.setQueue(queue);
		}
	}

	/**
	 * Notes the id the enqueue returned: another than the new task's means that an
	 * idempotency key matched a task.
	 * @param id the id returned to the caller
	 * @return the id
	 */
	String stored(String id) {
		if (this.context != null) {
			this.context.setOutcome(this.deferred ? "deferred"
					: (this.newTaskId == null || this.newTaskId.equals(id)) ? "created" : "duplicate");
			this.context.setTaskId(id);
		}
		return id;
	}

	/**
	 * Notes that the task was handed to the {@link EnqueueDeferral}: stored after the
	 * caller's transaction commits, or never.
	 */
	void deferred() {
		if (this.context != null) {
			this.deferred = true;
		}
	}

	/**
	 * Notes that the enqueue failed, or, for a deferred one, that its transaction rolled
	 * back (outcome {@code discarded}, not an error).
	 * @param failure why
	 */
	void failed(Throwable failure) {
		if (this.context == null) {
			return;
		}
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		if (this.deferred && cause instanceof CancellationException) {
			this.context.setOutcome("discarded");
			return;
		}
		this.context.setOutcome("error");
		this.observation.error(failure);
	}

	Observation.Scope openScope() {
		return this.observation.openScope();
	}

	void stop() {
		this.observation.stop();
	}

}
