package dev.taskqueue.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.TaskProcessor;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.benchmarks.Engines.Blob;
import dev.taskqueue.benchmarks.Engines.Counter;
import dev.taskqueue.benchmarks.Engines.Stamp;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.redis.RedisKeys;
import dev.taskqueue.redis.RedisKeys.QueueKey;
import dev.taskqueue.redis.RedisTaskBackend;

/**
 * The Redis backend against a server of the benchmark's own, flushed before each run:
 * enqueue (single with 100 in flight, and bulk), draining a pre-filled queue,
 * enqueue-to-start latency at a steady rate, Redis calls per task and Redis memory per
 * waiting task. Shaped like BullMQ's peer benchmark (same N, concurrency and no-op work).
 */
final class RedisBenchmarks {

	private static final String GROUP = "redis";

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	/**
	 * Tasks run (untimed, at a rate of their own) before a latency measurement's warm-up;
	 * a tenth of them before each repetition.
	 */
	private static final int WARMUP_BURST = 20_000;

	private static final int WARMUP_BURST_RATE = 5_000;

	/** How long a latency measurement's warm-up runs its paced load, at least. */
	private static final int WARMUP_SECONDS = 20;

	private static final int BATCH = 1000;

	private static final TaskProcessor NOOP = (payload, context) -> null;

	private final Bench bench;

	private final RedisServer redis;

	RedisBenchmarks(Bench bench, RedisServer redis) {
		this.bench = bench;
		this.redis = redis;
	}

	void run() {
		int n = this.bench.options.n();
		// a full-size warm-up: a fifth of it leaves the JIT still compiling in the first
		// repetition
		this.bench.measure("redis-enqueue", (warmup) -> singleEnqueue(100, n));
		this.bench.measure("redis-async-enqueue", (warmup) -> asyncEnqueue(100, n));
		this.bench.measure("redis-bulk", (warmup) -> bulkEnqueue(warmup ? n / 5 : n));
		for (int conc : new int[] { 1, 10, 50 }) {
			this.bench.measure("redis-drain-c" + conc, (warmup) -> drain(conc, warmup ? n / 5 : n, false));
		}
		// what the cross-instance events cost while a listener (SSE, say) reads every one
		this.bench.measure("redis-drain-listened-c50", (warmup) -> drain(50, warmup ? n / 5 : n, true));
		latency(1, 500, this.bench.scaled(2000));
		latency(1, 5000, this.bench.scaled(20_000));
		latency(10, 5000, this.bench.scaled(20_000));
		latency(1, 500, this.bench.scaled(2000), true);
		int waiting = this.bench.scaled(100_000);
		this.bench.measure("redis-memory", (warmup) -> memoryPerTask(warmup ? waiting / 10 : waiting),
				"bytes_per_task");
	}

