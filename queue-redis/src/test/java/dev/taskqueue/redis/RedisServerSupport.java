package dev.taskqueue.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A Redis server for tests, never a mock. In order of preference:
 * <ol>
 * <li>the server at {@code TASKQUEUE_TEST_REDIS_URL} when that variable is set (such as
 * {@code redis://localhost:6379/15}; tests flush its database);</li>
 * <li>a {@code redis-server} started here as a child process on a free port, when the
 * binary is on the {@code PATH} (killed when the tests end; it can be stopped, killed and
 * restarted for fault tests);</li>
 * <li>a Testcontainers container, when a Docker engine answers.</li>
 * </ol>
 * Otherwise it fails with a message that says what to install.
 */
public final class RedisServerSupport implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(10);

	private static RedisServerSupport shared;

	private final String host;

	private final int port;

	private final RedisConfiguration configuration;

	private final List<String> command;

	private final Path directory;

	private final AutoCloseable container;

	private Process process;

	private RedisServerSupport(String host, int port, RedisConfiguration configuration, List<String> command,
			Path directory, AutoCloseable container) {
		this.host = host;
		this.port = port;
		this.configuration = configuration;
		this.command = command;
		this.directory = directory;
		this.container = container;
	}

	/**
	 * The server shared by the tests of this JVM, started on first use.
	 * @return the server
	 */
	public static synchronized RedisServerSupport shared() {
		if (shared == null) {
			String url = System.getenv("TASKQUEUE_TEST_REDIS_URL");
			if (url != null && !url.isBlank()) {
				shared = external(url);
			}
			else if (hasRedisServerBinary()) {
				shared = startProcess(false);
			}
			else {
				shared = startContainer();
			}
			RedisServerSupport server = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "redis-server-stop"));
		}
		return shared;
	}

	/**
	 * A server of its own, as a child process, for tests that stop, kill or restart it.
	 * @param appendOnly whether to persist with an append-only file synced on every write
	 * @return the started server
	 * @throws org.opentest4j.TestAbortedException when {@code redis-server} is not on the
	 * path (fault tests then do not run)
	 */
	public static RedisServerSupport startOwn(boolean appendOnly) {
		org.junit.jupiter.api.Assumptions.assumeTrue(hasRedisServerBinary(),
				"fault tests need redis-server on the PATH (apt-get install redis-server)");
		return startProcess(appendOnly);
	}

	private static RedisServerSupport external(String url) {
		RedisConfiguration configuration = LettuceConnectionFactory.createRedisConfiguration(url);
		RedisStandaloneConfiguration standalone = (RedisStandaloneConfiguration) configuration;
		return new RedisServerSupport(standalone.getHostName(), standalone.getPort(), configuration, null, null, null);
	}

	private static boolean hasRedisServerBinary() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(dir, "redis-server"))) {
				return true;
			}
		}
		return false;
	}

	private static RedisServerSupport startProcess(boolean appendOnly) {
		// the free port may be taken between choosing and binding it: try a few
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			try {
				return startProcessOnce(appendOnly);
			}
			catch (IllegalStateException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	private static RedisServerSupport startProcessOnce(boolean appendOnly) {
		try {
			int port = freePort();
			Path directory = Files.createTempDirectory("taskqueue-redis-");
			List<String> command = new ArrayList<>(
					List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
							"--dir", directory.toString(), "--daemonize", "no", "--maxmemory-policy", "noeviction"));
			if (appendOnly) {
				command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
			}
			else {
				command.addAll(List.of("--appendonly", "no"));
			}
			RedisServerSupport server = new RedisServerSupport("127.0.0.1", port,
					new RedisStandaloneConfiguration("127.0.0.1", port), command, directory, null);
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start redis-server: " + ex.getMessage(), ex);
		}
	}

	private static RedisServerSupport startContainer() {
		boolean docker;
		try {
			docker = org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException | LinkageError ex) {
			docker = false;
		}
		if (!docker) {
			throw new IllegalStateException("The Redis tests need a real Redis server and found none: install one "
					+ "(Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) so that redis-server "
					+ "is on the PATH, or set TASKQUEUE_TEST_REDIS_URL=redis://host:port/db, or start Docker");
		}
		org.testcontainers.containers.GenericContainer<?> container = new org.testcontainers.containers.GenericContainer<>(
				"redis:7.0")
			.withExposedPorts(6379);
		container.start();
		String host = container.getHost();
		int port = container.getMappedPort(6379);
		return new RedisServerSupport(host, port, new RedisStandaloneConfiguration(host, port), null, null,
				container::stop);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
	}

	/**
	 * Whether this server is a child process that can be stopped and restarted.
	 * @return true for a child process
	 */
	public boolean isOwnProcess() {
		return this.command != null;
	}

	public String host() {
		return this.host;
	}

	public int port() {
		return this.port;
	}

	/**
	 * A new, started connection factory (its own client: one "instance"); close it.
	 * @return the factory
	 */
	public LettuceConnectionFactory connectionFactory() {
		return connectionFactory(Duration.ofSeconds(5));
	}

	/**
	 * A new, started connection factory with the given command timeout (Lettuce's
	 * default, used by Spring Boot when {@code spring.data.redis.timeout} is not set, is
	 * 60 s); close it.
	 * @param commandTimeout how long Lettuce waits for a reply
	 * @return the factory
	 */
	public LettuceConnectionFactory connectionFactory(Duration commandTimeout) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build();
		LettuceConnectionFactory factory = (this.configuration instanceof RedisStandaloneConfiguration standalone)
				? new LettuceConnectionFactory(standalone, client) : new LettuceConnectionFactory(this.configuration);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Deletes every key of the database the tests use.
	 */
	public void flush() {
		LettuceConnectionFactory factory = connectionFactory();
		try (var connection = factory.getConnection()) {
			connection.serverCommands().flushDb();
		}
		finally {
			factory.destroy();
		}
	}

	/**
	 * Starts the child process (again, on the same port and directory) and waits until it
	 * answers.
	 */
	public synchronized void start() {
		start(List.of(), true);
	}

	/**
	 * Starts the child process (again) so that it loads its data slowly, and returns as
	 * soon as it accepts connections: until it has loaded every key, it answers commands
	 * with {@code LOADING}. Use with {@link #fill(int)} and an append-only file.
	 * @param keyLoadDelayMicros how long it spends on each key it loads
	 */
	public synchronized void startLoading(int keyLoadDelayMicros) {
		start(List.of("--key-load-delay", Integer.toString(keyLoadDelayMicros)), false);
	}

	/**
	 * Writes filler keys (outside every task queue key prefix), so that loading them
	 * after a restart takes time.
	 * @param keys how many
	 */
	public void fill(int keys) {
		try (Socket socket = new Socket(this.host, this.port)) {
			socket.setSoTimeout(30_000);
			OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 65536);
			for (int i = 0; i < keys; i++) {
				String key = "filler:" + i;
				out.write(("*3\r\n$3\r\nSET\r\n$" + key.length() + "\r\n" + key + "\r\n$5\r\nvalue\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			}
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[65536];
			long replies = 0;
			while (replies < keys) {
				int read = in.read(buffer);
				if (read < 0) {
					throw new IllegalStateException("redis-server closed the connection while filling");
				}
				for (int i = 0; i < read; i++) {
					if (buffer[i] == '\n') {
						replies++;
					}
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not fill redis-server: " + ex.getMessage(), ex);
		}
	}

	private void start(List<String> extraArguments, boolean awaitReady) {
		if (!isOwnProcess()) {
			throw new IllegalStateException("only a child-process Redis can be started here");
		}
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		try {
			File log = this.directory.resolve("redis.log").toFile();
			List<String> command = new ArrayList<>(this.command);
			command.addAll(extraArguments);
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log))
				.start();
			long deadline = System.nanoTime() + STARTUP.toNanos();
			while (!answersPing(awaitReady)) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("redis-server exited with " + this.process.exitValue() + "; see "
							+ log + ": " + Files.readString(log.toPath()));
				}
				if (System.nanoTime() > deadline) {
					this.process.destroyForcibly();
					throw new IllegalStateException("redis-server did not answer within " + STARTUP);
				}
				Thread.sleep(10);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not start redis-server: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while starting redis-server", ex);
		}
	}

	/**
	 * Stops the child process as an operator would (SIGTERM), and waits for it.
	 */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.destroy();
			awaitExit();
		}
	}

	/**
	 * Kills the child process at once (SIGKILL), as a crash would.
	 */
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			awaitExit();
		}
	}

	/**
	 * Freezes the child process (SIGSTOP): its connections stay open but nothing is
	 * answered, as with a Redis that hangs or a network that drops packets.
	 */
	public synchronized void freeze() {
		signal("STOP");
	}

	/**
	 * Lets a frozen child process go on (SIGCONT).
	 */
	public synchronized void thaw() {
		signal("CONT");
	}

	private void signal(String name) {
		if (this.process == null || !this.process.isAlive()) {
			throw new IllegalStateException("redis-server does not run");
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.process.pid())).inheritIO()
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("could not send SIG" + name + " to redis-server");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not send SIG" + name + " to redis-server", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while signalling redis-server", ex);
		}
	}

	private void awaitExit() {
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Whether the server answers a {@code PING}: with {@code PONG}, or when not
	 * {@code ready}, with anything (such as {@code LOADING}).
	 */
	private boolean answersPing(boolean ready) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[7];
			int read = in.read(reply);
			return read > 0 && (!ready || new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG"));
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public synchronized void close() {
		if (this.process != null) {
			// SIGKILL ends a frozen process too
			kill();
			this.process = null;
		}
		if (this.directory != null) {
			deleteQuietly(this.directory);
		}
		if (this.container != null) {
			try {
				this.container.close();
			}
			catch (Exception ex) {
				// best effort at shutdown
			}
		}
	}

	private static void deleteQuietly(Path directory) {
		try (var paths = Files.walk(directory)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: the system cleans it up eventually
		}
	}

}
