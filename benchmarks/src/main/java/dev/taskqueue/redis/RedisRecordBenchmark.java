package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import dev.taskqueue.Backoff;
import dev.taskqueue.Task;
import dev.taskqueue.spi.NewTask;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JVM's cost of reading the record a claim returns on Redis (header of the scripts,
 * body written at enqueue), on one thread: a share of each task's CPU in the drain
 * measurements. In the benchmarks module but in the backend's package, to reach its
 * record reader.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class RedisRecordBenchmark {

	private TaskRecords records;

	private byte[] claimed;

	/**
	 * A record as the claim script returns it for a no-op task of the drain measurements.
	 */
	@Setup
	public void setUp() {
		JsonMapper mapper = JsonMapper.builder().build();
		this.records = new TaskRecords(mapper);
		Instant now = Instant.parse("2026-11-30T20:00:00.123456Z");
		NewTask task = new NewTask("01KB6Z8ZJ5XQ2V7R3M9N4P6T8W", "bench", "noop", 0, mapper.readTree("{\"i\":42}"), 3,
				Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(5)), null, null, null, 1, now, now, null);
		String header = "{\"a\":1,\"m\":3,\"p\":0,\"s\":\"active\",\"sc\":\"" + RedisTimes.format(now) + "\",\"st\":\""
				+ RedisTimes.format(now.plusMillis(5)) + "\",\"ty\":\"noop\",\"q\":\"00000000002a\","
				+ "\"tk\":\"01KB6Z8ZJ5.1\"}";
		this.claimed = (header + "\n" + this.records.body(task)).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Reads a claimed task's record into the snapshot the handler gets.
	 * @return the task
	 */
	@Benchmark
	public Task readClaimedRecord() {
		return this.records.task("bench", "01KB6Z8ZJ5XQ2V7R3M9N4P6T8W", this.claimed);
	}

}
