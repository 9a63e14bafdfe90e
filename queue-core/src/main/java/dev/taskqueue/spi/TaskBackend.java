package dev.taskqueue.spi;

/**
 * Where tasks live: the contract every backend fulfils, proven by the contract test
 * suite, as the sum of its roles (storing and reading, working, maintenance,
 * administration, events, the registry of instances, and through {@link #schedules()} the
 * recurring schedules), so that a part of the engine depends only on what it uses. The
 * engine holds the policy (defaults, retries, backoff, timeouts, repeats); a backend
 * stores state and makes each change atomic, so that engines sharing one backend never
 * run a task twice at once nor lose one. Thread-safe; time comes from the backend's
 * {@link java.time.Clock}.
 */
public interface TaskBackend extends TaskRepository, TaskWorkQueue, TaskMaintenance, TaskAdministration,
		TaskEventSource, InstanceRegistry, AutoCloseable {

	/**
	 * The backend's recurring schedules, which live beside its tasks.
	 * @return the schedule store
	 */
	ScheduleStore schedules();

	/** Releases the backend's threads and connections; keeps the data. */
	@Override
	void close();

}