	private Result singleEnqueue(int inFlight, int n) {
		return withEngine(1, false, NOOP, (engine) -> {
			engine.enqueue(Engines.TYPE, new Counter(-1)); // registers the queue
			AtomicInteger next = new AtomicInteger();
			CountDownLatch go = new CountDownLatch(1);
			List<Thread> producers = new ArrayList<>();
			for (int t = 0; t < inFlight; t++) {
				Thread producer = new Thread(() -> {
					await(go);
					for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
						engine.enqueue(Engines.TYPE, new Counter(i));
					}
				});
				producer.start();
				producers.add(producer);
			}
			Map<String, Long> before = this.redis.commandCalls();
			Profiling profiling = this.bench.profile();
			CpuMeter cpu = CpuMeter.start(this.redis);
			long start = System.nanoTime();
			go.countDown();
			producers.forEach(RedisBenchmarks::join);
			long nanos = System.nanoTime() - start;
			profiling.close();
			Result result = new Result(GROUP, "redis", "enqueue: single, <=100 in flight", inFlight, n).rate(n, nanos)
				.target(">= 50,000/s");
			cpu.addTo(result, n);
			CommandStats.between(before, this.redis.commandCalls()).addTo(result, n);
			return result;
		});
	}

	/**
	 * One thread keeps up to inFlight enqueueAsync calls outstanding, as BullMQ's add.
	 */
	private Result asyncEnqueue(int inFlight, int n) {
		return withEngine(1, false, NOOP, (engine) -> {
			engine.enqueue(Engines.TYPE, new Counter(-1)); // registers the queue
			Semaphore slots = new Semaphore(inFlight);
			AtomicInteger failures = new AtomicInteger();
			Map<String, Long> before = this.redis.commandCalls();
			Profiling profiling = this.bench.profile();
			CpuMeter cpu = CpuMeter.start(this.redis);
			long start = System.nanoTime();
			for (int i = 0; i < n; i++) {
				slots.acquireUninterruptibly();
				engine.enqueueAsync(Engines.TYPE, new Counter(i)).whenComplete((id, failure) -> {
					if (failure != null) {
						failures.incrementAndGet();
					}
					slots.release();
				});
			}
			slots.acquireUninterruptibly(inFlight);
			long nanos = System.nanoTime() - start;
			profiling.close();
			if (failures.get() > 0) {
				throw new IllegalStateException(failures.get() + " of " + n + " enqueues failed");
			}
			Result result = new Result(GROUP, "redis", "enqueue: enqueueAsync from 1 thread, <=100 in flight", inFlight,
					n)
				.rate(n, nanos)
				.target(">= 50,000/s");
			cpu.addTo(result, n);
			CommandStats.between(before, this.redis.commandCalls()).addTo(result, n);
			return result;
		});
	}

	private Result bulkEnqueue(int n) {
		return withEngine(1, false, NOOP, (engine) -> {
			engine.enqueue(Engines.TYPE, new Counter(-1));
			Map<String, Long> before = this.redis.commandCalls();
			Profiling profiling = this.bench.profile();
			CpuMeter cpu = CpuMeter.start(this.redis);
			long start = System.nanoTime();
			fill(engine, n);
			long nanos = System.nanoTime() - start;
			profiling.close();
			Result result = new Result(GROUP, "redis", "enqueue: enqueueAll x1000", 1, n).rate(n, nanos)
				.target(">= 100,000/s");
			cpu.addTo(result, n);
			CommandStats.between(before, this.redis.commandCalls()).addTo(result, n);
			return result;
		});
	}

	private Result drain(int conc, int n, boolean listened) {
		Completion completion = new Completion(n);
		return withEngine(conc, true, listened, (payload, context) -> {
			completion.ran();
			return null;
		}, (engine) -> {
			fill(engine, n);
			Map<String, Long> before = this.redis.commandCalls();
			Profiling profiling = this.bench.profile();
			CpuMeter cpu = CpuMeter.start(this.redis);
			long start = System.nanoTime();
			engine.start();
			completion.await(TIMEOUT);
			int polls = Engines.awaitProcessed(engine, n, TIMEOUT);
			long nanos = System.nanoTime() - start;
			profiling.close();
			Map<String, Long> after = this.redis.commandCalls();
			String target = (conc == 50) ? ">= 42,000/s" : (conc == 1) ? ">= 7,000/s" : null;
			Result result = new Result(GROUP, "redis",
					listened ? "process: drain, a listener reading every event" : "process: drain pre-filled queue",
					conc, n)
				.rate(n, nanos)
				.target(listened ? null : target);
			cpu.addTo(result, n);
			CommandStats.between(before, after).addTo(result, n);
			return result.extra("stats_polls", polls);
		});
	}

	private void latency(int conc, int perSecond, int total) {
		latency(conc, perSecond, total, false);
	}

	private void latency(int conc, int perSecond, int total, boolean listened) {
		String name = "redis-latency-" + perSecond + "-c" + conc + (listened ? "-listened" : "");
		this.bench.measure(name, (warmup) -> {
			// the warm-up runs the paced load for WARMUP_SECONDS: on two cores the JIT
			// compiles the idle worker's path (wake-up, claim) for about that long, and
			// the compiler threads take the CPU the hand-offs need
			int count = warmup ? Math.max(total, perSecond * WARMUP_SECONDS) : total;
			Latencies latencies = new Latencies(count);
			Completion completion = new Completion(count);
			// untimed: fresh connections and producer threads make the first tasks of a
			// new engine slow (tens of them, at 2-14 ms)
			int burst = warmup ? WARMUP_BURST : WARMUP_BURST / 10;
			Completion prelude = new Completion(burst);
			return withEngine(conc, true, listened, (payload, context) -> {
				long stamp = payload.get("t").asLong();
				if (stamp < 0) {
					prelude.ran();
					return null;
				}
				latencies.record(System.nanoTime() - stamp);
				completion.ran();
				return null;
			}, (engine) -> {
				engine.start();
				// let the workers block on Redis
				RedisServer.sleep(Duration.ofSeconds(1));
				SteadyRate.run(burst, WARMUP_BURST_RATE, 8, (i) -> engine.enqueue(Engines.TYPE, new Stamp(-1)));
				prelude.await(TIMEOUT);
				// an idle pause, part of the shape measured: the workers go back to
				// waiting
				RedisServer.sleep(Duration.ofMillis(200));
				Profiling profiling = this.bench.profile();
				long nanos = SteadyRate.run(count, perSecond, 8,
						(i) -> engine.enqueue(Engines.TYPE, new Stamp(System.nanoTime())));
				completion.await(TIMEOUT);
				profiling.close();
				String op = "latency enqueue->start @" + perSecond + "/s"
						+ (listened ? ", a listener reading every event" : "");
				return new Result(GROUP, "redis", op, conc, count).rate(count, nanos)
					.latency(latencies.percentiles())
					.target((perSecond == 500 && !listened) ? "p99 < 2,000 us" : null);
			});
		});
	}

	private Result memoryPerTask(int n) {
		return withEngine(1, false, NOOP, (engine) -> {
			Blob blob = Blob.hundredBytes();
			engine.enqueue(Engines.TYPE, blob); // the queue's fixed keys exist from here
												// on
			RedisKeys keys = ((RedisTaskBackend) engine.backend()).keys();
			Map<QueueKey, Long> keysBefore = keyMemory(keys);
			long before = this.redis.usedMemory();
			List<TaskRequest> batch = new ArrayList<>(BATCH);
			for (int i = 0; i < n; i++) {
				batch.add(TaskRequest.of(Engines.TYPE, blob));
				if (batch.size() == BATCH || i == n - 1) {
					engine.enqueueAll(batch);
					batch.clear();
				}
			}
			long after = this.redis.usedMemory();
			Map<QueueKey, Long> keysAfter = keyMemory(keys);
			Result result = new Result(GROUP, "redis", "Redis memory per waiting task, 100-byte payload", 0, n)
				.extra("bytes_per_task", (double) (after - before) / n)
				.extra("payload_json_bytes", Engines.MAPPER.writeValueAsBytes(blob).length)
				.target("< BullMQ's");
			keysAfter.forEach((key, bytes) -> result.extra(key.name().toLowerCase() + "_bytes_per_task",
					(double) (bytes - keysBefore.getOrDefault(key, 0L)) / n));
			String tasksKey = keys.queueKey(Engines.QUEUE, QueueKey.TASKS);
			String someId = this.redis.commands().hrandfield(tasksKey);
			result.extra("record_bytes", this.redis.commands().hstrlen(tasksKey, someId));
			return result;
		});
	}

	/** Memory of the keys a waiting task uses, by {@code MEMORY USAGE ... SAMPLES 0}. */
	private Map<QueueKey, Long> keyMemory(RedisKeys keys) {
		Map<QueueKey, Long> bytes = new EnumMap<>(QueueKey.class);
		for (QueueKey key : new QueueKey[] { QueueKey.TASKS, QueueKey.WAITING, QueueKey.IDS, QueueKey.EVENTS }) {
			Long usage = this.redis.commands()
				.dispatch(CommandType.MEMORY, new IntegerOutput<>(StringCodec.UTF8),
						new CommandArgs<>(StringCodec.UTF8).add("USAGE")
							.addKey(keys.queueKey(Engines.QUEUE, key))
							.add("SAMPLES")
							.add(0));
			bytes.put(key, (usage != null) ? usage : 0L);
		}
		return bytes;
	}

	/** Fills the queue with no-op tasks through enqueueAll in batches of 1,000. */
	static void fill(TaskEngine engine, int n) {
		List<TaskRequest> batch = new ArrayList<>(BATCH);
		for (int i = 0; i < n; i++) {
			batch.add(TaskRequest.of(Engines.TYPE, new Counter(i)));
			if (batch.size() == BATCH || i == n - 1) {
				engine.enqueueAll(batch);
				batch.clear();
			}
		}
	}

	/** Runs work on a fresh Redis with a new connection factory and engine. */
	private Result withEngine(int conc, boolean workers, TaskProcessor processor, Function<TaskEngine, Result> work) {
		return withEngine(conc, workers, false, processor, work);
	}

	/**
	 * Runs work on a fresh Redis with a new connection factory and engine, with a
	 * listener of every event when {@code listened} (as an application serving
	 * Server-Sent Events has; without one, the engine reads only cancellations and no
	 * event is written).
	 */
	private Result withEngine(int conc, boolean workers, boolean listened, TaskProcessor processor,
			Function<TaskEngine, Result> work) {
		this.redis.flushAll();
		LettuceConnectionFactory factory = this.redis.connectionFactory();
		TaskEngine engine = Engines.redis(factory, Engines.QUEUE, conc, workers, processor);
		if (listened) {
			AtomicLong heard = new AtomicLong();
			engine.addListener((event) -> heard.incrementAndGet());
		}
		try {
			return work.apply(engine);
		}
		finally {
			Engines.close(engine);
			factory.destroy();
		}
	}

	static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
