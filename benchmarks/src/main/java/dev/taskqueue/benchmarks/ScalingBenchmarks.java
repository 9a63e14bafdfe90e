package dev.taskqueue.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
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
 * enqueues) while two of them drain. The worker JVMs of one configuration serve its
 * warm-up run and all its repetitions; a repetition fills the queue while it is paused
 * (pause is shared by all instances) and starts the clock when it resumes it.
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
			String name = "scaling-drain-" + jvms + "jvm";
			if (this.bench.options.selects(name)) {
				withWorkers(jvms, name, (engine) -> this.bench.measure(name, (warmup) -> drain(engine, jvms, n)));
			}
		}
		String name = "scaling-produce-2jvm";
		if (this.bench.options.selects(name)) {
			withWorkers(2, name, (engine) -> this.bench.measure(name, (warmup) -> produceWhileDraining(engine, 2, n)));
		}
	}

	private Result drain(TaskEngine engine, int jvms, int n) {
		engine.pause(Engines.QUEUE);
		RedisBenchmarks.fill(engine, n);
		long base = engine.stats(Engines.QUEUE).metrics().processed();
		Map<String, Long> before = this.redis.commandCalls();
		CpuMeter cpu = CpuMeter.start(this.redis);
		long start = System.nanoTime();
		engine.resume(Engines.QUEUE);
		Engines.awaitProcessed(engine, Engines.QUEUE, base + n, TIMEOUT, POLL);
		long nanos = System.nanoTime() - start;
		Result result = new Result(GROUP, "redis",
				"drain pre-filled queue, " + jvms + " worker JVM(s) x conc " + CONCURRENCY, jvms * CONCURRENCY, n)
			.rate(n, nanos)
			.extra("jvms", jvms);
		cpu.addTo(result, n);
		CommandStats.between(before, this.redis.commandCalls()).addTo(result, n);
		return result;
	}

	private Result produceWhileDraining(TaskEngine engine, int jvms, int n) {
		long base = engine.stats(Engines.QUEUE).metrics().processed();
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
		CpuMeter cpu = CpuMeter.start(this.redis);
		long start = System.nanoTime();
		go.countDown();
		producers.forEach(RedisBenchmarks::join);
		long enqueued = System.nanoTime() - start;
		Engines.awaitProcessed(engine, Engines.QUEUE, base + n, TIMEOUT, POLL);
		long nanos = System.nanoTime() - start;
		Result result = new Result(GROUP, "redis",
				"1 producer (100 in flight) + " + jvms + " worker JVMs x conc " + CONCURRENCY + ", end to end",
				jvms * CONCURRENCY, n)
			.rate(n, nanos)
			.extra("enqueue_rate", n * 1e9 / enqueued)
			.extra("jvms", jvms);
		cpu.addTo(result, n);
		return result;
	}

	/**
	 * Flushes Redis, starts worker JVMs and a producing engine (workers off) here, runs
	 * the work, and stops them.
	 */
	private void withWorkers(int jvms, String name, java.util.function.Consumer<TaskEngine> work) {
		this.redis.flushAll();
		LettuceConnectionFactory factory = this.redis.connectionFactory();
		TaskEngine engine = Engines.redis(factory, 1, false, (payload, context) -> null);
		try (Workers workers = new Workers(jvms, name)) {
			work.accept(engine);
		}
		finally {
			Engines.close(engine);
			factory.destroy();
		}
	}

	/** Worker JVMs, started and ready. */
	private final class Workers implements AutoCloseable {

		private final List<Process> processes = new ArrayList<>();

		private final List<File> logs = new ArrayList<>();

		Workers(int count, String name) {
			try {
				for (int i = 0; i < count; i++) {
					File log = File.createTempFile("benchmark-worker-", ".log");
					log.deleteOnExit();
					this.logs.add(log);
					this.processes
						.add(new ProcessBuilder(command(name + "-worker" + (i + 1))).redirectError(log).start());
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

		private List<String> command(String name) throws IOException {
			List<String> command = new ArrayList<>();
			command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
			command.add("-Xmx1g");
			Path jfr = ScalingBenchmarks.this.bench.options.jfr();
			if (jfr != null) {
				Files.createDirectories(jfr);
				Path settings = jfr.resolve("sampling.jfc");
				try (InputStream in = ScalingBenchmarks.class.getResourceAsStream("/sampling.jfc")) {
					Files.copy(in, settings, StandardCopyOption.REPLACE_EXISTING);
				}
				command.add("-XX:StartFlightRecording=filename=" + jfr.resolve(name + ".jfr") + ",settings=" + settings
						+ ",dumponexit=true");
			}
			command.addAll(List.of("-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName(),
					ScalingBenchmarks.this.redis.host(), Integer.toString(ScalingBenchmarks.this.redis.port()),
					Integer.toString(CONCURRENCY)));
			return command;
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

}
