package dev.taskqueue.boot.web;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.event.TaskEventListener;

/**
 * Wraps a task queue to see which listeners are registered through it, so tests can check
 * that streams stop listening when they end.
 */
final class ListenerTracker {

	private final Set<TaskEventListener> listeners = ConcurrentHashMap.newKeySet();

	private final TaskQueue taskQueue;

	ListenerTracker(TaskQueue delegate) {
		this.taskQueue = (TaskQueue) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { TaskQueue.class }, (proxy, method, args) -> {
					if (method.getName().equals("addListener")) {
						this.listeners.add((TaskEventListener) args[0]);
					}
					else if (method.getName().equals("removeListener")) {
						this.listeners.remove(args[0]);
					}
					try {
						return method.invoke(delegate, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	/**
	 * The wrapped task queue.
	 * @return a task queue that records listener registrations
	 */
	TaskQueue taskQueue() {
		return this.taskQueue;
	}

	/**
	 * How many listeners are registered through the wrapper now.
	 * @return the count
	 */
	int listeners() {
		return this.listeners.size();
	}

}
