package dev.taskqueue.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.benchmarks.Engines.Counter;
import dev.taskqueue.engine.TaskEngine;

/**
 * Several worker JVMs ({@link WorkerProcess}) on one Redis: draining a pre-filled queue
 * with one, two and four of them, and one producer (this JVM, 100 threads of single
 * enqueues) while two of them drain. Each worker JVM warms up before the clock starts;
 * all start together on a signal through Redis.
 */
final class ScalingBenchmarks {

	private static final String GROUP = "scaling";

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	private static final Duration POLL = Duration.ofMillis(5);

	private static final int CONCURRENCY = 50;

	private final Bench bench;

	private final RedisServer redis;

	ScalingBenchmarks(Bench bench, RedisServer redis) {
		this.bench = bench;
		this.redis = redis;
	}

	void run() {
		int n = this.bench.options.n();
		for (int jvms : new int[] { 1, 2, 4 }) {
			this.bench.measure("scaling-drain-" + jvms + "jvm", (warmup) -> drain(jvms, n), "rate", false);
		}
		this.bench.measure("scaling-produce-2jvm", (warmup) -> produceWhileDraining(2, n), "rate", false);
	}

	private Result drain(int jvms, int n) {
		return withWorkers(jvms, (engine, workers) -> {
			RedisBenchmarks.fill(engine, n);
			Map<String, Long> before = this.redis.commandCalls();
			CpuMeter cpu = CpuMeter.start(this.redis);
			long start = System.nanoTime();
			workers.go();
			Engines.awaitProcessed(engine, Engines.QUEUE, n, TIMEOUT, POLL);
			long nanos = System.nanoTime() - start;
			Result result = new Result(GROUP, "redis",
					"drain pre-filled queue, " + jvms + " worker JVM(s) x conc " + CONCURRENCY, jvms * CONCURRENCY, n)
				.rate(n, nanos)
				.extra("jvms", jvms);
			cpu.addTo(result, n);
			CommandStats.between(before, this.redis.commandCalls()).addTo(result, n);
			return result;
		});
	}

	private Result produceWhileDraining(int jvms, int n) {
		return withWorkers(jvms, (engine, workers) -> {
			engine.enqueue(Engines.TYPE, new Counter(-1));
			AtomicInteger next = new AtomicInteger();
			CountDownLatch go = new CountDownLatch(1);
			List<Thread> producers = new ArrayList<>();
			for (int t = 0; t < 100; t++) {
				Thread producer = new Thread(() -> {
					RedisBenchmarks.await(go);
					for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
						engine.enqueue(Engines.TYPE, new Counter(i));
					}
				});
				producer.start();
				producers.add(producer);
			}
			workers.go();
			CpuMeter cpu = CpuMeter.start(this.redis);
			long start = System.nanoTime();
			go.countDown();
			producers.forEach(RedisBenchmarks::join);
			long enqueued = System.nanoTime() - start;
			Engines.awaitProcessed(engine, Engines.QUEUE, n + 1, TIMEOUT, POLL);
			long nanos = System.nanoTime() - start;
			Result result = new Result(GROUP, "redis",
					"1 producer (100 in flight) + " + jvms + " worker JVMs x conc " + CONCURRENCY + ", end to end",
					jvms * CONCURRENCY, n)
				.rate(n, nanos)
				.extra("enqueue_rate", n * 1e9 / enqueued)
				.extra("jvms", jvms);
			cpu.addTo(result, n);
			return result;
		});
	}

	/** Flushes Redis, starts worker JVMs and a producing engine here, and cleans up. */
	private Result withWorkers(int jvms, Work work) {
		this.redis.flushAll();
		LettuceConnectionFactory factory = this.redis.connectionFactory();
		TaskEngine engine = Engines.redis(factory, 1, false, (payload, context) -> null);
		Workers workers = new Workers(jvms);
		try {
			return work.run(engine, workers);
		}
		finally {
			workers.close();
			Engines.close(engine);
			factory.destroy();
		}
	}

	@FunctionalInterface
	private interface Work {

		Result run(TaskEngine engine, Workers workers);

	}

	/** Worker JVMs, started and warmed up, waiting for the go signal. */
	private final class Workers implements AutoCloseable {

		private final List<Process> processes = new ArrayList<>();

		private final List<File> logs = new ArrayList<>();

		Workers(int count) {
			String java = javaLauncher();
			String classpath = System.getProperty("java.class.path");
			int warmup = Math.min(10_000, ScalingBenchmarks.this.bench.options.n() / 5);
			try {
				for (int i = 0; i < count; i++) {
					File log = File.createTempFile("benchmark-worker-", ".log");
					log.deleteOnExit();
					this.logs.add(log);
					this.processes.add(new ProcessBuilder(java, "-Xmx1g", "-cp", classpath,
							WorkerProcess.class.getName(), ScalingBenchmarks.this.redis.host(),
							Integer.toString(ScalingBenchmarks.this.redis.port()), Integer.toString(CONCURRENCY),
							Integer.toString(warmup))
						.redirectError(log)
						.start());
				}
				for (int i = 0; i < count; i++) {
					awaitReady(i);
				}
			}
			catch (IOException ex) {
				close();
				throw new UncheckedIOException("cannot start a worker JVM", ex);
			}
		}

		private void awaitReady(int i) throws IOException {
			Process process = this.processes.get(i);
			BufferedReader out = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
			String line;
			while ((line = out.readLine()) != null) {
				if (line.equals("ready")) {
					return;
				}
			}
			close();
			throw new IllegalStateException(
					"worker JVM " + i + " ended before it was ready:\n" + Files.readString(this.logs.get(i).toPath()));
		}

		void go() {
			String[] tokens = new String[this.processes.size()];
			Arrays.fill(tokens, "go");
			ScalingBenchmarks.this.redis.commands().lpush(WorkerProcess.GO_KEY, tokens);
		}

		@Override
		public void close() {
			for (Process process : this.processes) {
				try {
					process.getOutputStream().close();
				}
				catch (IOException ex) {
					// already gone
				}
			}
			for (Process process : this.processes) {
				try {
					if (!process.waitFor(15, TimeUnit.SECONDS)) {
						process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					process.destroyForcibly();
				}
			}
		}

	}

	/** This JVM's java launcher, so the workers run on the same Java. */
	private static String javaLauncher() {
		return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
	}

}
