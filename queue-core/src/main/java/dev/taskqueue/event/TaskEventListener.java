package dev.taskqueue.event;

/**
 * Receives task events. Registered with the event types it wants
 * ({@link dev.taskqueue.TaskQueue#addListener(TaskEventListener, java.util.Set)}): a
 * backend builds, and on Redis writes and reads, only the events some listener asked for.
 * Called on an event thread, in the order the events were published; an exception thrown
 * here is logged and does not stop later events.
 */
@FunctionalInterface
public interface TaskEventListener {

	/**
	 * Handles one event.
	 * @param event the event
	 */
	void onEvent(TaskEvent event);

}
