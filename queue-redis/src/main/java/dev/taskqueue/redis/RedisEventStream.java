package dev.taskqueue.redis;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import dev.taskqueue.Task;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
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
 * so that it does not wait for Lettuce to reconnect it.
 * <p>
 * While no listener wants more than cancellations and removals, it reads only the short
 * control streams; when the demand changes ({@link #beforeDemand},
 * {@link #demandChanged}) it switches to the full event streams and back. Which stream of
 * each queue it reads, and from which entry, is kept by its {@link EventStreamOffsets}.
 * Thread-safe.
 */
final class RedisEventStream implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(RedisEventStream.class.getName());

	private static final int BATCH = 1000;

	private final RedisConnections connections;

	private final RedisQueueRegistry registry;

	private final TaskRecords records;

	private final EventOutlet outlet;

	/** The streams read and where; used by the reader's thread (and before it starts). */
	private final EventStreamOffsets offsets;

	private Thread thread;

	private volatile StatefulConnection<byte[], byte[]> connection;

	private volatile boolean closed;

	/** When reading was asked for while Redis could not be reached, or 0. */
	private volatile long startedAtMillis;

	/**
	 * Server time (ms) just before a listener that wants full events was added, or -1.
	 */
	private volatile long switchFrom = -1;

	RedisEventStream(RedisConnections connections, RedisKeys keys, RedisQueueRegistry registry, TaskRecords records,
			EventOutlet outlet) {
		this.connections = connections;
		this.registry = registry;
		this.records = records;
		this.outlet = outlet;
		this.offsets = new EventStreamOffsets(keys, registry);
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
		this.offsets.setFull(wantsFullEvents());
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
		// the time first, then the queue set: a queue missing from the set was registered
		// after it was read, so its announcement comes after that time and is read
		long now = this.connections.serverMillis(current);
		List<String> queues = this.registry.refresh();
		if (this.offsets.isFull()) {
			// scripts write the full events from here on
			this.registry.markListening(queues, EventStreamOffsets.LISTENING_MILLIS);
		}
		if (this.startedAtMillis > 0) {
			// started while Redis could not be reached: from then on
			now = Math.min(now, this.startedAtMillis);
			this.startedAtMillis = 0;
		}
		this.offsets.startFrom((now - 1) + "-0", queues);
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
					if (this.offsets.isFull()) {
						// Redis may have restarted without its data, marks included
						this.offsets.markFollowed();
					}
				}
				RedisClusterAsyncCommands<byte[], byte[]> current = RedisConnections.commands(open);
				if (this.offsets.isEmpty()) {
					startFromNow(current);
				}
				this.offsets.refreshNowAndThen(() -> this.connections.serverMillis(current));
				boolean wanted = wantsFullEvents();
				if (wanted != this.offsets.isFull()) {
					long from = this.switchFrom;
					this.offsets.switchStreams(wanted, (from >= 0) ? from : this.connections.serverMillis(current));
					this.switchFrom = -1;
				}
				long block = this.connections.blockLimit().toMillis();
				List<StreamMessage<byte[], byte[]>> batch = this.connections.awaitBlocking(
						current.xread(XReadArgs.Builder.count(BATCH).block(block), this.offsets.streams()), block);
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
	 * The demand is about to change: when the new one would make the reader switch to the
	 * full streams, remember the server's time now, where the switch will start reading,
	 * and have the scripts write the full events from here on.
	 * @param demand the event types wanted after the change
	 */
	void beforeDemand(Set<TaskEventType> demand) {
		if (this.offsets.isFull() || this.switchFrom >= 0 || !wantsFullEvents(demand)) {
			return;
		}
		try {
			this.registry.markListening(this.registry.refresh(), EventStreamOffsets.LISTENING_MILLIS);
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
		if (this.thread == null || this.closed || wantsFullEvents() == this.offsets.isFull()) {
			return;
		}
		try {
			this.registry.nudge();
		}
		catch (RuntimeException ex) {
			logger.log(Level.DEBUG, "Could not wake the event reader: " + ex);
		}
	}

	private void handle(StreamMessage<byte[], byte[]> record) {
		String stream = new String(record.getStream(), StandardCharsets.UTF_8);
		String id = record.getId();
		this.offsets.read(stream, id);
		Map<String, byte[]> fields = new HashMap<>();
		record.getBody().forEach((field, value) -> fields.put(new String(field, StandardCharsets.UTF_8), value));
		if (this.offsets.isAnnouncements(stream)) {
			byte[] queue = fields.get("q");
			if (queue != null) {
				this.offsets.announced(new String(queue, StandardCharsets.UTF_8), id);
			}
			return;
		}
		String queue = this.offsets.queueOf(stream);
		try {
			TaskEventType type = TaskEventType.of(text(fields.get("e")));
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
		Task task = (record != null) ? this.records.eventTask(queue, taskId, record) : null;
		String scheduleId = (task != null) ? task.scheduleId() : text(fields.get("s"));
		return new TaskEvent(type, queue, taskId, task, RedisTimes.parse(text(fields.get("t"))), scheduleId,
				text(fields.get("n")));
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
