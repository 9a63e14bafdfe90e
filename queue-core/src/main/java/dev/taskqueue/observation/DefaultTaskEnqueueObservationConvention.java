package dev.taskqueue.observation;

import dev.taskqueue.observation.TaskObservationDocumentation.HighCardinalityKeyNames;
import dev.taskqueue.observation.TaskObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@link TaskEnqueueObservationConvention}: name {@code taskqueue.enqueue},
 * contextual name {@code enqueue <type>}, the key values of
 * {@link TaskObservationDocumentation#ENQUEUE}.
 */
public class DefaultTaskEnqueueObservationConvention implements TaskEnqueueObservationConvention {

	/** The observation's name. */
	public static final String NAME = "taskqueue.enqueue";

	static final String UNKNOWN = "unknown";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(TaskEnqueueContext context) {
		return "enqueue " + orUnknown(context.getType());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(TaskEnqueueContext context) {
		return KeyValues.of(LowCardinalityKeyNames.QUEUE.withValue(orUnknown(context.getQueue())),
				LowCardinalityKeyNames.TYPE.withValue(orUnknown(context.getType())),
				LowCardinalityKeyNames.OUTCOME.withValue(orUnknown(context.getOutcome())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(TaskEnqueueContext context) {
		return (context.getTaskId() != null)
				? KeyValues.of(HighCardinalityKeyNames.TASK_ID.withValue(context.getTaskId())) : KeyValues.empty();
	}

	static String orUnknown(String value) {
		return (value != null) ? value : UNKNOWN;
	}

}
