package dev.taskqueue.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.taskqueue.benchmarks.Engines.Blob;
import dev.taskqueue.benchmarks.Engines.Counter;
import dev.taskqueue.benchmarks.Engines.Stamp;
import dev.taskqueue.engine.TaskEngine;
import tools.jackson.databind.JsonNode;

/**
 * The in-memory backend: end-to-end throughput beside a bare {@link ThreadPoolExecutor}
 * (the floor), enqueue-to-start latency, and heap bytes per waiting task.
 */
final class MemoryBenchmarks {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final String GROUP = "memory";

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private final Bench bench;

	MemoryBenchmarks(Bench bench) {
		this.bench = bench;
	}

	void run() {
		int n = this.bench.options.n() * 20;
		for (int conc : new int[] { 1, 8, 64 }) {
			this.bench.measure("memory-floor-c" + conc, (warmup) -> executorFloor(conc, warmup ? n / 5 : n));
			this.bench.measure("memory-throughput-c" + conc, (warmup) -> throughput(conc, warmup ? n / 5 : n));
		}
		int idle = this.bench.scaled(2000);
		this.bench.measure("memory-floor-latency-idle", (warmup) -> executorIdleLatency(8, warmup ? idle / 4 : idle));
		this.bench.measure("memory-latency-idle", (warmup) -> idleLatency(8, warmup ? idle / 4 : idle));
		for (int rate : new int[] { 10_000, 100_000 }) {
			int total = this.bench.scaled(rate * 2);
			this.bench.measure("memory-latency-" + rate,
					(warmup) -> steadyLatency(8, rate, warmup ? total / 4 : total));
		}
		int waiting = this.bench.scaled(100_000);
		this.bench.measure("memory-heap", (warmup) -> heapPerTask(warmup ? waiting / 10 : waiting),
				"bytes_beyond_payload");
	}

	/** The floor: the same no-op work on a bare executor with as many threads. */
	private Result executorFloor(int conc, int n) {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(conc, conc, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		pool.prestartAllCoreThreads();
		Completion completion = new Completion(n);
		Runnable work = completion::ran;
		long start = System.nanoTime();
		for (int i = 0; i < n; i++) {
			pool.execute(work);
		}
		completion.await(TIMEOUT);
		long nanos = System.nanoTime() - start;
		pool.shutdown();
		return new Result(GROUP, "floor", "ThreadPoolExecutor.execute no-op", conc, n).rate(n, nanos);
	}

	/**
	 * Enqueue one by one from one thread while the workers run; until all are recorded.
	 */
	private Result throughput(int conc, int n) {
		Completion completion = new Completion(n);
		TaskEngine engine = Engines.memory(conc, true, (payload, context) -> {
			completion.ran();
			return null;
		});
		engine.start();
		try {
			Profiling profiling = this.bench.profile();
			CpuMeter cpu = CpuMeter.start(null);
			long producerCpu = THREADS.getCurrentThreadCpuTime();
			long start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				engine.enqueue(Engines.TYPE, new Counter(i));
			}
			long enqueued = System.nanoTime() - start;
			producerCpu = THREADS.getCurrentThreadCpuTime() - producerCpu;
			completion.await(TIMEOUT);
			Engines.awaitProcessed(engine, n, TIMEOUT);
			long nanos = System.nanoTime() - start;
			profiling.close();
			Result result = new Result(GROUP, "memory", "enqueue + run + completed recorded", conc, n).rate(n, nanos)
				.extra("enqueue_rate", n * 1e9 / enqueued)
				// how much of the enqueue loop the producer thread ran (the rest it
				// waited)
				.extra("producer_busy", Math.round(100.0 * producerCpu / enqueued) / 100.0)
				.target((conc == 8) ? ">= 1,000,000/s" : null);
			cpu.addTo(result, n);
			return result;
		}
		finally {
			Engines.close(engine);
		}
	}

