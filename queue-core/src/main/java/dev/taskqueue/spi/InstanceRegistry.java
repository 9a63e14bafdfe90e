package dev.taskqueue.spi;

import java.time.Duration;
import java.util.List;

import dev.taskqueue.TaskInstance;

/**
 * Who is alive: each running engine announces itself here now and then (a heartbeat), so
 * that an operator sees every instance sharing the backend, its application, version and
 * queues. Not on any task's path: an engine writes one heartbeat per interval, whatever
 * it runs. Thread-safe.
 * <p>
 * A record is listed from its heartbeat until {@code ttl} after it, by the backend's
 * clock, unless a later heartbeat of the same id replaces it or the instance leaves.
 */
public interface InstanceRegistry {

	/**
	 * Writes an instance's record, replacing any of the same id, listed until {@code ttl}
	 * after now.
	 * @param instance the record
	 * @param ttl how long it is listed without another heartbeat (positive)
	 */
	void heartbeat(TaskInstance instance, Duration ttl);

	/**
	 * Removes an instance's record at once (it stopped); nothing happens for an unknown
	 * id.
	 * @param id the instance's id
	 */
	void leave(String id);

	/**
	 * The records whose time has not run out, in no particular order; expired ones may be
	 * removed on the way.
	 * @return the instances
	 */
	List<TaskInstance> instances();

}
