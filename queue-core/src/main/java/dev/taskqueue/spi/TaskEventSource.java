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

}
