package dev.taskqueue.observation;

import dev.taskqueue.Task;
import dev.taskqueue.observation.TaskObservationDocumentation.HighCardinalityKeyNames;
import dev.taskqueue.observation.TaskObservationDocumentation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValues;

/**
 * The default {@link TaskProcessObservationConvention}: name {@code taskqueue.process},
 * contextual name {@code process <type>}, the key values of
 * {@link TaskObservationDocumentation#PROCESS}.
 */
public class DefaultTaskProcessObservationConvention implements TaskProcessObservationConvention {

	/** The observation's name. */
	public static final String NAME = "taskqueue.process";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(TaskProcessContext context) {
		return "process " + context.getTask().type();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(TaskProcessContext context) {
		Task task = context.getTask();
		return KeyValues.of(LowCardinalityKeyNames.QUEUE.withValue(task.queue()),
				LowCardinalityKeyNames.TYPE.withValue(task.type()), LowCardinalityKeyNames.OUTCOME
					.withValue(DefaultTaskEnqueueObservationConvention.orUnknown(context.getOutcome())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(TaskProcessContext context) {
		Task task = context.getTask();
		return KeyValues.of(HighCardinalityKeyNames.TASK_ID.withValue(task.id()),
				HighCardinalityKeyNames.ATTEMPT.withValue(Integer.toString(task.attempts())));
	}

}
