package dev.taskqueue.benchmarks;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A {@code redis-server} of the benchmark's own, on a free port of 127.0.0.1, without
 * persistence; with a control connection for FLUSHALL and INFO. Stopped on close.
 */
final class RedisServer implements AutoCloseable {

	private final Process process;

	private final int port;

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private RedisServer(Process process, int port, RedisClient client,
			StatefulRedisConnection<String, String> connection) {
		this.process = process;
		this.port = port;
		this.client = client;
		this.connection = connection;
	}

	/**
	 * Starts a server and waits until it answers.
	 * @param binary the redis-server binary
	 * @return the running server
	 */
	static RedisServer start(String binary) {
		int port = freePort();
		Process process;
		try {
			File log = File.createTempFile("benchmark-redis-", ".log");
			log.deleteOnExit();
			process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
					"--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(log)
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + binary + " (install Debian's redis-server, or pass "
					+ "--redis-server PATH): " + ex.getMessage(), ex);
		}
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (true) {
			try {
				StatefulRedisConnection<String, String> connection = client.connect();
				connection.sync().ping();
				return new RedisServer(process, port, client, connection);
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline || !process.isAlive()) {
					process.destroyForcibly();
					client.shutdown();
					throw new IllegalStateException("redis-server did not answer on port " + port, ex);
				}
				sleep(Duration.ofMillis(20));
			}
		}
	}

	String host() {
		return "127.0.0.1";
	}

	int port() {
		return this.port;
	}

	RedisCommands<String, String> commands() {
		return this.connection.sync();
	}

	/**
	 * A new Spring Data connection factory on this server; the caller destroys it.
	 * @return a started factory
	 */
	LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(host(), this.port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	void flushAll() {
		commands().flushall();
	}

	String version() {
		return info("server").getOrDefault("redis_version", "?");
	}

	long usedMemory() {
		return Long.parseLong(info("memory").get("used_memory"));
	}

	/**
	 * Calls per command since start, from {@code INFO commandstats}. Redis counts the
	 * commands that scripts run as well as those clients send.
	 * @return command name to calls
	 */
	Map<String, Long> commandCalls() {
		Map<String, Long> calls = new HashMap<>();
		info("commandstats").forEach((key, value) -> {
			if (key.startsWith("cmdstat_")) {
				int from = value.indexOf("calls=") + 6;
				int to = value.indexOf(',', from);
				calls.put(key.substring(8), Long.parseLong(value.substring(from, (to < 0) ? value.length() : to)));
			}
		});
		return calls;
	}

	Map<String, String> info(String section) {
		Map<String, String> values = new HashMap<>();
		for (String line : commands().info(section).split("\r?\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && !line.startsWith("#")) {
				values.put(line.substring(0, colon), line.substring(colon + 1).trim());
			}
		}
		return values;
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
