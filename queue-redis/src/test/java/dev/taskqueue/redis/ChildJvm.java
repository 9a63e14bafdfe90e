package dev.taskqueue.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.spi.RetentionPolicy;

/**
 * Application instances in JVMs of their own, for crash tests: starts one on this test's
 * class path, collecting its output lines; and, on the child's side, its backend on the
 * Redis the test gave it.
 */
final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * Starts a JVM running a main class; the test resources kill it at the end.
	 * @param resources the test's resources
	 * @param lines where its output lines go, as they come
	 * @param mainClass the class to run
	 * @param args its arguments
	 * @return the process
	 * @throws IOException if it cannot be started
	 */
	static Process start(TestResources resources, List<String> lines, Class<?> mainClass, String... args)
			throws IOException {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(List.of(args));
		Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
		resources.add(child::destroyForcibly);
		BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream()));
		Thread reader = new Thread(() -> output.lines().forEach(lines::add));
		reader.setDaemon(true);
		reader.start();
		return child;
	}

	/**
	 * The child's backend, prefix {@code tq}, on the Redis at the given host and port.
	 * @param host the host
	 * @param port the port
	 * @return the backend
	 */
	static RedisTaskBackend backend(String host, String port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(host, Integer.parseInt(port)));
		factory.afterPropertiesSet();
		factory.start();
		return new RedisTaskBackend(factory, "tq", Clock.systemUTC(), RetentionPolicy.defaults(),
				RedisTestTasks.MAPPER);
	}

}
