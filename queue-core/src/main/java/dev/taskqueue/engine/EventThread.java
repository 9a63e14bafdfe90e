package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

import dev.taskqueue.event.TaskEvent;

/**
 * One daemon thread that hands events to a consumer in the order they were offered, so
 * that whoever offers them (a backend holding its lock, a Redis reader) never waits for a
 * listener. The buffer is bounded: when the consumer falls behind by more than its
 * capacity, the newest events are dropped and a warning is logged (at 1, 2, 4, ...
 * dropped) rather than letting memory grow. Thread-safe.
 */
final class EventThread {

	private static final System.Logger logger = System.getLogger(EventThread.class.getName());

	private final BlockingQueue<TaskEvent> buffer;

	private final Consumer<TaskEvent> consumer;

	private final Thread thread;

	private long dropped;

	private volatile boolean closed;

	/**
	 * Starts the thread.
	 * @param capacity how many undelivered events to buffer
	 * @param consumer what each event is handed to
	 */
	EventThread(int capacity, Consumer<TaskEvent> consumer) {
		this.buffer = new ArrayBlockingQueue<>(capacity);
		this.consumer = consumer;
		this.thread = new Thread(this::loop, "taskqueue-events");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Buffers an event for delivery; never blocks.
	 * @param event the event
	 */
	void offer(TaskEvent event) {
		if (this.closed) {
			return;
		}
		if (!this.buffer.offer(event)) {
			long count;
			synchronized (this) {
				count = ++this.dropped;
			}
			if (Long.bitCount(count) == 1) {
				logger.log(Level.WARNING, "Task event listeners are too slow; {0} events dropped so far", count);
			}
		}
	}

	private void loop() {
		while (true) {
			TaskEvent event;
			try {
				event = this.buffer.take();
			}
			catch (InterruptedException ex) {
				// close(): deliver what is left, then end
				TaskEvent rest;
				while ((rest = this.buffer.poll()) != null) {
					this.consumer.accept(rest);
				}
				return;
			}
			this.consumer.accept(event);
		}
	}

	/** Delivers what is buffered (waiting up to a second) and ends the thread. */
	void close() {
		this.closed = true;
		this.thread.interrupt();
		if (Thread.currentThread() == this.thread) {
			return;
		}
		try {
			this.thread.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
