package dev.taskqueue.spi;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;

/**
 * The sinks of one backend's events and the types each asked for: the plumbing of
 * {@link TaskEventSource#deliverEvents} that every backend shares. A backend asks
 * {@link #wants} before it builds an event and hands what it built to {@link #publish}.
 * <p>
 * Thread-safe. {@link #wants} and {@link #publish} take no lock (they read an immutable
 * snapshot), so that a backend may call them while it holds its own.
 */
public final class EventOutlet {

	private static final System.Logger logger = System.getLogger(EventOutlet.class.getName());

	private final Map<Consumer<TaskEvent>, Set<TaskEventType>> sinks = new LinkedHashMap<>();

	/**
	 * What {@link #publish} reads: the sinks with their types, and the union of the
	 * types.
	 */
	private volatile Snapshot snapshot = new Snapshot(Map.of(), 0, Set.of());

	/**
	 * Sets the types a sink wants, as {@link TaskEventSource#deliverEvents} describes.
	 * @param sink the sink
	 * @param types the types; none ends the sink's delivery
	 */
	public synchronized void deliver(Consumer<TaskEvent> sink, Set<TaskEventType> types) {
		Objects.requireNonNull(sink, "sink must not be null");
		Objects.requireNonNull(types, "types must not be null");
		if (types.isEmpty()) {
			this.sinks.remove(sink);
		}
		else {
			this.sinks.put(sink, Set.copyOf(types));
		}
		int mask = 0;
		Set<TaskEventType> union = EnumSet.noneOf(TaskEventType.class);
		for (Set<TaskEventType> wanted : this.sinks.values()) {
			mask |= maskOf(wanted);
			union.addAll(wanted);
		}
		this.snapshot = new Snapshot(Map.copyOf(this.sinks), mask, Collections.unmodifiableSet(union));
	}

	/**
	 * What the sinks want together, as it would be after a change of one sink's types;
	 * lets a shared backend prepare for a demand before it takes effect.
	 * @param sink the sink about to change
	 * @param types its new types
	 * @return the union of every sink's types after the change
	 */
	public synchronized Set<TaskEventType> demandWith(Consumer<TaskEvent> sink, Set<TaskEventType> types) {
		Set<TaskEventType> union = EnumSet.noneOf(TaskEventType.class);
		this.sinks.forEach((other, wanted) -> {
			if (other != sink) {
				union.addAll(wanted);
			}
		});
		union.addAll(types);
		return union;
	}

	/**
	 * What the sinks want together; read on every loop of a shared backend's reader, so
	 * kept rather than computed.
	 * @return the union of their types, unmodifiable
	 */
	public Set<TaskEventType> demand() {
		return this.snapshot.demand;
	}

	/**
	 * Whether some sink wants events of a type: build the event only then.
	 * @param type the type
	 * @return true if some sink asked for it
	 */
	public boolean wants(TaskEventType type) {
		return (this.snapshot.mask & bit(type)) != 0;
	}

	/**
	 * Hands an event to every sink that asked for its type.
	 * @param event the event
	 */
	public void publish(TaskEvent event) {
		Snapshot current = this.snapshot;
		if ((current.mask & bit(event.type())) == 0) {
			return;
		}
		current.sinks.forEach((sink, types) -> {
			if (types.contains(event.type())) {
				try {
					sink.accept(event);
				}
				catch (RuntimeException ex) {
					logger.log(Level.WARNING, "Task event listener " + sink + " failed on " + event.type(), ex);
				}
			}
		});
	}

	/** Ends every sink's delivery (the backend closes). */
	public synchronized void clear() {
		this.sinks.clear();
		this.snapshot = new Snapshot(Map.of(), 0, Set.of());
	}

	private static int maskOf(Set<TaskEventType> types) {
		int mask = 0;
		for (TaskEventType type : types) {
			mask |= bit(type);
		}
		return mask;
	}

	private static int bit(TaskEventType type) {
		return 1 << type.ordinal();
	}

	private record Snapshot(Map<Consumer<TaskEvent>, Set<TaskEventType>> sinks, int mask, Set<TaskEventType> demand) {

	}

}
