package dev.taskqueue.redis;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisNoScriptException;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisFailures}: which failures mean that Redis cannot serve, and how
 * they read.
 */
class RedisFailuresTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	@Test
	void aRefusedConnectionSaysWhatTheSystemSaid() {
		RedisConnectionFailureException failure = new RedisConnectionFailureException("Unable to connect to Redis",
				new RedisConnectionException("Unable to connect to localhost/<unresolved>:6379",
						new ConnectException("Connection refused")));
		assertThat(RedisFailures.unavailability(failure, TIMEOUT))
			.isEqualTo("Redis is unreachable: Connection refused");
	}

	@Test
	void aTimeoutSaysHowLongItWaited() {
		assertThat(RedisFailures.unavailability(new RedisCommandTimeoutException("Command timed out"), TIMEOUT))
			.isEqualTo("Redis did not answer within 2s");
		assertThat(RedisFailures.unavailability(new QueryTimeoutException("Redis command timed out"),
				Duration.ofMillis(1500)))
			.isEqualTo("Redis did not answer within 1.5s");
		assertThat(RedisFailures.unavailability(new RedisSystemException("x", new RedisCommandTimeoutException("y")),
				TIMEOUT))
			.isEqualTo("Redis did not answer within 2s");
	}

	@Test
	void loadingAndBusyWinOverTheConnectionFailureTheyCaused() {
		RedisConnectionException loading = new RedisConnectionException("Unable to connect",
				new RedisLoadingException("LOADING Redis is loading the dataset in memory"));
		assertThat(RedisFailures.unavailability(loading, TIMEOUT))
			.isEqualTo("Redis is still loading its data set (LOADING)");
		assertThat(RedisFailures.unavailability(
				new RedisBusyException("BUSY Redis is busy running a script. You can only call SCRIPT KILL"), TIMEOUT))
			.isEqualTo("Redis is busy running a script (BUSY)");
	}

	@Test
	void repliesOfARedisThatCannotServeNowCount() {
		assertThat(RedisFailures.unavailability(
				new RedisCommandExecutionException("READONLY You can't write against a read only replica."), TIMEOUT))
			.isEqualTo("Redis cannot serve commands now: READONLY You can't write against a read only replica.");
		assertThat(RedisFailures
			.unavailability(new RedisCommandExecutionException("MASTERDOWN Link with MASTER is down"), TIMEOUT))
			.startsWith("Redis cannot serve commands now: MASTERDOWN");
	}

	@Test
	void closedConnectionsCount() {
		assertThat(RedisFailures.unavailability(new RedisException("Connection closed"), TIMEOUT))
			.isEqualTo("Redis is unreachable: Connection closed");
		assertThat(
				RedisFailures.unavailability(new RedisException(new IOException("Connection reset by peer")), TIMEOUT))
			.isEqualTo("Redis is unreachable: Connection reset by peer");
		assertThat(RedisFailures.unavailability(new CancellationException(), TIMEOUT))
			.isEqualTo("Redis is unreachable: the connection was closed");
	}

	@Test
	void otherFailuresDoNot() {
		assertThat(RedisFailures.unavailability(new RedisNoScriptException("NOSCRIPT No matching script"), TIMEOUT))
			.isNull();
		assertThat(RedisFailures.unavailability(
				new RedisCommandExecutionException("ERR Error running script: attempt to index a nil value"), TIMEOUT))
			.isNull();
		assertThat(RedisFailures.unavailability(
				new RedisCommandExecutionException("OOM command not allowed when used memory > 'maxmemory'."), TIMEOUT))
			.isNull();
		assertThat(RedisFailures.unavailability(new IllegalArgumentException("bad"), TIMEOUT)).isNull();
	}

	@Test
	void durationsReadAsPeopleWriteThem() {
		assertThat(RedisFailures.format(Duration.ofMillis(500))).isEqualTo("500ms");
		assertThat(RedisFailures.format(Duration.ofSeconds(5))).isEqualTo("5s");
		assertThat(RedisFailures.format(Duration.ofMillis(12_345))).isEqualTo("12.3s");
	}

}
