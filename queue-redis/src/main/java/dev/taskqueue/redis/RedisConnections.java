package dev.taskqueue.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Access to Redis through a Spring Data {@link RedisConnectionFactory} backed by Lettuce.
 * <p>
 * Commands go to the factory's native Lettuce connection asynchronously, so that several
 * commands sent before awaiting any travel in one round trip (pipelining), and so that
 * the threads of an instance share one multiplexed connection. Blocking commands use
 * connections of their own ({@link #dedicated()}). Thread-safe. Lettuce reconnects by
 * itself after an outage; commands sent meanwhile fail or wait up to the command timeout.
 */
final class RedisConnections {

	private static final long DEFAULT_TIMEOUT_MILLIS = 60_000;

	private final RedisConnectionFactory factory;

	private final long timeoutMillis;

	RedisConnections(RedisConnectionFactory factory) {
		this.factory = Objects.requireNonNull(factory, "connection factory must not be null");
		this.timeoutMillis = (factory instanceof LettuceConnectionFactory lettuce && lettuce.getTimeout() > 0)
				? lettuce.getTimeout() : DEFAULT_TIMEOUT_MILLIS;
	}

	RedisConnectionFactory factory() {
		return this.factory;
	}

	/**
	 * Whether commands may still be in flight after {@link #withCommands} returns: true
	 * when the factory shares one native connection (as Spring Boot's does by default),
	 * false when each connection it gives is closed or pooled on release.
	 * @return whether replies can be awaited later
	 */
	boolean sharesNativeConnection() {
		return this.factory instanceof LettuceConnectionFactory lettuce && lettuce.getShareNativeConnection();
	}

	/**
	 * The longest a blocking command may block, well within the command timeout so that
	 * Lettuce does not cancel it.
	 * @return the limit
	 */
	Duration blockLimit() {
		return Duration.ofMillis(Math.max(100, Math.min(10_000, this.timeoutMillis / 2)));
	}

	/**
	 * Runs commands on the native asynchronous connection.
	 * @param <T> the result type
	 * @param work sends commands and awaits their futures
	 * @return what the work returned
	 */
	<T> T withCommands(Function<RedisClusterAsyncCommands<byte[], byte[]>, T> work) {
		try (RedisConnection connection = this.factory.getConnection()) {
			Object nativeConnection = connection.getNativeConnection();
			if (!(nativeConnection instanceof RedisClusterAsyncCommands<?, ?>)) {
				throw new IllegalStateException("the Redis task backend needs Lettuce; the connection factory "
						+ this.factory.getClass().getName() + " gives " + nativeConnection.getClass().getName());
			}
			@SuppressWarnings("unchecked")
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) nativeConnection;
			return work.apply(commands);
		}
	}

	/**
	 * Waits for a command's reply.
	 * @param <T> the reply type
	 * @param future the command
	 * @return the reply
	 * @throws io.lettuce.core.RedisException if the command failed, timed out or the
	 * thread was interrupted
	 */
	<T> T await(RedisFuture<T> future) {
		return LettuceFutures.awaitOrCancel(future, this.timeoutMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Waits for a reply that comes by another way than one command's future, with the
	 * same limit and failures as {@link #await(RedisFuture)}.
	 * @param <T> the reply type
	 * @param future the reply to come
	 * @return the reply
	 * @throws RedisException if the reply failed, did not come in time (the future is
	 * left alone: others may wait for it too) or the thread was interrupted
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
			throw new RedisCommandTimeoutException("no reply from Redis within " + this.timeoutMillis + " ms");
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() instanceof CompletionException) ? ex.getCause().getCause() : ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new RedisException(cause);
		}
	}

	/**
	 * A connection for blocking commands, which Spring Data runs on a native connection
	 * of their own (kept until the connection is closed).
	 * @return a new connection; the caller closes it
	 */
	RedisConnection dedicated() {
		return this.factory.getConnection();
	}

}
