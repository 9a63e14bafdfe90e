package dev.taskqueue.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations the engine makes: their names and key values.
 */
public enum TaskObservationDocumentation implements ObservationDocumentation {

	/**
	 * Enqueueing one task, on the caller's thread: making it and storing it. The trace
	 * context of this observation travels with the task, in its headers.
	 */
	ENQUEUE {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultTaskEnqueueObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.QUEUE, LowCardinalityKeyNames.TYPE,
					LowCardinalityKeyNames.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.TASK_ID };
		}
	},

	/**
	 * One attempt of one task, on the worker thread: its handler runs in the scope of
	 * this observation, which continues the trace of the enqueue.
	 */
	PROCESS {
		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultTaskProcessObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { LowCardinalityKeyNames.QUEUE, LowCardinalityKeyNames.TYPE,
					LowCardinalityKeyNames.OUTCOME };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { HighCardinalityKeyNames.TASK_ID, HighCardinalityKeyNames.ATTEMPT };
		}
	};

	/** Key values for metrics and traces. */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The task's queue ({@code unknown} when enqueueing failed before it was known).
		 */
		QUEUE {
			@Override
			public String asString() {
				return "taskqueue.queue";
			}
		},

		/** The task type. */
		TYPE {
			@Override
			public String asString() {
				return "taskqueue.type";
			}
		},

		/**
		 * How it ended: for an enqueue {@code created}, {@code duplicate} (an idempotency
		 * key matched a task), {@code deferred} (stored after the caller's transaction
		 * commits), {@code discarded} (that transaction rolled back) or {@code error};
		 * for a run {@code completed}, {@code retrying}, {@code failed},
		 * {@code cancelled} (cancelled, removed or its lease lost), {@code released}
		 * (handed back as the engine stopped) or {@code error}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		}

	}

	/** Key values for traces only. */
	public enum HighCardinalityKeyNames implements KeyName {

		/** The task's id. */
		TASK_ID {
			@Override
			public String asString() {
				return "taskqueue.task.id";
			}
		},

		/** The attempt's number, from 1. */
		ATTEMPT {
			@Override
			public String asString() {
				return "taskqueue.task.attempt";
			}
		}

	}

}
