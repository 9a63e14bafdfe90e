package dev.taskqueue.boot.web;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.taskqueue.Task;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;

/**
 * One open Server-Sent Events stream: a task queue listener that forwards the events it
 * selects to an {@link SseEmitter}.
 * <p>
 * Listeners run on the queue's single event thread, and writing to a slow client blocks,
 * so events are buffered here and written on an executor, one write at a time per stream.
 * A client that falls {@value #CAPACITY} events behind is disconnected rather than
 * allowed to hold memory. Thread-safe.
 */
final class SseSubscription implements TaskEventListener {

	private static final Log logger = LogFactory.getLog(SseSubscription.class);

	static final int CAPACITY = 1000;

	private static final Object COMPLETE = new Object();

	private final SseEmitter emitter;

	private final Predicate<TaskEvent> filter;

	private final boolean endOnFinalEvent;

	private final TaskRedaction redaction;

	private final Executor executor;

	private final Consumer<SseSubscription> onClose;

	private final BlockingDeque<Object> pending = new LinkedBlockingDeque<>(CAPACITY);

	private final AtomicBoolean draining = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean started;

	/**
	 * Creates a subscription that buffers events until
	 * {@link #start(SseEmitter.SseEventBuilder)}.
	 * @param emitter the stream
	 * @param filter which events to forward
	 * @param endOnFinalEvent whether a final event ({@code completed}, {@code failed},
	 * {@code cancelled}, {@code removed}) ends the stream
	 * @param redaction what of a task an event shows
	 * @param executor where events are written
	 * @param onClose called once when the stream ends, for whatever reason
	 */
	SseSubscription(SseEmitter emitter, Predicate<TaskEvent> filter, boolean endOnFinalEvent, TaskRedaction redaction,
			Executor executor, Consumer<SseSubscription> onClose) {
		this.emitter = emitter;
		this.redaction = redaction;
		this.filter = filter;
		this.endOnFinalEvent = endOnFinalEvent;
		this.executor = executor;
		this.onClose = onClose;
		emitter.onCompletion(this::close);
		emitter.onTimeout(this::close);
		emitter.onError((ex) -> close());
	}

	boolean isClosed() {
		return this.closed.get();
	}

	@Override
	public void onEvent(TaskEvent event) {
		if (this.closed.get() || !this.filter.test(event)) {
			return;
		}
		offer(toSse(event, this.redaction));
		if (this.endOnFinalEvent && event.type().isFinal()) {
			offer(COMPLETE);
		}
	}

	/**
	 * Sends a first event ahead of anything buffered, then lets events flow.
	 * @param first the first event, or {@code null}
	 * @param complete whether to end the stream right after the first event
	 */
	void start(SseEmitter.SseEventBuilder first, boolean complete) {
		if (complete) {
			this.pending.clear();
		}
		if (first != null && !this.pending.offerFirst(first)) {
			overflow();
			return;
		}
		if (complete) {
			offer(COMPLETE);
		}
		this.started = true;
		scheduleDrain();
	}

	/**
	 * Sends a comment line, which keeps proxies from closing an idle stream and detects
	 * clients that went away.
	 */
	void heartbeat() {
		if (this.started && this.pending.isEmpty()) {
			offer(SseEmitter.event().comment("heartbeat"));
		}
	}

	/**
	 * Ends the stream, for example on shutdown.
	 */
	void complete() {
		if (!this.closed.get()) {
			close();
			end(null);
		}
	}

	private void offer(Object item) {
		if (this.closed.get()) {
			return;
		}
		if (!this.pending.offerLast(item)) {
			overflow();
			return;
		}
		scheduleDrain();
	}

	private void overflow() {
		logger.warn("Closing a task event stream whose client is " + CAPACITY + " events behind");
		close();
		end(null);
	}

	private void scheduleDrain() {
		if (this.started && !this.closed.get() && !this.pending.isEmpty() && this.draining.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				this.draining.set(false);
				complete();
			}
		}
	}

	private void drain() {
		try {
			Object item;
			while (!this.closed.get() && (item = this.pending.poll()) != null) {
				if (item == COMPLETE) {
					close();
					end(null);
					return;
				}
				this.emitter.send((SseEmitter.SseEventBuilder) item);
			}
		}
		catch (IOException | RuntimeException ex) {
			// The client went away (or the response is no longer usable): stop listening.
			logger.debug("Task event stream closed: " + ex);
			close();
			end(ex);
			return;
		}
		finally {
			this.draining.set(false);
		}
		// An event may have arrived after the loop saw an empty buffer.
		scheduleDrain();
	}

	/**
	 * Ends the response; a response that can no longer be ended (its client went away, or
	 * its request is still being set up) is left to the container.
	 */
	private void end(Throwable failure) {
		try {
			if (failure != null) {
				this.emitter.completeWithError(failure);
			}
			else {
				this.emitter.complete();
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Task event stream could not be ended: " + ex);
		}
	}

	private void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.pending.clear();
			this.onClose.accept(this);
		}
	}

	static SseEmitter.SseEventBuilder toSse(TaskEvent event, TaskRedaction redaction) {
		Object data = (event.task() != null) ? redaction.apply(event.task()) : describe(event);
		return SseEmitter.event().name(event.type().value()).data(data, MediaType.APPLICATION_JSON);
	}

	static SseEmitter.SseEventBuilder toSse(String name, Task task) {
		return SseEmitter.event().name(name).data(task, MediaType.APPLICATION_JSON);
	}

	private static Map<String, Object> describe(TaskEvent event) {
		if (event.taskId() != null) {
			return Map.of("id", event.taskId(), "queue", event.queue());
		}
		if (event.type().isWorkerEvent()) {
			return Map.of("queue", event.queue(), "instanceId", String.valueOf(event.instanceId()));
		}
		return (event.scheduleId() != null) ? Map.of("scheduleId", event.scheduleId(), "queue", event.queue())
				: Map.of("queue", event.queue());
	}

}
