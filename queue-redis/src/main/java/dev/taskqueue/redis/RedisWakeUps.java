package dev.taskqueue.redis;

import java.time.Duration;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulConnection;

import dev.taskqueue.redis.RedisKeys.QueueKey;

/**
 * Lets idle workers block on Redis until a queue may have work, instead of polling.
 * <p>
 * Every script that makes a task claimable (enqueue, promotion, hand-back, stall
 * recovery, retry, resume) adds one marker to the queue's {@code wake} sorted set (adding
 * it again changes nothing); a waiting worker pops it with {@code BZPOPMIN}, which Redis
 * hands to exactly one blocked client, of whichever instance. A claim that leaves tasks
 * waiting adds the marker again, so the next idle worker wakes in turn.
 * <p>
 * Each wait needs a connection of its own, since the command blocks it: connections are
 * pooled here and closed when a wait fails or is interrupted, and all of them when Redis
 * becomes unreachable ({@link #dropConnections()}), so that no wait hangs on a connection
 * Lettuce is still reconnecting. Thread-safe.
 */
final class RedisWakeUps implements AutoCloseable {

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final Deque<StatefulConnection<byte[], byte[]>> idle = new ConcurrentLinkedDeque<>();

	private final Set<StatefulConnection<byte[], byte[]>> busy = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	RedisWakeUps(RedisConnections connections, RedisKeys keys) {
		this.connections = connections;
		this.keys = keys;
	}

	/**
	 * Blocks until the queue's marker is popped, the timeout elapses, or the thread is
	 * interrupted. Each blocking command lasts at most
	 * {@link RedisConnections#blockLimit()} (so Lettuce never times it out); longer waits
	 * repeat it.
	 * @param queue the queue
	 * @param timeout the longest wait
	 * @throws InterruptedException if interrupted
	 * @throws dev.taskqueue.TaskQueueUnavailableException if Redis cannot serve
	 */
	void await(String queue, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		byte[] key = this.keys.queueKeyBytes(queue, QueueKey.WAKE);
		while (true) {
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
			long millis = Math.min(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()),
					this.connections.blockLimit().toMillis());
			if (millis <= 0 || this.closed) {
				return;
			}
			if (popMarker(key, millis)) {
				return;
			}
		}
	}

	private boolean popMarker(byte[] key, long millis) throws InterruptedException {
		this.connections.availability().check();
		StatefulConnection<byte[], byte[]> connection = takeIdle();
		if (connection == null) {
			connection = open();
		}
		this.busy.add(connection);
		boolean reusable = false;
		try {
			KeyValue<byte[], ScoredValue<byte[]>> popped = this.connections
				.awaitBlocking(RedisConnections.commands(connection).bzpopmin(millis / 1000.0, key), millis);
			reusable = true;
			return popped != null && popped.hasValue();
		}
		finally {
			// not busy any more: dropConnections() closed it already
			if (this.busy.remove(connection)) {
				if (reusable && !this.closed) {
					this.idle.offerFirst(connection);
				}
				else {
					this.connections.closeQuietly(connection);
				}
			}
		}
	}

	private StatefulConnection<byte[], byte[]> open() throws InterruptedException {
		try {
			return this.connections.openBlocking();
		}
		catch (RuntimeException ex) {
			if (Thread.interrupted() || causedByInterrupt(ex)) {
				throw new InterruptedException();
			}
			throw ex;
		}
	}

	private static boolean causedByInterrupt(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InterruptedException) {
				return true;
			}
		}
		return false;
	}

	/** An idle connection that is still open (others are closed), or {@code null}. */
	private StatefulConnection<byte[], byte[]> takeIdle() {
		StatefulConnection<byte[], byte[]> connection;
		while ((connection = this.idle.pollFirst()) != null) {
			if (connection.isOpen()) {
				return connection;
			}
			this.connections.closeQuietly(connection);
		}
		return null;
	}

	/**
	 * Closes every connection, so that the waits on them end at once (Redis became
	 * unreachable: they would otherwise wait for Lettuce to reconnect them).
	 */
	void dropConnections() {
		StatefulConnection<byte[], byte[]> connection;
		while ((connection = this.idle.pollFirst()) != null) {
			this.connections.closeQuietly(connection);
		}
		for (StatefulConnection<byte[], byte[]> busyConnection : this.busy) {
			if (this.busy.remove(busyConnection)) {
				this.connections.closeQuietly(busyConnection);
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		dropConnections();
	}

}
