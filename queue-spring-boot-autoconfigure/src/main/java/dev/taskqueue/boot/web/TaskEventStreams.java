package dev.taskqueue.boot.web;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.taskqueue.Task;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.event.TaskEvent;

/**
 * Opens Server-Sent Events streams of task events, sends heartbeats on them and closes
 * them all when the application stops (so open streams do not hold up a graceful
 * shutdown). Streams never time out on their own; a heartbeat write to a client that went
 * away ends its stream. At most {@code maxStreams} are open at once: one more is refused
 * ({@link TooManyStreamsException}, answered with 503), so that clients cannot hold
 * unbounded memory in stream buffers. Thread-safe.
 */
public class TaskEventStreams implements SmartLifecycle, DisposableBean {

	/** The default interval between heartbeat comments. */
	public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

	/** How many streams may be open at once by default. */
	public static final int DEFAULT_MAX_STREAMS = 1000;

	private final TaskQueue taskQueue;

	private final Duration heartbeat;

	private final TaskRedaction redaction;

	private final int maxStreams;

	private final AtomicInteger open = new AtomicInteger();

	private final Set<SseSubscription> subscriptions = ConcurrentHashMap.newKeySet();

	private final ExecutorService writers;

	private ScheduledExecutorService timer;

	private volatile boolean running;

	/**
	 * Creates the streams of a task queue.
	 * @param taskQueue the task queue
	 * @param heartbeat the interval between heartbeat comments
	 */
	public TaskEventStreams(TaskQueue taskQueue, Duration heartbeat) {
		this(taskQueue, heartbeat, false, DEFAULT_MAX_STREAMS);
	}

	/**
	 * Creates the streams of a task queue.
	 * @param taskQueue the task queue
	 * @param heartbeat the interval between heartbeat comments
	 * @param exposeStackTraces whether the tasks in events show their error's stack trace
	 * @param maxStreams how many streams may be open at once; more are refused
	 */
	public TaskEventStreams(TaskQueue taskQueue, Duration heartbeat, boolean exposeStackTraces, int maxStreams) {
		if (maxStreams < 1) {
			throw new IllegalArgumentException("taskqueue.web.max-event-streams must be at least 1, was " + maxStreams);
		}
		this.taskQueue = taskQueue;
		this.heartbeat = heartbeat;
		this.redaction = new TaskRedaction(exposeStackTraces);
		this.maxStreams = maxStreams;
		// One writer thread per stream at most, and only while it has events to write.
		this.writers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				daemonThreads("taskqueue-sse-"));
	}

	/**
	 * Opens a stream of one task's events. It starts with the task's current state (event
	 * named after its status) and ends after a final event; a task that is already final
	 * gets its state and the end at once.
	 * @param id the task id
	 * @return the stream
	 * @throws TaskNotFoundException if the task does not exist
	 */
	public SseEmitter task(String id) {
		SseEmitter emitter = new SseEmitter(0L);
		// Listen before reading the state, so that no event falls between the two.
		SseSubscription subscription = subscribe(emitter, (event) -> id.equals(event.taskId()), true);
		Optional<Task> task;
		try {
			task = this.taskQueue.get(id);
		}
		catch (RuntimeException ex) {
			subscription.complete();
			throw ex;
		}
		if (task.isEmpty()) {
			subscription.complete();
			throw new TaskNotFoundException(id);
		}
		Task current = task.get();
		subscription.start(SseSubscription.toSse(current.status().value(), this.redaction.apply(current)),
				current.status().isFinal());
		return emitter;
	}

	/**
	 * Opens a stream of every task and queue event, optionally of one queue only. It
	 * starts with a {@code connected} comment and never ends on its own.
	 * @param queue the queue, or {@code null} for all
	 * @return the stream
	 */
	public SseEmitter all(String queue) {
		SseEmitter emitter = new SseEmitter(0L);
		SseSubscription subscription = subscribe(emitter, (event) -> queue == null || queue.equals(event.queue()),
				false);
		subscription.start(SseEmitter.event().comment("connected"), false);
		return emitter;
	}

	/**
	 * Checks that a task exists, as opening its stream would.
	 * @param id the task id
	 * @throws TaskNotFoundException if it does not
	 */
	public void checkExists(String id) {
		if (this.taskQueue.get(id).isEmpty()) {
			throw new TaskNotFoundException(id);
		}
	}

	/**
	 * How many streams are open.
	 * @return the count
	 */
	public int openStreams() {
		return this.subscriptions.size();
	}

	private SseSubscription subscribe(SseEmitter emitter, Predicate<TaskEvent> filter, boolean endOnFinalEvent) {
		if (this.open.incrementAndGet() > this.maxStreams) {
			this.open.decrementAndGet();
			throw new TooManyStreamsException(this.maxStreams);
		}
		SseSubscription subscription;
		try {
			subscription = new SseSubscription(emitter, filter, endOnFinalEvent, this.redaction, this.writers,
					this::closed);
		}
		catch (RuntimeException ex) {
			this.open.decrementAndGet();
			throw ex;
		}
		if (!this.running) {
			// Stopping or stopped: answer with an empty stream rather than one that
			// nobody would close.
			subscription.complete();
			return subscription;
		}
		this.subscriptions.add(subscription);
		this.taskQueue.addListener(subscription);
		if (!this.running) {
			subscription.complete();
		}
		if (subscription.isClosed()) {
			// closed by stop() before the listener was added
			this.taskQueue.removeListener(subscription);
		}
		return subscription;
	}

	private void closed(SseSubscription subscription) {
		this.open.decrementAndGet();
		this.subscriptions.remove(subscription);
		this.taskQueue.removeListener(subscription);
	}

	private void sendHeartbeats() {
		this.subscriptions.forEach(SseSubscription::heartbeat);
	}

	@Override
	public synchronized void start() {
		this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("taskqueue-sse-heartbeat-"));
		long millis = this.heartbeat.toMillis();
		this.timer.scheduleWithFixedDelay(this::sendHeartbeats, millis, millis, TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.running = false;
		this.subscriptions.forEach(SseSubscription::complete);
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void destroy() {
		stop();
		this.writers.shutdownNow();
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
