package dev.taskqueue.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.taskqueue.Backoff;
import dev.taskqueue.benchmarks.Engines.Counter;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.engine.TaskIds;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;
import tools.jackson.databind.JsonNode;

/**
 * The single-thread cost of each step of a task's path through the in-memory backend,
 * without any thread hand-off: where the end-to-end figure's time goes. Each operation
 * leaves the backend as empty as it found it, so the heap stays flat.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class InMemoryPathBenchmark {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final Backoff BACKOFF = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5));

	private final Clock clock = Clock.systemUTC();

	private TaskIds ids;

	private JsonNode payload;

	private InMemoryTaskBackend backend;

	private TaskEngine engine;

	private long counter;

	/** Makes a fresh backend and engine (workers off) per iteration. */
	@Setup(Level.Iteration)
	public void setUp() {
		this.ids = new TaskIds(this.clock);
		this.payload = Engines.MAPPER.valueToTree(new Counter(1));
		this.backend = new InMemoryTaskBackend(this.clock, Engines.retention());
		this.engine = Engines.memory(1, false, (payload, context) -> null);
	}

	/** Stops the engine. */
	@TearDown(Level.Iteration)
	public void tearDown() {
		Engines.close(this.engine);
	}

	/**
	 * Backend only: store a prepared task, claim it, record it completed.
	 * @return the finish result
	 */
	@Benchmark
	public FinishResult backendEnqueueClaimFinish() {
		Instant now = this.clock.instant();
		NewTask task = new NewTask(this.ids.next(), Engines.QUEUE, Engines.TYPE, 0, this.payload, 3, BACKOFF, null,
				null, null, 1, now, now, null);
		this.backend.enqueue(task);
		return claimAndFinish(this.backend);
	}

	/**
	 * The engine's enqueue (validation, payload to JSON and back, id, store), then claim
	 * and finish on its backend: the whole path less the worker threads.
	 * @return the finish result
	 */
	@Benchmark
	public FinishResult engineEnqueueClaimFinish() {
		this.engine.enqueue(Engines.TYPE, new Counter(this.counter++));
		return claimAndFinish(this.engine.backend());
	}

	/**
	 * What the engine does with a payload: write it as JSON bytes and read them back.
	 * @return the tree
	 */
	@Benchmark
	public JsonNode payloadToJsonAndBack() {
		return Engines.MAPPER.readTree(Engines.MAPPER.writeValueAsBytes(new Counter(this.counter++)));
	}

	/**
	 * A new task id.
	 * @return the id
	 */
	@Benchmark
	public String taskId() {
		return this.ids.next();
	}

	private FinishResult claimAndFinish(TaskBackend target) {
		List<ClaimedTask> claims = target.claim(Engines.QUEUE, 1, LEASE);
		ClaimedTask claim = claims.get(0);
		return target.finish(new TaskOutcome.Completed(claim, null, this.clock.instant()), false, LEASE);
	}

}
