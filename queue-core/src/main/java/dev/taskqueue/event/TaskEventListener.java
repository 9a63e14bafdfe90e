package dev.taskqueue.event;

/**
 * Receives task events. Called on an event thread, in the order the events were
 * published; an exception thrown here is logged and does not stop later events.
 */
@FunctionalInterface
public interface TaskEventListener {

	/**
	 * Handles one event.
	 * @param event the event
	 */
	void onEvent(TaskEvent event);

	/**
	 * Whether this listener wants events of a type at all. Backends build (or, on Redis,
	 * decode) an event only when some listener wants its type, so a listener that cares
	 * about a few types should say so: it keeps the hot path free of events nobody reads.
	 * @param type the event type
	 * @return true (the default) to receive events of that type
	 */
	default boolean accepts(TaskEventType type) {
		return true;
	}

}
