package dev.taskqueue.spi;

import java.util.Set;
import java.util.function.Consumer;

import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;

/**
 * Where events come from: every state change publishes its {@link TaskEvent}, and a
 * backend hands the events that were asked for to the sinks that asked, from every
 * instance that shares it (its own included). {@link EventOutlet} keeps the sinks and
 * what they asked for, so that a backend only has to build and publish.
 * <p>
 * Demand is explicit: a backend builds (or, when shared, writes and reads) an event only
 * when some sink asked for its type, so that an instance nobody listens to pays nothing
 * for events. Thread-safe.
 */
public interface TaskEventSource {

	/**
	 * Delivers to a sink the events of the given types. A later call for the same sink
	 * replaces its types; an empty set ends its delivery. Events of a type newly asked
	 * for are delivered when the change that makes them happens after this method
	 * returns. Per queue, events arrive in the order of the changes. The sink is called
	 * on a thread of the backend, possibly while the backend holds a lock: it must hand
	 * the event on without blocking. An exception it throws is logged and does not stop
	 * delivery.
	 * @param sink where the events go
	 * @param types the event types it wants, possibly none
	 */
	void deliverEvents(Consumer<TaskEvent> sink, Set<TaskEventType> types);

}
