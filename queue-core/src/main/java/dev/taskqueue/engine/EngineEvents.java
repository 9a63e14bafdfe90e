package dev.taskqueue.engine;

import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.taskqueue.Task;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EventOutlet;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.TaskEventSource;
import dev.taskqueue.spi.TaskOutcome;

/**
 * The one way events reach listeners on this engine. A listener registers with the types
 * it wants, and with one of two scopes:
 * <ul>
 * <li><b>every instance</b> ({@link #addListener}): the changes of every instance sharing
 * the backend, this one's included, as the backend reports them. The union of these
 * listeners' types is the demand this engine hands the backend
 * ({@link TaskEventSource#deliverEvents}), so that the backend builds, writes and reads
 * only events someone here wants. They are delivered on one event thread, in order; a
 * slow listener delays the others but never a worker.</li>
 * <li><b>this instance</b> ({@link #addLocalListener}): the changes this engine made
 * itself (added, active, completed, retrying, failed; stalled for the expired leases its
 * housekeeping recovered, whether the task went back or failed; cancelled for the tasks
 * cancelled through it), told on the thread that made them, for per-instance figures such
 * as metrics: each change is told to exactly one engine. Nothing goes through the
 * backend.</li>
 * </ul>
 * The engine's own reaction to cancellations and removals is an every-instance listener
 * like any other. A listener that throws is logged and does not stop later events.
 * Thread-safe.
 */
final class EngineEvents {

	/** How many undelivered events the event thread buffers. */
	static final int CAPACITY = 65_536;

	private final TaskEventSource backend;

	private final Clock clock;

	/** Listeners of every instance's events, called on the event thread. */
	private final EventOutlet shared = new EventOutlet();

	/** Listeners of this engine's own changes, called on the thread that made them. */
	private final EventOutlet local = new EventOutlet();

	private final Map<TaskEventListener, Consumer<TaskEvent>> sharedSinks = new ConcurrentHashMap<>();

	private final Map<TaskEventListener, Consumer<TaskEvent>> localSinks = new ConcurrentHashMap<>();

	/** What the backend delivers to: the event thread. */
	private final Consumer<TaskEvent> fromBackend = this::offer;

	/** Runs while some every-instance listener is registered. */
	private volatile EventThread thread;

	EngineEvents(TaskEventSource backend, Clock clock) {
		this.backend = backend;
		this.clock = clock;
	}

	/**
	 * Registers a listener of every instance's events of the given types (again: replaces
	 * its types). Events of those types from changes made after this returns reach it.
	 * @param listener the listener
	 * @param types the types it wants
	 */
	synchronized void addListener(TaskEventListener listener, Set<TaskEventType> types) {
		Objects.requireNonNull(listener, "listener must not be null");
		Set<TaskEventType> wanted = checked(types);
		if (this.thread == null && !wanted.isEmpty()) {
			this.thread = new EventThread(CAPACITY, this.shared::publish);
		}
		this.shared.deliver(this.sharedSinks.computeIfAbsent(listener, ListenerSink::new), wanted);
		if (wanted.isEmpty()) {
			this.sharedSinks.remove(listener);
		}
		demandChanged();
	}

	synchronized void removeListener(TaskEventListener listener) {
		Consumer<TaskEvent> sink = this.sharedSinks.remove(listener);
		if (sink != null) {
			this.shared.deliver(sink, Set.of());
			demandChanged();
		}
	}

	/**
	 * Registers a listener of this engine's own changes of the given types.
	 * @param listener the listener
	 * @param types the types it wants
	 */
	synchronized void addLocalListener(TaskEventListener listener, Set<TaskEventType> types) {
		Objects.requireNonNull(listener, "listener must not be null");
		Set<TaskEventType> wanted = checked(types);
		this.local.deliver(this.localSinks.computeIfAbsent(listener, ListenerSink::new), wanted);
		if (wanted.isEmpty()) {
			this.localSinks.remove(listener);
		}
	}

	synchronized void removeLocalListener(TaskEventListener listener) {
		Consumer<TaskEvent> sink = this.localSinks.remove(listener);
		if (sink != null) {
			this.local.deliver(sink, Set.of());
		}
	}

	/**
	 * Tells the backend what the listeners want now; the thread runs only while they want
	 * something.
	 */
	private void demandChanged() {
		Set<TaskEventType> demand = this.shared.demand();
		this.backend.deliverEvents(this.fromBackend, demand);
		if (demand.isEmpty() && this.thread != null) {
			this.thread.close();
			this.thread = null;
		}
	}

	private void offer(TaskEvent event) {
		EventThread current = this.thread;
		if (current != null) {
			current.offer(event);
		}
	}

	// --- this engine's own changes ---

	void added(NewTask task) {
		if (this.local.wants(TaskEventType.ADDED)) {
			this.local.publish(TaskEvent.of(TaskEventType.ADDED, task.toTask(), this.clock.instant()));
		}
	}

	void started(ClaimedTask claim) {
		if (this.local.wants(TaskEventType.ACTIVE)) {
			this.local.publish(TaskEvent.of(TaskEventType.ACTIVE, claim.task(), this.clock.instant()));
		}
	}

	void finished(TaskOutcome outcome) {
		TaskEventType type = (outcome instanceof TaskOutcome.Failed failed)
				? ((failed.retryAt() != null) ? TaskEventType.RETRYING : TaskEventType.FAILED)
				: TaskEventType.COMPLETED;
		if (this.local.wants(type)) {
			this.local.publish(TaskEvent.of(type, outcome.task(), this.clock.instant()));
		}
	}

	void stalled(Task task) {
		if (this.local.wants(TaskEventType.STALLED)) {
			this.local.publish(TaskEvent.of(TaskEventType.STALLED, task, this.clock.instant()));
		}
	}

	void cancelled(Task task) {
		if (this.local.wants(TaskEventType.CANCELLED)) {
			this.local.publish(TaskEvent.of(TaskEventType.CANCELLED, task, this.clock.instant()));
		}
	}

	/** A listener as a sink, named after it in logs. */
	private record ListenerSink(TaskEventListener listener) implements Consumer<TaskEvent> {

		@Override
		public void accept(TaskEvent event) {
			this.listener.onEvent(event);
		}

		@Override
		public String toString() {
			return this.listener.toString();
		}

	}

	private static Set<TaskEventType> checked(Set<TaskEventType> types) {
		Objects.requireNonNull(types, "types must not be null");
		return types.isEmpty() ? Set.of() : EnumSet.copyOf(types);
	}

}
