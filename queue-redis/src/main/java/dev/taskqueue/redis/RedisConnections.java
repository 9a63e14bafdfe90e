package dev.taskqueue.redis;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.TaskQueueUnavailableException;

/**
 * Access to Redis through the Lettuce client of a Spring Data
 * {@link LettuceConnectionFactory}.
 * <p>
 * Commands go asynchronously to one connection the backend opens with the factory's
 * client (same address, database, credentials and client options as the factory's own
 * connections), so that several commands sent before awaiting any travel in one round
 * trip (pipelining), and so that the threads of an instance share one multiplexed
 * connection. Blocking commands use connections of their own ({@link #openBlocking()}).
 * Owning these connections (rather than borrowing the factory's shared or pooled ones)
 * lets the backend close them at once when Redis goes away, so that nothing waits for
 * Lettuce to reconnect them, and open new ones as soon as Redis answers again, without
 * touching the connections of the rest of the application.
 * <p>
 * Every wait for a reply lasts at most the command timeout (the shorter of the backend's
 * and the client's), and every failure goes through {@link #failed(Throwable)}: those
 * that mean Redis cannot serve now become {@link TaskQueueUnavailableException}s and
 * start an outage in {@link RedisAvailability}, during which calls fail at once.
 * Thread-safe.
 */
final class RedisConnections implements AutoCloseable {

	/** Lettuce's command timeout when the factory does not say. */
	private static final long DEFAULT_CLIENT_TIMEOUT_MILLIS = 60_000;

	private final LettuceConnectionFactory factory;

	private final long clientTimeoutMillis;

	private final long timeoutMillis;

	private final RedisAvailability availability;

	/** The connection for every non-blocking command, or {@code null} until opened. */
	private volatile Shared shared;

