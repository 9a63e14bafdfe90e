package dev.taskqueue.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the {@code taskqueue.enqueue} observation; implement it (or
 * extend {@link DefaultTaskEnqueueObservationConvention}) to change them.
 */
public interface TaskEnqueueObservationConvention extends ObservationConvention<TaskEnqueueContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof TaskEnqueueContext;
	}

}
