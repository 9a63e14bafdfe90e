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

}