	/**
	 * The floor of the idle latency: one hand-off to an idle thread of a bare executor,
	 * paced as {@link #idleLatency}.
	 */
	private Result executorIdleLatency(int conc, int samples) {
		Latencies latencies = new Latencies(samples);
		Semaphore started = new Semaphore(0);
		ThreadPoolExecutor pool = new ThreadPoolExecutor(conc, conc, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		pool.prestartAllCoreThreads();
		try {
			for (int i = 0; i < samples; i++) {
				long stamp = System.nanoTime();
				pool.execute(() -> {
					latencies.record(System.nanoTime() - stamp);
					started.release();
				});
				if (!started.tryAcquire(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("run " + i + " did not start within 10s");
				}
				Thread.sleep(1);
			}
			return new Result(GROUP, "floor", "latency execute->run, idle ThreadPoolExecutor", conc, samples)
				.latency(latencies.percentiles());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		finally {
			pool.shutdown();
		}
	}

	/** One task at a time on an idle queue: the worker waits for work between tasks. */
	private Result idleLatency(int conc, int samples) {
		Latencies latencies = new Latencies(samples);
		Semaphore started = new Semaphore(0);
		TaskEngine engine = Engines.memory(conc, true, (payload, context) -> {
			latencies.record(System.nanoTime() - payload.get("t").asLong());
			started.release();
			return null;
		});
		engine.start();
		try (Profiling profiling = this.bench.profile()) {
			for (int i = 0; i < samples; i++) {
				engine.enqueue(Engines.TYPE, new Stamp(System.nanoTime()));
				if (!started.tryAcquire(10, TimeUnit.SECONDS)) {
					throw new IllegalStateException("task " + i + " did not start within 10s");
				}
				Thread.sleep(1);
			}
			return new Result(GROUP, "memory", "latency enqueue->start, idle queue", conc, samples)
				.latency(latencies.percentiles())
				.target("p99 < 100 us");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		finally {
			Engines.close(engine);
		}
	}

	/** Tasks at a steady rate, enqueued by the pacing thread itself. */
	private Result steadyLatency(int conc, int perSecond, int total) {
		Latencies latencies = new Latencies(total);
		Completion completion = new Completion(total);
		TaskEngine engine = Engines.memory(conc, true, (payload, context) -> {
			latencies.record(System.nanoTime() - payload.get("t").asLong());
			completion.ran();
			return null;
		});
		engine.start();
		try (Profiling profiling = this.bench.profile()) {
			long nanos = SteadyRate.run(total, perSecond, 0,
					(i) -> engine.enqueue(Engines.TYPE, new Stamp(System.nanoTime())));
			completion.await(TIMEOUT);
			return new Result(GROUP, "memory", "latency enqueue->start @" + perSecond + "/s", conc, total)
				.rate(total, nanos)
				.latency(latencies.percentiles());
		}
		finally {
			Engines.close(engine);
		}
	}

	/**
	 * Heap per waiting task: used heap after full collections before and after enqueuing
	 * n tasks with workers off, less the payload's own heap measured the same way (n
	 * payload trees as the engine keeps them, parsed from the same JSON).
	 */
	private Result heapPerTask(int n) {
		TaskEngine engine = Engines.memory(1, false, (payload, context) -> null);
		Blob blob = Blob.hundredBytes();
		byte[] json = Engines.MAPPER.writeValueAsBytes(blob);
		engine.enqueue(Engines.TYPE, blob);
		long before = Jvm.usedHeapAfterGc();
		for (int i = 0; i < n; i++) {
			engine.enqueue(Engines.TYPE, Blob.hundredBytes());
		}
		long after = Jvm.usedHeapAfterGc();
		long waiting = engine.stats(Engines.QUEUE).counts().values().stream().mapToLong(Long::longValue).sum();
		JsonNode[] payloads = new JsonNode[n];
		long payloadsBefore = Jvm.usedHeapAfterGc();
		for (int i = 0; i < n; i++) {
			payloads[i] = Engines.MAPPER.readTree(json);
		}
		long payloadsAfter = Jvm.usedHeapAfterGc();
		Reference.reachabilityFence(payloads);
		Reference.reachabilityFence(engine);
		Engines.close(engine);
		double perTask = (double) (after - before) / n;
		double payload = (double) (payloadsAfter - payloadsBefore) / n;
		return new Result(GROUP, "memory", "heap per waiting task, 100-byte payload", 0, n)
			.extra("bytes_per_task", perTask)
			.extra("payload_bytes", payload)
			.extra("bytes_beyond_payload", perTask - payload)
			.extra("payload_json_bytes", json.length)
			.extra("tasks_held", waiting)
			.target("<= 500 B beyond payload");
	}

}
