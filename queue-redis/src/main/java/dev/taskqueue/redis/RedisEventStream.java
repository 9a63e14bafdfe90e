package dev.taskqueue.redis;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;

import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventBus;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.redis.RedisKeys.QueueKey;

/**
 * Reads the event streams of every queue ({@code XREAD BLOCK} on a connection of its own)
 * and hands the events to the local listeners through a {@link TaskEventBus}, so that
 * listeners of every instance see the events of all instances, their own included.
 * <p>
 * The reader follows the queue announcements stream to start reading a new queue's events
 * from its first one, and re-reads the queue set now and then in case an announcement was
 * missed. It survives Redis outages: after a failure it reconnects and goes on from the
 * last event it delivered, so nothing is lost that the bounded streams still hold.
 * Thread-safe.
 */
final class RedisEventStream implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(RedisEventStream.class.getName());

	private static final long QUEUE_REFRESH_NANOS = 10_000_000_000L;

	private static final int BATCH = 1000;

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final RedisQueueRegistry registry;

	private final TaskRecords records;

	private final TaskEventBus bus;

	/** Stream key to queue name. */
	private final Map<String, String> queuesByStream = new HashMap<>();

	/** Stream key to the id of the last entry read. */
	private final Map<String, String> offsets = new LinkedHashMap<>();

	private final String announcements;

	private Thread thread;

	private volatile RedisConnection connection;

	private volatile boolean closed;

	private long lastRefresh;

	RedisEventStream(RedisConnections connections, RedisKeys keys, RedisQueueRegistry registry, TaskRecords records,
			TaskEventBus bus) {
		this.connections = connections;
		this.keys = keys;
		this.registry = registry;
		this.records = records;
		this.bus = bus;
		this.announcements = keys.queueAnnouncements();
	}

	/**
	 * Starts reading from now: events appended after this method returns are delivered.
	 * When Redis cannot be reached, the reader starts anyway and begins from the moment
	 * it first reaches Redis.
	 */
	synchronized void start() {
		if (this.thread != null || this.closed) {
			return;
		}
		try {
			RedisConnection first = this.connections.dedicated();
			this.connection = first;
			startFromNow(first);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Could not reach Redis to read task events; retrying: " + ex);
		}
		this.thread = new Thread(this::readLoop, "taskqueue-redis-events");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Sets where reading starts: now, for the announcements and every known queue. */
	private void startFromNow(RedisConnection current) {
		long now = current.serverCommands().time();
		String start = (now - 1) + "-0";
		List<String> queues = this.registry.refresh();
		this.offsets.put(this.announcements, start);
		for (String queue : queues) {
			follow(queue, start);
		}
		this.lastRefresh = System.nanoTime();
	}

	private void follow(String queue, String fromId) {
		String stream = this.keys.queueKey(queue, QueueKey.EVENTS);
		if (this.offsets.putIfAbsent(stream, fromId) == null) {
			this.queuesByStream.put(stream, queue);
		}
	}

	private void readLoop() {
		long pauseMillis = 100;
		boolean failing = false;
		while (!this.closed) {
			try {
				RedisConnection current = this.connection;
				if (current == null) {
					current = this.connections.dedicated();
					this.connection = current;
				}
				if (this.offsets.isEmpty()) {
					startFromNow(current);
				}
				refreshQueuesNowAndThen(current);
				List<ByteRecord> batch = current.streamCommands()
					.xRead(StreamReadOptions.empty().count(BATCH).block(this.connections.blockLimit()), streams());
				if (failing) {
					logger.log(Level.INFO, "Reading task events from Redis again");
					failing = false;
					pauseMillis = 100;
				}
				if (batch != null) {
					batch.forEach(this::handle);
				}
			}
			catch (RuntimeException ex) {
				if (this.closed) {
					return;
				}
				if (!failing) {
					logger.log(Level.WARNING, "Could not read task events from Redis; retrying: " + ex);
					failing = true;
				}
				RedisConnection broken = this.connection;
				this.connection = null;
				closeQuietly(broken);
				try {
					Thread.sleep(pauseMillis);
				}
				catch (InterruptedException interrupted) {
					return;
				}
				pauseMillis = Math.min(2000, pauseMillis * 2);
			}
		}
	}

	private void refreshQueuesNowAndThen(RedisConnection current) {
		long now = System.nanoTime();
		if (now - this.lastRefresh < QUEUE_REFRESH_NANOS) {
			return;
		}
		this.lastRefresh = now;
		long serverMillis = current.serverCommands().time();
		for (String queue : this.registry.refresh()) {
			// a queue found this way missed its announcement: read it from a second ago
			follow(queue, (serverMillis - 1000) + "-0");
		}
	}

	@SuppressWarnings("unchecked")
	private StreamOffset<byte[]>[] streams() {
		List<StreamOffset<byte[]>> list = new ArrayList<>(this.offsets.size());
		this.offsets.forEach((stream, id) -> list
			.add(StreamOffset.create(stream.getBytes(StandardCharsets.UTF_8), ReadOffset.from(id))));
		return list.toArray(new StreamOffset[0]);
	}

	private void handle(ByteRecord record) {
		String stream = new String(record.getStream(), StandardCharsets.UTF_8);
		String id = record.getId().getValue();
		this.offsets.put(stream, id);
		Map<String, byte[]> fields = new HashMap<>();
		record.getValue().forEach((field, value) -> fields.put(new String(field, StandardCharsets.UTF_8), value));
		if (stream.equals(this.announcements)) {
			byte[] queue = fields.get("q");
			if (queue != null) {
				long millis = record.getId().getTimestamp();
				follow(new String(queue, StandardCharsets.UTF_8), (millis - 1) + "-0");
			}
			return;
		}
		String queue = this.queuesByStream.get(stream);
		try {
			TaskEventType type = TaskEventType.valueOf(text(fields.get("e")).toUpperCase(Locale.ROOT));
			if (this.bus.wants(type)) {
				this.bus.publish(event(type, queue, fields));
			}
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Skipping unreadable task event " + id + " of queue '" + queue + "': " + ex);
		}
	}

	private TaskEvent event(TaskEventType type, String queue, Map<String, byte[]> fields) {
		String taskId = text(fields.get("i"));
		byte[] record = fields.get("d");
		return new TaskEvent(type, queue, taskId, (record != null) ? this.records.task(queue, taskId, record) : null,
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
		closeQuietly(this.connection);
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

	private static void closeQuietly(RedisConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				// already broken
			}
		}
	}

}