	RedisConnections(RedisConnectionFactory factory, Duration commandTimeout) {
		Objects.requireNonNull(factory, "connection factory must not be null");
		if (!(factory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException(
					"the Redis task backend needs a LettuceConnectionFactory, not " + factory.getClass().getName());
		}
		this.factory = lettuce;
		Objects.requireNonNull(commandTimeout, "command timeout must not be null");
		if (commandTimeout.isNegative() || commandTimeout.isZero()) {
			throw new IllegalArgumentException("command timeout must be positive, was " + commandTimeout);
		}
		this.clientTimeoutMillis = (lettuce.getTimeout() > 0) ? lettuce.getTimeout() : DEFAULT_CLIENT_TIMEOUT_MILLIS;
		this.timeoutMillis = Math.max(1, Math.min(this.clientTimeoutMillis, commandTimeout.toMillis()));
		this.availability = new RedisAvailability(Duration.ofMillis(this.timeoutMillis), this::isShuttingDown,
				this::probe);
		this.availability.onOutage(this::dropShared);
	}

	RedisAvailability availability() {
		return this.availability;
	}

	/**
	 * The longest a blocking command may block, well within the client's command timeout
	 * so that Lettuce does not cancel it.
	 * @return the limit
	 */
	Duration blockLimit() {
		return Duration.ofMillis(Math.max(100, Math.min(10_000, this.clientTimeoutMillis / 2)));
	}

	/**
	 * Runs commands on the backend's connection; fails at once while Redis is known to be
	 * unreachable, or when the connection is down (Lettuce is reconnecting it).
	 * @param <T> the result type
	 * @param work sends commands and awaits their futures
	 * @return what the work returned
	 * @throws TaskQueueUnavailableException if Redis cannot serve now
	 */
	<T> T withCommands(Function<RedisClusterAsyncCommands<byte[], byte[]>, T> work) {
		this.availability.check();
		Shared current = this.shared;
		if (current == null) {
			current = openShared();
		}
		else if (!current.connection().isOpen()) {
			throw this.availability.connectionLost();
		}
		return work.apply(current.commands());
	}

	private synchronized Shared openShared() {
		Shared current = this.shared;
		if (current == null) {
			try {
				current = new Shared(open());
			}
			catch (RuntimeException ex) {
				throw failed(ex);
			}
			this.shared = current;
		}
		return current;
	}

	/**
	 * Closes the backend's connection (Redis became unreachable): what waits on it fails.
	 */
	private synchronized void dropShared() {
		Shared current = this.shared;
		this.shared = null;
		if (current != null) {
			closeQuietly(current.connection());
		}
	}

	/** Uses a connection that just answered as the backend's connection. */
	private synchronized void useShared(StatefulConnection<byte[], byte[]> connection) {
		Shared previous = this.shared;
		this.shared = new Shared(connection);
		if (previous != null) {
			closeQuietly(previous.connection());
		}
	}

	/**
	 * Waits for a command's reply, at most the command timeout (then cancels it, so that
	 * Lettuce never sends it later).
	 * @param <T> the reply type
	 * @param future the command
	 * @return the reply
	 * @throws TaskQueueUnavailableException if Redis cannot serve now or did not answer
	 * in time
	 * @throws RedisException if the command failed otherwise or the thread was
	 * interrupted
	 */
	<T> T await(RedisFuture<T> future) {
		try {
			return LettuceFutures.awaitOrCancel(future, this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			throw failed(ex);
		}
	}

	/**
	 * Waits for a reply that comes by another way than one command's future, with the
	 * same limit and failures as {@link #await(RedisFuture)}.
	 * @param <T> the reply type
	 * @param future the reply to come
	 * @return the reply
	 * @throws RuntimeException as {@link #await(RedisFuture)}; the future is left alone
	 * when it did not complete in time (others may wait for it too)
	 */
	<T> T await(CompletableFuture<T> future) {
		try {
			return future.get(this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisCommandInterruptedException(ex);
		}
		catch (TimeoutException ex) {
			throw failed(new RedisCommandTimeoutException("no reply from Redis within " + this.timeoutMillis + " ms"));
		}
		catch (ExecutionException ex) {
			throw failed(ex.getCause());
		}
		catch (CancellationException ex) {
			throw failed(ex);
		}
	}

	/**
	 * Waits for the reply of a blocking command, at most its block time plus the command
	 * timeout.
	 * @param <T> the reply type
	 * @param future the command
	 * @param blockMillis how long Redis may block it
	 * @return the reply
	 * @throws InterruptedException if interrupted (the command is cancelled)
	 * @throws RuntimeException as {@link #await(RedisFuture)}
	 */
	<T> T awaitBlocking(RedisFuture<T> future, long blockMillis) throws InterruptedException {
		try {
			return future.get(blockMillis + this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			future.cancel(true);
			throw ex;
		}
		catch (TimeoutException ex) {
			future.cancel(true);
			throw failed(new RedisCommandTimeoutException("no reply from Redis within " + this.timeoutMillis + " ms"));
		}
		catch (ExecutionException ex) {
			throw failed(ex.getCause());
		}
		catch (CancellationException ex) {
			throw failed(ex);
		}
	}

	/**
	 * What a failure means for the caller: a {@link TaskQueueUnavailableException} (and
	 * the start of an outage) when Redis cannot serve now, else the failure itself.
	 * @param failure the failure
	 * @return the exception to throw
	 */
	RuntimeException failed(Throwable failure) {
		Throwable cause = (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause()
				: failure;
		return this.availability.failure(cause);
	}

	/**
	 * Opens a connection for blocking commands with the factory's Lettuce client (the
	 * same address, database, credentials and options as the factory's connections, but
	 * none of its pool); fails at once while Redis is known to be unreachable.
	 * @return the connection; close it with {@link #closeQuietly(StatefulConnection)}
	 * @throws TaskQueueUnavailableException if Redis cannot be reached
	 */
	StatefulConnection<byte[], byte[]> openBlocking() {
		this.availability.check();
		try {
			return open();
		}
		catch (RuntimeException ex) {
			throw failed(ex);
		}
	}

	private StatefulConnection<byte[], byte[]> open() {
		AbstractRedisClient client = this.factory.getRequiredNativeClient();
		if (client instanceof RedisClusterClient cluster) {
			return cluster.connect(ByteArrayCodec.INSTANCE);
		}
		return ((RedisClient) client).connect(ByteArrayCodec.INSTANCE);
	}

	/**
	 * The asynchronous commands of a connection from {@link #openBlocking()}.
	 * @param connection the connection
	 * @return its commands
	 */
	static RedisClusterAsyncCommands<byte[], byte[]> commands(StatefulConnection<byte[], byte[]> connection) {
		if (connection instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster) {
			return cluster.async();
		}
		return ((StatefulRedisConnection<byte[], byte[]>) connection).async();
	}

	/**
	 * Closes a connection from {@link #openBlocking()}; does nothing once the connection
	 * factory stops (stopping it closes every connection of its client, and closing one
	 * twice makes Lettuce warn).
	 * @param connection the connection, or {@code null}
	 */
	void closeQuietly(StatefulConnection<byte[], byte[]> connection) {
		if (connection == null || isShuttingDown()) {
			return;
		}
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			// already broken: nothing to release
		}
	}

	/**
	 * The server's clock, in milliseconds.
	 * @param commands where to ask
	 * @return the time
	 */
	long serverMillis(RedisClusterAsyncCommands<byte[], byte[]> commands) {
		List<byte[]> time = await(commands.time());
		return Long.parseLong(ScriptValues.text(time.get(0))) * 1000
				+ Long.parseLong(ScriptValues.text(time.get(1))) / 1000;
	}

	/**
	 * Whether the connection factory is stopping or stopped, as when the application
	 * shuts down: failures then mean nothing about Redis.
	 * @return true once the factory no longer runs
	 */
	boolean isShuttingDown() {
		return !this.factory.isRunning();
	}

	/**
	 * Asks Redis for a PONG on a new connection, which then becomes the backend's
	 * connection.
	 */
	private void probe() {
		StatefulConnection<byte[], byte[]> connection = open();
		try {
			LettuceFutures.awaitOrCancel(commands(connection).ping(), this.clientTimeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			connection.close();
			throw ex;
		}
		useShared(connection);
	}

	/** Stops watching for the end of an outage and closes the backend's connection. */
	@Override
	public void close() {
		this.availability.close();
		dropShared();
	}

	/**
	 * The backend's connection and its commands.
	 *
	 * @param connection the connection
	 * @param commands its asynchronous commands
	 */
	private record Shared(StatefulConnection<byte[], byte[]> connection,
			RedisClusterAsyncCommands<byte[], byte[]> commands) {

		Shared(StatefulConnection<byte[], byte[]> connection) {
			this(connection, RedisConnections.commands(connection));
		}

	}

}
