package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.XAddArgs;

import dev.taskqueue.redis.RedisKeys.QueueKey;

/**
 * The names of the queues stored in Redis: a global set that scripts never touch (it lies
 * outside every queue's hash tag). A queue is added before its first write from this
 * instance; a queue that is new for everybody is also announced on a stream, so that the
 * event readers of every instance start reading its events at once.
 * <p>
 * The name list is cached for a moment; a lookup that misses refreshes it. Registration
 * is repeated now and then, so that a Redis that lost its data (restart without
 * persistence) learns the queues again. Thread-safe.
 */
final class RedisQueueRegistry {

	private static final long REGISTRATION_TTL_NANOS = 60_000_000_000L;

	private static final long NAMES_TTL_NANOS = 1_000_000_000L;

	private static final int ANNOUNCEMENTS_LENGTH = 1000;

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final byte[] setKey;

	private final byte[] announcementsKey;

	private final byte[] listeningKey;

	/** Queues this instance registered, with when (System.nanoTime). */
	private final Map<String, Long> registered = new ConcurrentHashMap<>();

	private volatile List<String> cachedNames = List.of();

	private volatile long cachedAt = Long.MIN_VALUE;

	RedisQueueRegistry(RedisConnections connections, RedisKeys keys) {
		this.connections = connections;
		this.keys = keys;
		this.setKey = bytes(keys.queues());
		this.announcementsKey = bytes(keys.queueAnnouncements());
		this.listeningKey = bytes(keys.listening());
	}

	/**
	 * Adds a queue to the set, announcing it when it is new.
	 * @param queue the queue
	 */
	void register(String queue) {
		Long since = this.registered.get(queue);
		long now = System.nanoTime();
		if (since != null && now - since < REGISTRATION_TTL_NANOS) {
			return;
		}
		this.connections.withCommands((commands) -> {
			Long added = this.connections.await(commands.sadd(this.setKey, bytes(queue)));
			if (added != null && added > 0) {
				XAddArgs args = XAddArgs.Builder.maxlen(ANNOUNCEMENTS_LENGTH).approximateTrimming();
				this.connections.await(commands.xadd(this.announcementsKey, args, bytes("q"), bytes(queue)));
				// a reader of the full events may not have heard of the queue yet: its
				// first events must be written all the same
				Long listening = this.connections.await(commands.pttl(this.listeningKey));
				if (listening != null && listening > 0) {
					this.connections.await(commands.set(this.keys.queueKeyBytes(queue, QueueKey.LISTENING), bytes("1"),
							SetArgs.Builder.px(listening)));
				}
			}
			return null;
		});
		this.registered.put(queue, now);
		if (!this.cachedNames.contains(queue)) {
			this.cachedAt = Long.MIN_VALUE;
		}
	}

	/**
	 * Removes a queue (obliterated).
	 * @param queue the queue
	 */
	void unregister(String queue) {
		this.connections.withCommands((commands) -> this.connections.await(commands.srem(this.setKey, bytes(queue))));
		this.registered.remove(queue);
		this.cachedAt = Long.MIN_VALUE;
	}

	/**
	 * The queue names, from a cache at most a second old, plus those this instance
	 * registered.
	 * @return the names, sorted
	 */
	List<String> names() {
		if (System.nanoTime() - this.cachedAt > NAMES_TTL_NANOS || this.cachedAt == Long.MIN_VALUE) {
			return refresh();
		}
		return this.cachedNames;
	}

	/**
	 * The queue names, read now.
	 * @return the names, sorted
	 */
	List<String> refresh() {
		Set<byte[]> members = this.connections
			.withCommands((commands) -> this.connections.await(commands.smembers(this.setKey)));
		Set<String> names = new TreeSet<>(this.registered.keySet());
		for (byte[] member : members) {
			names.add(new String(member, StandardCharsets.UTF_8));
		}
		List<String> list = List.copyOf(names);
		this.cachedNames = list;
		this.cachedAt = System.nanoTime();
		return list;
	}

	/**
	 * The queues that hold tasks, counters or a paused flag.
	 * @return the names, sorted
	 */
	List<String> visible() {
		List<String> names = refresh();
		return this.connections.withCommands((commands) -> {
			List<RedisFuture<Long>> sizes = new ArrayList<>(names.size());
			List<RedisFuture<List<io.lettuce.core.KeyValue<byte[], byte[]>>>> metas = new ArrayList<>(names.size());
			for (String name : names) {
				sizes.add(commands.hlen(this.keys.queueKeyBytes(name, QueueKey.TASKS)));
				metas.add(commands.hmget(this.keys.queueKeyBytes(name, QueueKey.META), bytes("paused"),
						bytes("processed"), bytes("peak")));
			}
			List<String> visible = new ArrayList<>();
			for (int i = 0; i < names.size(); i++) {
				Long size = this.connections.await(sizes.get(i));
				boolean counted = this.connections.await(metas.get(i)).stream().anyMatch((kv) -> kv.hasValue());
				if ((size != null && size > 0) || counted) {
					visible.add(names.get(i));
				}
			}
			return visible;
		});
	}

	/**
	 * Says that this instance reads the full events of these queues (and of queues added
	 * from now on) for the next while: until then, scripts write them.
	 * @param queues the queues
	 * @param millis how long the mark lasts unless renewed
	 */
	void markListening(Collection<String> queues, long millis) {
		this.connections.withCommands((commands) -> {
			SetArgs args = SetArgs.Builder.px(millis);
			List<RedisFuture<String>> replies = new ArrayList<>(queues.size() + 1);
			replies.add(commands.set(this.listeningKey, bytes("1"), args));
			for (String queue : queues) {
				replies.add(commands.set(this.keys.queueKeyBytes(queue, QueueKey.LISTENING), bytes("1"), args));
			}
			replies.forEach(this.connections::await);
			return null;
		});
	}

	/**
	 * Appends an entry that names no queue to the announcements stream: it wakes event
	 * readers blocked on it, which then re-check what their listeners want.
	 */
	void nudge() {
		this.connections.withCommands((commands) -> {
			XAddArgs args = XAddArgs.Builder.maxlen(ANNOUNCEMENTS_LENGTH).approximateTrimming();
			return this.connections.await(commands.xadd(this.announcementsKey, args, bytes("w"), bytes("1")));
		});
	}

	/**
	 * The queues known when the stream reader starts, and the keys it reads.
	 * @return the announcements stream key
	 */
	byte[] announcementsKey() {
		return this.announcementsKey;
	}

	Collection<String> registeredHere() {
		return this.registered.keySet();
	}

	static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
