package dev.taskqueue.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and key values of the {@code taskqueue.process} observation; implement it (or
 * extend {@link DefaultTaskProcessObservationConvention}) to change them.
 */
public interface TaskProcessObservationConvention extends ObservationConvention<TaskProcessContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof TaskProcessContext;
	}

}
