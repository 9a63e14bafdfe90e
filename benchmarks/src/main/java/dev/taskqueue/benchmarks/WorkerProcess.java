package dev.taskqueue.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

import dev.taskqueue.engine.TaskEngine;

/**
 * A worker instance in a JVM of its own, for the scaling benchmarks: warms its JIT up on
 * a queue of its own, prints {@code ready}, waits for the go signal (an element popped
 * from {@value #GO_KEY}), then runs no-op tasks of queue {@value Engines#QUEUE} until its
 * standard input closes.
 * <p>
 * Arguments: Redis host, port, concurrency, warm-up task count.
 */
public final class WorkerProcess {

	/** The list the parent pushes one element per worker to, to start them together. */
	static final String GO_KEY = "bench:go";

	private WorkerProcess() {
	}

	/**
	 * Runs the worker.
	 * @param args host, port, concurrency, warm-up tasks
	 * @throws IOException if standard input fails
	 */
	public static void main(String[] args) throws IOException {
		String host = args[0];
		int port = Integer.parseInt(args[1]);
		int concurrency = Integer.parseInt(args[2]);
		int warmupTasks = Integer.parseInt(args[3]);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		warmUp(factory, concurrency, warmupTasks);
		TaskEngine engine = Engines.redis(factory, concurrency, true, (payload, context) -> null);
		RedisClient client = RedisClient.create(RedisURI.create(host, port));
		try (StatefulRedisConnection<String, String> control = client.connect()) {
			System.out.println("ready");
			System.out.flush();
			control.sync().blpop(0, GO_KEY);
			engine.start();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			while (in.readLine() != null) {
				// runs until the parent closes our standard input
			}
		}
		finally {
			Engines.close(engine);
			client.shutdown();
			factory.destroy();
		}
	}

	/** Runs tasks on a queue of this process's own, so the JIT has compiled the paths. */
	private static void warmUp(LettuceConnectionFactory factory, int concurrency, int tasks) {
		if (tasks <= 0) {
			return;
		}
		String queue = "warm-" + ProcessHandle.current().pid();
		TaskEngine warm = Engines.redis(factory, queue, concurrency, true, (payload, context) -> null);
		try {
			RedisBenchmarks.fill(warm, tasks);
			warm.start();
			Engines.awaitProcessed(warm, queue, tasks, Duration.ofMinutes(2), Duration.ofMillis(5));
		}
		finally {
			warm.stop();
			warm.obliterate(queue);
			warm.backend().close();
		}
	}

}
