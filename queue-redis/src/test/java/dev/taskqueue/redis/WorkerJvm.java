package dev.taskqueue.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A {@link RecordingWorkerProcess} in a JVM of its own, as the tests start, kill and stop
 * it. Its output goes to {@code <instance>.out} and its runs to {@code <instance>.runs}
 * in the given directory.
 */
final class WorkerJvm {

	private final String instance;

	private final Path output;

	private final Process process;

	private WorkerJvm(String instance, Path output, Process process) {
		this.instance = instance;
		this.output = output;
		this.process = process;
	}

	/**
	 * Starts a worker JVM (it is ready a second or two later).
	 * @param redis the queue's Redis
	 * @param queue the queue it works on
	 * @param instance its name, unique in the test run
	 * @param directory where its files go
	 * @param concurrency tasks it runs at once
	 * @param lease the lease of its claims
	 * @param stalls stalls allowed per task
	 * @param shutdownTimeout how long its graceful stop waits for running tasks
	 * @return the started JVM
	 */
	static WorkerJvm start(RedisServerSupport redis, String queue, String instance, Path directory, int concurrency,
			Duration lease, int stalls, Duration shutdownTimeout) {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(),
				// a small, quickly started JVM: the machine also runs the other workers,
				// Redis and the test
				"-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				RecordingWorkerProcess.class.getName(), redis.host(), Integer.toString(redis.port()), queue, instance,
				directory.resolve(instance + ".runs").toString(), Integer.toString(concurrency),
				Long.toString(lease.toMillis()), Integer.toString(stalls), Long.toString(shutdownTimeout.toMillis())));
		Path output = directory.resolve(instance + ".out");
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			return new WorkerJvm(instance, output, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String instance() {
		return this.instance;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** Waits until the instance has started its engine. */
	WorkerJvm awaitReady() {
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.failFast("worker " + this.instance + " exited", () -> !this.process.isAlive())
			.until(() -> output().contains("ready"));
		return this;
	}

	/**
	 * Kills the JVM at once ({@code SIGKILL}, as {@code kill -9}) and waits until it is
	 * gone.
	 * @return when it was gone (epoch milliseconds): nothing it recorded is later
	 */
	long kill() {
		this.process.destroyForcibly();
		awaitExit(Duration.ofSeconds(30));
		return System.currentTimeMillis();
	}

	/**
	 * Asks the JVM to stop ({@code SIGTERM}, as an orchestrator would), which runs its
	 * graceful stop; does not wait.
	 */
	void terminate() {
		this.process.toHandle().destroy();
	}

	/**
	 * Waits for the JVM to exit.
	 * @param timeout the longest wait
	 * @return whether it exited
	 */
	boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	int exitValue() {
		return this.process.exitValue();
	}

	/** Kills the JVM if it still runs (clean-up after a failed test). */
	void destroy() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
			awaitExit(Duration.ofSeconds(10));
		}
	}

	String output() {
		try {
			return new String(Files.readAllBytes(this.output), StandardCharsets.ISO_8859_1);
		}
		catch (IOException ex) {
			return "(no output: " + ex.getMessage() + ")";
		}
	}

}
