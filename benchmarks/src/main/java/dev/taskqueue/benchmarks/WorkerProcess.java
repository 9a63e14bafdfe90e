package dev.taskqueue.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.engine.TaskEngine;

/**
 * A worker instance in a JVM of its own, for the scaling benchmarks: runs no-op tasks of
 * queue {@value Engines#QUEUE}, prints {@code ready} once its workers run, and goes on
 * until its standard input closes. The parent paces the work by pausing and resuming the
 * queue, which every instance shares.
 * <p>
 * Arguments: Redis host, port, concurrency.
 */
public final class WorkerProcess {

	private WorkerProcess() {
	}

	/**
	 * Runs the worker.
	 * @param args host, port, concurrency
	 * @throws IOException if standard input fails
	 */
	public static void main(String[] args) throws IOException {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(args[0], Integer.parseInt(args[1])));
		factory.afterPropertiesSet();
		factory.start();
		TaskEngine engine = Engines.redis(factory, Integer.parseInt(args[2]), true, (payload, context) -> null);
		try {
			engine.start();
			System.out.println("ready");
			System.out.flush();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			while (in.readLine() != null) {
				// runs until the parent closes our standard input
			}
		}
		finally {
			Engines.close(engine);
			factory.destroy();
		}
	}

}
