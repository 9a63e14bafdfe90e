package dev.taskqueue.spi;

/**
 * Where tasks live: the contract every backend (in memory, Redis, ...) fulfils, proven by
 * the contract test suite. It is the sum of its roles, each an interface of its own so
 * that a part of the engine depends only on what it uses:
 * <ul>
 * <li>{@link TaskRepository}: storing and reading tasks;</li>
 * <li>{@link TaskWorkQueue}: claiming under a lease, waiting for work, recording
 * outcomes;</li>
 * <li>{@link TaskMaintenance}: promoting due tasks, recovering stalled ones,
 * retention;</li>
 * <li>{@link TaskAdministration}: retry, cancel, remove, and the queue operations;</li>
 * <li>{@link TaskEventSource}: the events of every change, as asked for.</li>
 * </ul>
 * The engine holds the policy (defaults, retries, backoff, timeouts, repeats); a backend
 * stores state and makes each state change atomic, so that any number of engines sharing
 * one backend never run a task twice at once nor lose one. Every method exists because
 * every backend needs it.
 * <p>
 * All methods are thread-safe. Time comes from the backend's {@link java.time.Clock}.
 */
public interface TaskBackend
		extends TaskRepository, TaskWorkQueue, TaskMaintenance, TaskAdministration, TaskEventSource, AutoCloseable {

	/**
	 * Releases the backend's threads and connections and ends event delivery. Does not
	 * delete data.
	 */
	@Override
	void close();

}
