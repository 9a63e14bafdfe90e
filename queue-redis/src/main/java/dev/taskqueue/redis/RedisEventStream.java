package dev.taskqueue.redis;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.redis.RedisKeys.QueueKey;
import dev.taskqueue.spi.EventOutlet;

/**
 * Reads the event streams of every queue ({@code XREAD BLOCK} on a connection of its own)
 * and hands the events to the sinks of this backend's {@link EventOutlet}, so that
 * listeners of every instance see the events of all instances, their own included.
 * <p>
 * The reader follows the queue announcements stream to start reading a new queue's events
 * from its first one, and re-reads the queue set now and then in case an announcement was
 * missed. It survives Redis outages: after a failure it reconnects and goes on from the
 * last event it delivered, so nothing is lost that the bounded streams still hold. When
 * Redis becomes unreachable its connection is closed at once ({@link #dropConnection()}),
 * so that it does not wait for Lettuce to reconnect it. Thread-safe.
 */
final class RedisEventStream implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(RedisEventStream.class.getName());

	private static final long QUEUE_REFRESH_NANOS = 10_000_000_000L;

	private static final int BATCH = 1000;

	/**
	 * How long the mark that makes scripts write the full events lasts: renewed every
	 * {@link #QUEUE_REFRESH_NANOS} while this reader reads them.
	 */
	static final long LISTENING_MILLIS = 30_000;

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final RedisQueueRegistry registry;

	private final TaskRecords records;

	private final EventOutlet outlet;

	/** Stream key to queue name. */
	private final Map<String, String> queuesByStream = new HashMap<>();

	/** Stream key to the id of the last entry read. */
	private final Map<String, String> offsets = new LinkedHashMap<>();

	private final String announcements;

	private Thread thread;

	private volatile StatefulConnection<byte[], byte[]> connection;

	private volatile boolean closed;

	private long lastRefresh;

	/** When reading was asked for while Redis could not be reached, or 0. */
	private volatile long startedAtMillis;

	/**
	 * Whether the full event streams are read (some listener wants more than
	 * cancellations and removals) or only the short control streams.
	 */
	private volatile boolean full;

	/**
	 * Server time (ms) just before a listener that wants full events was added, or -1.
	 */
	private volatile long switchFrom = -1;

	RedisEventStream(RedisConnections connections, RedisKeys keys, RedisQueueRegistry registry, TaskRecords records,
			EventOutlet outlet) {
		this.connections = connections;
		this.keys = keys;
		this.registry = registry;
		this.records = records;
		this.outlet = outlet;
		this.announcements = keys.queueAnnouncements();
	}

	/**
	 * Starts reading from now: events appended after this method returns are delivered.
	 * When Redis cannot be reached, the reader starts anyway, reaches Redis as soon as
	 * the outage ends ({@link #wake()}), and then reads from the time of this call (by
	 * this JVM's clock, or the server's when that is earlier), so that the events written
	 * meanwhile are delivered too.
	 */
	synchronized void start() {
		if (this.thread != null || this.closed) {
			return;
		}
		this.full = wantsFullEvents();
		this.switchFrom = -1; // reading starts from now in either mode
		try {
			StatefulConnection<byte[], byte[]> first = this.connections.openBlocking();
			this.connection = first;
			startFromNow(RedisConnections.commands(first));
		}
		catch (TaskQueueUnavailableException ex) {
			// the backend logs the outage once
			logger.log(Level.DEBUG, "Could not reach Redis to read task events; retrying: " + ex);
			this.startedAtMillis = System.currentTimeMillis();
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Could not reach Redis to read task events; retrying: " + ex);
			this.startedAtMillis = System.currentTimeMillis();
		}
		this.thread = new Thread(this::readLoop, "taskqueue-redis-events");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Sets where reading starts: now, for the announcements and every known queue. */
	private void startFromNow(RedisClusterAsyncCommands<byte[], byte[]> current) {
		List<String> queues = this.registry.refresh();
		if (this.full) {
			// scripts write the full events from here on
			this.registry.markListening(queues, LISTENING_MILLIS);
		}
		long now = this.connections.serverMillis(current);
		if (this.startedAtMillis > 0) {
			// started while Redis could not be reached: from then on
			now = Math.min(now, this.startedAtMillis);
			this.startedAtMillis = 0;
		}
		String start = (now - 1) + "-0";
		this.offsets.put(this.announcements, start);
		for (String queue : queues) {
			follow(queue, start);
		}
		this.lastRefresh = System.nanoTime();
	}

	/** Starts reading a queue's stream, unless read already; true if it was new. */
	private boolean follow(String queue, String fromId) {
		String stream = this.keys.queueKey(queue, this.full ? QueueKey.EVENTS : QueueKey.CONTROL);
		if (this.offsets.putIfAbsent(stream, fromId) == null) {
			this.queuesByStream.put(stream, queue);
			return true;
		}
		return false;
	}

	private void readLoop() {
		long pauseMillis = 100;
		boolean failing = false;
		while (!this.closed) {
			try {
				StatefulConnection<byte[], byte[]> open = this.connection;
				if (open == null || !open.isOpen()) {
					this.connections.closeQuietly(open);
					open = this.connections.openBlocking();
					this.connection = open;
					if (this.full) {
						// Redis may have restarted without its data, marks included
						markFollowed();
					}
				}
				RedisClusterAsyncCommands<byte[], byte[]> current = RedisConnections.commands(open);
				if (this.offsets.isEmpty()) {
					startFromNow(current);
				}
				refreshQueuesNowAndThen(current);
				boolean wanted = wantsFullEvents();
				if (wanted != this.full) {
					long from = this.switchFrom;
					switchStreams(wanted, (from >= 0) ? from : this.connections.serverMillis(current));
					this.switchFrom = -1;
				}
				long block = this.connections.blockLimit().toMillis();
				List<StreamMessage<byte[], byte[]>> batch = this.connections
					.awaitBlocking(current.xread(XReadArgs.Builder.count(BATCH).block(block), streams()), block);
				if (failing) {
					logger.log(Level.INFO, "Reading task events from Redis again");
					failing = false;
					pauseMillis = 100;
				}
				if (batch != null) {
					batch.forEach(this::handle);
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				if (this.closed) {
					return;
				}
				if (ex instanceof TaskQueueUnavailableException || this.connections.isShuttingDown()) {
					// the backend logs the outage once; or the application is stopping
					logger.log(Level.DEBUG, "Could not read task events from Redis; retrying: " + ex);
				}
				else if (!failing) {
					logger.log(Level.WARNING, "Could not read task events from Redis; retrying: " + ex);
					failing = true;
				}
				StatefulConnection<byte[], byte[]> broken = this.connection;
				this.connection = null;
				this.connections.closeQuietly(broken);
				// woken early by wake() when an outage ends
				LockSupport.parkNanos(this, pauseMillis * 1_000_000L);
				if (Thread.interrupted()) {
					return;
				}
				pauseMillis = Math.min(2000, pauseMillis * 2);
			}
		}
	}

	/**
	 * Redis answers again: the reader stops pausing and reconnects at once.
	 */
	void wake() {
		Thread reader = this.thread;
		if (reader != null) {
			LockSupport.unpark(reader);
		}
	}

	/**
	 * Closes the connection the reader blocks on (Redis became unreachable): its read
	 * fails at once and it reconnects when Redis answers again.
	 */
	void dropConnection() {
		StatefulConnection<byte[], byte[]> open = this.connection;
		this.connection = null;
		this.connections.closeQuietly(open);
	}

	private boolean wantsFullEvents() {
		return wantsFullEvents(this.outlet.demand());
	}

	/**
	 * Whether a demand needs the full event streams: it wants events other than
	 * cancellations and removals (which the control streams carry).
	 * @param demand the event types wanted
	 * @return true if the full events are wanted
	 */
	static boolean wantsFullEvents(Set<TaskEventType> demand) {
		for (TaskEventType type : demand) {
			if (type != TaskEventType.CANCELLED && type != TaskEventType.REMOVED) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Moves every queue to the other kind of stream. To the full streams, reading starts
	 * at the given server time (taken just before the listener that asked for it was
	 * added; stream ids are server times): the new listener misses nothing and is not
	 * flooded with the history the streams hold.
	 */
	private void switchStreams(boolean toFull, long serverMillis) {
		// XREAD returns entries after the id given: start just before the millisecond, so
		// that an entry of that very millisecond (id "<ms>-0") is not skipped
		String recent = (serverMillis - 1) + "-0";
		Map<String, String> moved = new LinkedHashMap<>();
		this.offsets.forEach((stream, offset) -> {
			String queue = this.queuesByStream.get(stream);
			if (queue == null) {
				moved.put(stream, offset);
				return;
			}
			String other = this.keys.queueKey(queue, toFull ? QueueKey.EVENTS : QueueKey.CONTROL);
			this.queuesByStream.put(other, queue);
			// back to the control stream: from where the full stream was read (its
			// cancellations are in both), so that none in between is missed
			moved.put(other, toFull ? recent : (millisOf(offset) - 1) + "-0");
		});
		this.offsets.clear();
		this.offsets.putAll(moved);
		this.full = toFull;
		if (toFull) {
			markFollowed();
			this.lastRefresh = System.nanoTime();
		}
	}

	/** Marks every queue this reader follows as read (their full events get written). */
	private void markFollowed() {
		this.registry.markListening(new ArrayList<>(this.queuesByStream.values()), LISTENING_MILLIS);
	}

	private static long millisOf(String streamId) {
		int dash = streamId.indexOf('-');
		return Long.parseLong((dash < 0) ? streamId : streamId.substring(0, dash));
	}

	/**
	 * The demand is about to change: when the new one would make the reader switch to the
	 * full streams, remember the server's time now, where the switch will start reading,
	 * and have the scripts write the full events from here on.
	 * @param demand the event types wanted after the change
	 */
	void beforeDemand(Set<TaskEventType> demand) {
		if (this.full || this.switchFrom >= 0 || !wantsFullEvents(demand)) {
			return;
		}
		try {
			this.registry.markListening(this.registry.refresh(), LISTENING_MILLIS);
			this.switchFrom = this.connections.withCommands(this.connections::serverMillis);
		}
		catch (RuntimeException ex) {
			logger.log(Level.DEBUG, "Could not read the server time: " + ex);
		}
	}

	/**
	 * The demand changed: when it now wants the full events, wake the reader from its
	 * blocking read (an entry on the announcements stream) so that it switches at once.
	 */
	void demandChanged() {
		if (this.thread == null || this.closed || wantsFullEvents() == this.full) {
			return;
		}
		try {
			this.registry.nudge();
		}
		catch (RuntimeException ex) {
			logger.log(Level.DEBUG, "Could not wake the event reader: " + ex);
		}
	}

	private void refreshQueuesNowAndThen(RedisClusterAsyncCommands<byte[], byte[]> current) {
		long now = System.nanoTime();
		if (now - this.lastRefresh < QUEUE_REFRESH_NANOS) {
			return;
		}
		this.lastRefresh = now;
		long serverMillis = this.connections.serverMillis(current);
		List<String> queues = this.registry.refresh();
		if (this.full) {
			this.registry.markListening(queues, LISTENING_MILLIS);
		}
		for (String queue : queues) {
			// a queue found this way missed its announcement: read it from a second ago
			follow(queue, (serverMillis - 1000) + "-0");
		}
	}

	@SuppressWarnings("unchecked")
	private XReadArgs.StreamOffset<byte[]>[] streams() {
		List<XReadArgs.StreamOffset<byte[]>> list = new ArrayList<>(this.offsets.size());
		this.offsets.forEach(
				(stream, id) -> list.add(XReadArgs.StreamOffset.from(stream.getBytes(StandardCharsets.UTF_8), id)));
		return list.toArray(new XReadArgs.StreamOffset[0]);
	}

	private void handle(StreamMessage<byte[], byte[]> record) {
		String stream = new String(record.getStream(), StandardCharsets.UTF_8);
		String id = record.getId();
		this.offsets.put(stream, id);
		Map<String, byte[]> fields = new HashMap<>();
		record.getBody().forEach((field, value) -> fields.put(new String(field, StandardCharsets.UTF_8), value));
		if (stream.equals(this.announcements)) {
			byte[] queue = fields.get("q");
			if (queue != null) {
				long millis = millisOf(id);
				String name = new String(queue, StandardCharsets.UTF_8);
				if (follow(name, (millis - 1) + "-0") && this.full) {
					// usually marked already by the instance that registered it
					this.registry.markListening(List.of(name), LISTENING_MILLIS);
				}
			}
			return;
		}
		String queue = this.queuesByStream.get(stream);
		try {
			TaskEventType type = TaskEventType.valueOf(text(fields.get("e")).toUpperCase(Locale.ROOT));
			if (this.outlet.wants(type)) {
				this.outlet.publish(event(type, queue, fields));
			}
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Skipping unreadable task event " + id + " of queue '" + queue + "': " + ex);
		}
	}

	private TaskEvent event(TaskEventType type, String queue, Map<String, byte[]> fields) {
		String taskId = text(fields.get("i"));
		byte[] record = fields.get("d");
		return new TaskEvent(type, queue, taskId,
				(record != null) ? this.records.eventTask(queue, taskId, record) : null,
				RedisTimes.parse(text(fields.get("t"))));
	}

	private static String text(byte[] value) {
		return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
	}

	@Override
	public void close() {
		Thread running;
		synchronized (this) {
			this.closed = true;
			running = this.thread;
		}
		dropConnection();
		if (running != null) {
			running.interrupt();
			try {
				running.join(2000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
