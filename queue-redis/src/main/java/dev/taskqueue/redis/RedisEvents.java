package dev.taskqueue.redis;

import java.util.Set;
import java.util.function.Consumer;

import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.EventOutlet;

/**
 * The events of a {@link RedisTaskBackend}: the sinks that asked for them
 * ({@link EventOutlet}), the reader of the queues' event streams that feeds them
 * ({@link RedisEventStream}), and which events the scripts write ({@link EventDemand}),
 * re-decided whenever the demand changes. Thread-safe.
 */
final class RedisEvents implements AutoCloseable {

	private final EventOutlet outlet = new EventOutlet();

	private final RedisEventStream stream;

	/** About how many events each queue's stream keeps (0: no events). */
	private final int streamLength;

	/**
	 * Which events the scripts write: every script call takes the value of the moment.
	 * Decided in {@link #demandChanged()} only.
	 */
	private volatile EventDemand demand;

	RedisEvents(RedisConnections connections, RedisKeys keys, RedisQueueRegistry registry, TaskRecords records,
			int streamLength) {
		this.stream = new RedisEventStream(connections, keys, registry, records, this.outlet);
		this.streamLength = streamLength;
		demandChanged();
	}

	/**
	 * Delivers the events of the given types to a sink, as
	 * {@link RedisTaskBackend#deliverEvents} describes.
	 * @param sink the sink
	 * @param types the event types it wants (none: it gets no more)
	 */
	void deliver(Consumer<TaskEvent> sink, Set<TaskEventType> types) {
		this.stream.beforeDemand(this.outlet.demandWith(sink, types));
		this.outlet.deliver(sink, types);
		demandChanged();
		if (!types.isEmpty()) {
			this.stream.start();
		}
		this.stream.demandChanged();
	}

	/**
	 * Decides which events the scripts write (the one place that does): all of them while
	 * a sink here wants the full events, else only while some instance reads them.
	 */
	private void demandChanged() {
		this.demand = EventDemand.of(this.streamLength, RedisEventStream.wantsFullEvents(this.outlet.demand()));
	}

	/**
	 * Which events the scripts write now.
	 * @return the event demand of the moment
	 */
	EventDemand demand() {
		return this.demand;
	}

	/** Redis became unreachable: see {@link RedisEventStream#dropConnection()}. */
	void dropConnection() {
		this.stream.dropConnection();
	}

	/** Redis answers again: see {@link RedisEventStream#wake()}. */
	void wake() {
		this.stream.wake();
	}

	/** Stops reading events and forgets the sinks. */
	@Override
	public void close() {
		this.stream.close();
		this.outlet.clear();
	}

}
