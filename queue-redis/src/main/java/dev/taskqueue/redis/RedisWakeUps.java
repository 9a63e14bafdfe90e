package dev.taskqueue.redis;

import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisCommandInterruptedException;

import org.springframework.data.redis.connection.RedisConnection;

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
 * pooled here and closed when a wait fails or is interrupted. Thread-safe.
 */
final class RedisWakeUps implements AutoCloseable {

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final Deque<RedisConnection> idle = new ConcurrentLinkedDeque<>();

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
		RedisConnection connection = this.idle.pollFirst();
		if (connection == null) {
			connection = this.connections.dedicated();
		}
		boolean reusable = false;
		try {
			boolean popped = connection.zSetCommands().bZPopMin(key, millis, TimeUnit.MILLISECONDS) != null;
			reusable = true;
			return popped;
		}
		catch (RuntimeException ex) {
			if (Thread.interrupted() || causedByInterrupt(ex)) {
				throw new InterruptedException();
			}
			throw ex;
		}
		finally {
			if (reusable && !this.closed) {
				this.idle.offerFirst(connection);
			}
			else {
				closeQuietly(connection);
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		RedisConnection connection;
		while ((connection = this.idle.pollFirst()) != null) {
			closeQuietly(connection);
		}
	}

	private static boolean causedByInterrupt(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RedisCommandInterruptedException || cause instanceof InterruptedException) {
				return true;
			}
		}
		return false;
	}

	private static void closeQuietly(RedisConnection connection) {
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			// already broken: nothing to release
		}
	}

}
