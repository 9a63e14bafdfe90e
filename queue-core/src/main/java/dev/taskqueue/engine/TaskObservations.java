package dev.taskqueue.engine;

import dev.taskqueue.Task;
import dev.taskqueue.observation.DefaultTaskEnqueueObservationConvention;
import dev.taskqueue.observation.DefaultTaskProcessObservationConvention;
import dev.taskqueue.observation.TaskEnqueueContext;
import dev.taskqueue.observation.TaskEnqueueObservationConvention;
import dev.taskqueue.observation.TaskObservationDocumentation;
import dev.taskqueue.observation.TaskProcessContext;
import dev.taskqueue.observation.TaskProcessObservationConvention;
import dev.taskqueue.spi.TaskOutcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Starts the engine's observations ({@link TaskObservationDocumentation}). With the no-op
 * registry, the default, it makes no context and no header map: every call returns a
 * shared no-op. Thread-safe.
 */
final class TaskObservations {

	private static final DefaultTaskEnqueueObservationConvention DEFAULT_ENQUEUE = new DefaultTaskEnqueueObservationConvention();

	private static final DefaultTaskProcessObservationConvention DEFAULT_PROCESS = new DefaultTaskProcessObservationConvention();

	private final ObservationRegistry registry;

	private final TaskEnqueueObservationConvention enqueueConvention;

	private final TaskProcessObservationConvention processConvention;

	TaskObservations(ObservationRegistry registry, TaskEnqueueObservationConvention enqueueConvention,
			TaskProcessObservationConvention processConvention) {
		this.registry = (registry != null) ? registry : ObservationRegistry.NOOP;
		this.enqueueConvention = enqueueConvention;
		this.processConvention = processConvention;
	}

	/**
	 * Starts observing the enqueue of one task.
	 * @param type the task type, as the caller gave it
	 * @return the started observation
	 */
	EnqueueObservation enqueue(String type) {
		if (this.registry.isNoop()) {
			return EnqueueObservation.NOOP;
		}
		TaskEnqueueContext context = new TaskEnqueueContext(type);
		Observation observation = TaskObservationDocumentation.ENQUEUE
			.observation(this.enqueueConvention, DEFAULT_ENQUEUE, () -> context, this.registry)
			.start();
		return observation.isNoop() ? EnqueueObservation.NOOP : new EnqueueObservation(observation, context);
	}

	/**
	 * Starts observing an attempt of a task; the caller opens its scope around the
	 * handler.
	 * @param task the task as claimed
	 * @return the started observation, with a {@link TaskProcessContext}, or
	 * {@link Observation#NOOP}
	 */
	Observation process(Task task) {
		if (this.registry.isNoop()) {
			return Observation.NOOP;
		}
		return TaskObservationDocumentation.PROCESS
			.observation(this.processConvention, DEFAULT_PROCESS, () -> new TaskProcessContext(task), this.registry)
			.start();
	}

	/**
	 * Stops the observation of an attempt with its outcome.
	 * @param observation the observation {@link #process} started
	 * @param outcome the outcome to record, or {@code null} for none
	 * @param failure what failed the attempt, or {@code null}
	 * @param engineError what the engine threw while running it, or {@code null}
	 * @param released whether the engine handed the task back as it stopped
	 */
	static void stopProcess(Observation observation, TaskOutcome outcome, Throwable failure, Throwable engineError,
			boolean released) {
		String name;
		Throwable error = null;
		if (engineError != null) {
			name = "error";
			error = engineError;
		}
		else if (outcome instanceof TaskOutcome.Completed) {
			name = "completed";
		}
		else if (outcome instanceof TaskOutcome.Failed failed) {
			name = (failed.retryAt() != null) ? "retrying" : "failed";
			error = failure;
		}
		else {
			// nothing to record: the handler's failure, if any, is the interrupt's
			name = released ? "released" : "cancelled";
		}
		if (observation.getContext() instanceof TaskProcessContext context) {
			context.setOutcome(name);
		}
		if (error != null) {
			observation.error(error);
		}
		observation.stop();
	}

}
