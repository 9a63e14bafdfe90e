package dev.taskqueue.spi;

import java.util.Set;
import java.util.function.Consumer;

import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;

/**
 * Where events come from: every state change publishes its {@link TaskEvent} to the sinks
 * that asked for its type, from every instance sharing the backend. A backend builds (or
 * writes and reads) an event only when some sink asked for its type, so an instance
 * nobody listens to pays nothing; {@link EventOutlet} keeps the sinks. Thread-safe.
 */
public interface TaskEventSource {

	/**
	 * Delivers to a sink the events of the given types, replacing what it asked for
	 * before (none ends its delivery), from the next change on. Per queue, events arrive
	 * in order. The sink is called on a backend thread, maybe under a lock: it must not
	 * block. An exception it throws is logged.
	 * @param sink where the events go
	 * @param types the event types it wants, possibly none
	 */
	void deliverEvents(Consumer<TaskEvent> sink, Set<TaskEventType> types);

	/**
	 * Tells the sinks of every instance sharing the backend, this one's included, that a
	 * queue's worker started or stopped on an instance. It changes no task nor queue: it
	 * is only an event, in the queue's order of events, built (and on a shared backend
	 * written) only when some sink, here or elsewhere, wants its type. Only the workers
	 * of queues the backend knows (queues that have held a task) are announced: a worker
	 * started on a queue nobody has used yet is not.
	 * @param type {@link TaskEventType#WORKER_STARTED} or
	 * {@link TaskEventType#WORKER_STOPPED}
	 * @param queue the worker's queue
	 * @param instanceId the instance the worker runs on
	 * @throws IllegalArgumentException if the type is not a worker event
	 */
	void announceWorker(TaskEventType type, String queue, String instanceId);

}
