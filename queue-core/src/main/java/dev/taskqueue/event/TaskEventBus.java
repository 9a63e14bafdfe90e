package dev.taskqueue.event;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers events to listeners on one daemon thread, in publication order, so publishers
 * (workers, request threads) never wait for a listener. The buffer is bounded: when
 * listeners fall behind by more than its capacity, the newest events are dropped and
 * counted rather than letting memory grow without limit.
 */
public final class TaskEventBus implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(TaskEventBus.class.getName());

	private final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();

	private final BlockingQueue<TaskEvent> buffer;

	private final AtomicLong dropped = new AtomicLong();

	private final Thread thread;

	private volatile boolean closed;

	/**
	 * Creates a bus and starts its thread.
	 * @param capacity how many undelivered events to buffer
	 */
	public TaskEventBus(int capacity) {
		this.buffer = new ArrayBlockingQueue<>(capacity);
		this.thread = new Thread(this::deliverLoop, "taskqueue-events");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Adds a listener.
	 * @param listener the listener
	 */
	public void addListener(TaskEventListener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Removes a listener.
	 * @param listener the listener
	 */
	public void removeListener(TaskEventListener listener) {
		this.listeners.remove(listener);
	}

	/**
	 * Whether a listener wants events of a type; publishers skip building events nobody
	 * wants.
	 * @param type the event type
	 * @return true if a listener accepts the type
	 */
	public boolean wants(TaskEventType type) {
		for (TaskEventListener listener : this.listeners) {
			if (listener.accepts(type)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Queues an event for delivery. Never blocks. Publishers check {@link #wants} first
	 * (and skip building the event); delivery skips listeners that do not accept its
	 * type.
	 * @param event the event
	 */
	public void publish(TaskEvent event) {
		if (this.closed) {
			return;
		}
		if (!this.buffer.offer(event)) {
			long count = this.dropped.incrementAndGet();
			if (Long.bitCount(count) == 1) {
				logger.log(Level.WARNING, "Task event listeners are too slow; {0} events dropped so far", count);
			}
		}
	}

	private void deliverLoop() {
		while (true) {
			TaskEvent event;
			try {
				event = this.buffer.take();
			}
			catch (InterruptedException ex) {
				// close(): deliver what is left, then stop
				TaskEvent rest;
				while ((rest = this.buffer.poll()) != null) {
					deliver(rest);
				}
				return;
			}
			deliver(event);
		}
	}

	private void deliver(TaskEvent event) {
		for (TaskEventListener listener : this.listeners) {
			if (!listener.accepts(event.type())) {
				continue;
			}
			try {
				listener.onEvent(event);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Task event listener " + listener + " failed on " + event.type(), ex);
			}
		}
	}

	/**
	 * Delivers what is buffered (waiting up to a second) and stops the thread.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.thread.interrupt();
		try {
			this.thread.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
