package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.taskqueue.TaskError;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskOutcome;
import dev.taskqueue.testing.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * How the throughput history lies in Redis (its behaviour is the contract's): one small
 * hash per queue and hour, in the queue's hash tag, expiring a day after its hour.
 */
class RedisThroughputHistoryIT {

	private static final Duration LEASE = Duration.ofSeconds(30);

	private static final RedisServerSupport redis = RedisServerSupport.shared();

	private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00.000123456Z"));

	private final RedisTestTasks tasks = new RedisTestTasks(this.clock);

	private LettuceConnectionFactory factory;

	private RedisTaskBackend backend;

	@BeforeEach
	void setUp() {
		redis.flush();
		this.factory = redis.connectionFactory();
		this.backend = new RedisTaskBackend(this.factory, "tq", this.clock, RetentionPolicy.defaults(),
				RedisTestTasks.MAPPER);
	}

	@AfterEach
	void tearDown() {
		this.backend.close();
		this.factory.destroy();
	}

	private ClaimedTask claim() {
		this.backend.enqueue(this.tasks.task("q"));
		return this.backend.claim("q", 1, LEASE).get(0);
	}

	@Test
	void eachHourIsOneSmallHashThatExpiresADayAfterIt() {
		this.backend.finish(new TaskOutcome.Completed(claim(), null, this.clock.instant()), false, LEASE);
		this.clock.advance(Duration.ofMinutes(17));
		this.backend.finish(new TaskOutcome.Completed(claim(), null, this.clock.instant()), false, LEASE);
		this.backend.finish(
				new TaskOutcome.Failed(claim(), new TaskError("boom", "X", null), this.clock.instant(), null), false,
				LEASE);
		this.clock.advance(Duration.ofMinutes(60));
		this.backend.finish(new TaskOutcome.Completed(claim(), null, this.clock.instant()), false, LEASE);

		try (RedisConnection connection = this.factory.getConnection()) {
			byte[] first = key(0);
			assertThat(fields(connection, first)).as("minutes 0 and 17 of the first hour")
				.containsExactly(entry("c0", "1"), entry("c17", "1"), entry("f17", "1"));
			assertThat(fields(connection, key(1))).as("minute 17 of the next hour").containsExactly(entry("c17", "1"));
			assertThat(connection.keyCommands().ttl(first)).as("seconds to live").isBetween(89_990L, 90_000L);
			assertThat(connection.keyCommands().ttl(key(1))).as("seconds to live").isBetween(89_990L, 90_000L);
		}
		assertThat(this.backend.throughput("q", 78).completed()).startsWith(1L).endsWith(1L);
	}

	@Test
	void obliterateDeletesTheHashes() {
		this.backend.finish(new TaskOutcome.Completed(claim(), null, this.clock.instant()), false, LEASE);
		this.clock.advance(Duration.ofHours(3));
		this.backend.finish(new TaskOutcome.Completed(claim(), null, this.clock.instant()), false, LEASE);

		this.backend.obliterate("q");

		try (RedisConnection connection = this.factory.getConnection()) {
			assertThat(connection.keyCommands().exists(key(0), key(3))).isZero();
			assertThat(connection.keyCommands().keys("tq:{q}:t*".getBytes(StandardCharsets.UTF_8)))
				.as("no tasks, counts by type or throughput hashes left")
				.isEmpty();
		}
	}

	/** The throughput hash of an hour after the clock's start. */
	private byte[] key(int hoursAfterStart) {
		long hour = RedisKeys.hourOf(Instant.parse("2030-01-01T00:00:00Z")) + hoursAfterStart;
		return this.backend.keys().throughputKey("q", hour).getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, String> fields(RedisConnection connection, byte[] key) {
		Map<String, String> fields = new TreeMap<>();
		connection.hashCommands()
			.hGetAll(key)
			.forEach((field, value) -> fields.put(new String(field, StandardCharsets.UTF_8),
					new String(value, StandardCharsets.UTF_8)));
		return fields;
	}

}
