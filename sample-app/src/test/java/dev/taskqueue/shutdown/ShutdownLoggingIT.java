package dev.taskqueue.shutdown;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.taskqueue.redis.RedisServerSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@link SlowTaskApplication} in a JVM of its own with the starter's dependencies,
 * stops it with SIGTERM as a platform would, and reads what it logged: the graceful stop
 * says what it did (the task it handed back), and on Redis the client's connections make
 * no noise, neither during an outage (the backend logs it once as it starts and once as
 * it ends) nor at shutdown.
 */
class ShutdownLoggingIT {

	private static final String HANDED_BACK = "Handed back 1 unfinished task(s) of queue 'slow'";

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void tearDown() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	@Test
	void aStopAtSigtermLogsTheTasksItHandedBack() throws Exception {
		Application application = start();
		application.awaitLine("started one");

		List<String> output = application.terminate();

		assertThat(output).anySatisfy((line) -> assertThat(line).contains(HANDED_BACK));
	}

	@Test
	void onRedisAnOutageAndAShutdownLogOneLinePerStateChange() throws Exception {
		RedisServerSupport redis = RedisServerSupport.startOwn(true);
		this.resources.add(redis);
		Application application = start("--taskqueue.backend=redis", "--spring.data.redis.host=" + redis.host(),
				"--spring.data.redis.port=" + redis.port());
		application.awaitLine("started one");

		redis.stop();
		application.awaitLine("Redis is unreachable");
		// the outage under test lasts seconds, while Lettuce tries to reconnect (not a
		// wait for a condition)
		Thread.sleep(3000);
		redis.start();
		application.awaitLine("Redis answers again");
		List<String> output = application.terminate();

		assertThat(output).filteredOn((line) -> line.contains("Redis is unreachable")).hasSize(1);
		assertThat(output).filteredOn((line) -> line.contains("Redis answers again")).hasSize(1);
		assertThat(output).anySatisfy((line) -> assertThat(line).contains(HANDED_BACK));
		assertThat(output).noneSatisfy((line) -> assertThat(line).containsAnyOf("Reconnecting", "Cannot reconnect",
				"Reconnected to", "already closed", "Could not read task events"));
		assertThat(output).filteredOn((line) -> line.contains(" WARN ")).hasSize(1);
		assertThat(output).noneSatisfy((line) -> assertThat(line).contains(" ERROR "));
	}

	private Application start(String... arguments) throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
				SlowTaskApplication.class.getName(), "--server.port=0", "--spring.main.banner-mode=off",
				"--taskqueue.shutdown.timeout=1s", "--spring.lifecycle.timeout-per-shutdown-phase=10s"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.resources.add(process::destroyForcibly);
		return new Application(process);
	}

	/** A running application and the lines it printed. */
	private static final class Application {

		private final Process process;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final Thread reader;

		Application(Process process) {
			this.process = process;
			BufferedReader output = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			this.reader = new Thread(() -> output.lines().forEach(this.lines::add), "child-output");
			this.reader.setDaemon(true);
			this.reader.start();
		}

		void awaitLine(String text) {
			await().atMost(Duration.ofSeconds(60))
				.failFast("the application exited", () -> !this.process.isAlive())
				.until(() -> this.lines.stream().anyMatch((line) -> line.contains(text)));
		}

		/** Sends SIGTERM and returns everything the application printed. */
		List<String> terminate() throws InterruptedException {
			// SIGTERM through the handle: Process.destroy() would also close the output
			this.process.toHandle().destroy();
			assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
			this.reader.join(5000);
			return List.copyOf(this.lines);
		}

	}

}
