package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import io.lettuce.core.XReadArgs;

import dev.taskqueue.redis.RedisKeys.QueueKey;

/**
 * Which streams the {@link RedisEventStream} reads, and from which entry: the queue
 * announcements stream, and for every queue it follows either the short control stream
 * (cancellations and removals only) or the full events stream. Starts following the
 * queues announced or found by re-reading the queue set now and then, moves every queue
 * to the other kind of stream when the demand changes ({@link #switchStreams}), and marks
 * the queues followed as read while the full streams are read (their full events get
 * written).
 * <p>
 * Used by the reader's thread only (and before it starts), except {@link #isFull()},
 * which any thread may read.
 */
final class EventStreamOffsets {

	static final long QUEUE_REFRESH_NANOS = 10_000_000_000L;

	/**
	 * How long the mark that makes scripts write the full events lasts: renewed every
	 * {@link #QUEUE_REFRESH_NANOS} while the full events are read.
	 */
	static final long LISTENING_MILLIS = 30_000;

	private final RedisKeys keys;

	private final RedisQueueRegistry registry;

	private final String announcements;

	/** Stream key to queue name. */
	private final Map<String, String> queuesByStream = new HashMap<>();

	/** Stream key to the id of the last entry read. */
	private final Map<String, String> offsets = new LinkedHashMap<>();

	/**
	 * Whether the full event streams are read (some listener wants more than
	 * cancellations and removals) or only the short control streams.
	 */
	private volatile boolean full;

	private long lastRefresh;

	EventStreamOffsets(RedisKeys keys, RedisQueueRegistry registry) {
		this.keys = keys;
		this.registry = registry;
		this.announcements = keys.queueAnnouncements();
	}

	/**
	 * Whether the full event streams are read rather than the control streams.
	 * @return true while the full streams are read
	 */
	boolean isFull() {
		return this.full;
	}

	/**
	 * Sets which kind of stream the queues followed from now on are read from, before any
	 * is followed.
	 * @param full whether to read the full event streams
	 */
	void setFull(boolean full) {
		this.full = full;
	}

	/**
	 * Whether no stream is read yet (reading has not started from some point).
	 * @return true if there is no offset
	 */
	boolean isEmpty() {
		return this.offsets.isEmpty();
	}

	/**
	 * Starts reading the announcements and the given queues after the given entry id.
	 * @param fromId the id after which to read
	 * @param queues the queues to follow
	 */
	void startFrom(String fromId, List<String> queues) {
		this.offsets.put(this.announcements, fromId);
		for (String queue : queues) {
			follow(queue, fromId);
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

	/**
	 * Moves every queue to the other kind of stream. To the full streams, reading starts
	 * at the given server time (taken just before the listener that asked for it was
	 * added; stream ids are server times): the new listener misses nothing and is not
	 * flooded with the history the streams hold.
	 */
	void switchStreams(boolean toFull, long serverMillis) {
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
	void markFollowed() {
		this.registry.markListening(new ArrayList<>(this.queuesByStream.values()), LISTENING_MILLIS);
	}

	/**
	 * Every {@link #QUEUE_REFRESH_NANOS}: re-reads the queue set, follows the queues not
	 * followed yet (from a second ago), and renews the marks while the full streams are
	 * read.
	 * @param serverMillis the server's time, asked only when the queue set is re-read
	 */
	void refreshNowAndThen(LongSupplier serverMillis) {
		long now = System.nanoTime();
		if (now - this.lastRefresh < QUEUE_REFRESH_NANOS) {
			return;
		}
		this.lastRefresh = now;
		long millis = serverMillis.getAsLong();
		List<String> queues = this.registry.refresh();
		if (this.full) {
			this.registry.markListening(queues, LISTENING_MILLIS);
		}
		for (String queue : queues) {
			// a queue found this way missed its announcement: read it from a second ago
			follow(queue, (millis - 1000) + "-0");
		}
	}

	/**
	 * A queue was announced (by the entry of the given id): follows it from that entry's
	 * time, marking it as read when new and the full streams are read.
	 * @param queue the queue announced
	 * @param id the id of the announcement
	 */
	void announced(String queue, String id) {
		if (follow(queue, (millisOf(id) - 1) + "-0") && this.full) {
			// usually marked already by the instance that registered it
			this.registry.markListening(List.of(queue), LISTENING_MILLIS);
		}
	}

	/**
	 * Reading goes on after the given entry of the given stream.
	 * @param stream the stream key
	 * @param id the id of the entry read
	 */
	void read(String stream, String id) {
		this.offsets.put(stream, id);
	}

	boolean isAnnouncements(String stream) {
		return stream.equals(this.announcements);
	}

	/**
	 * The queue whose stream this is.
	 * @param stream the stream key
	 * @return the queue's name, or null if not a queue's stream
	 */
	String queueOf(String stream) {
		return this.queuesByStream.get(stream);
	}

	/**
	 * Every stream read, from the entry after its offset, for {@code XREAD}.
	 * @return the stream offsets
	 */
	@SuppressWarnings("unchecked")
	XReadArgs.StreamOffset<byte[]>[] streams() {
		List<XReadArgs.StreamOffset<byte[]>> list = new ArrayList<>(this.offsets.size());
		this.offsets.forEach(
				(stream, id) -> list.add(XReadArgs.StreamOffset.from(stream.getBytes(StandardCharsets.UTF_8), id)));
		return list.toArray(new XReadArgs.StreamOffset[0]);
	}

	private static long millisOf(String streamId) {
		int dash = streamId.indexOf('-');
		return Long.parseLong((dash < 0) ? streamId : streamId.substring(0, dash));
	}

}
