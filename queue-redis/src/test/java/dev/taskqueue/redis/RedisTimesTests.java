package dev.taskqueue.redis;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisTimes}.
 */
class RedisTimesTests {

	@Test
	void wholeMillisecondsAreWrittenAsAnInteger() {
		assertThat(RedisTimes.format(Instant.parse("2030-01-01T00:00:00.250Z"))).isEqualTo("1893456000250");
	}

	@Test
	void nanosecondsAreKeptAsAFraction() {
		Instant instant = Instant.parse("2030-01-01T00:00:00.250000017Z");
		assertThat(RedisTimes.format(instant)).isEqualTo("1893456000250.000017");
		assertThat(RedisTimes.parse(RedisTimes.format(instant))).isEqualTo(instant);
	}

	@Test
	void instantsBeforeTheEpochRoundTrip() {
		Instant instant = Instant.parse("1969-12-31T23:59:59.995000250Z");
		assertThat(RedisTimes.format(instant)).isEqualTo("-5.000250");
		assertThat(RedisTimes.parse(RedisTimes.format(instant))).isEqualTo(instant);
	}

	@Test
	void writtenTimesSortAsNumbers() {
		double earlier = Double.parseDouble(RedisTimes.format(Instant.parse("2030-01-01T00:00:00.000001Z")));
		double later = Double.parseDouble(RedisTimes.format(Instant.parse("2030-01-01T00:00:00.000002Z")));
		assertThat(earlier).isLessThan(later);
	}

	@Test
	void leaseExpiriesAreWholeMillisecondsNeverBeforeTheInstant() {
		assertThat(RedisTimes.ceilMillis(Instant.parse("2030-01-01T00:00:00.250Z"))).isEqualTo("1893456000250");
		assertThat(RedisTimes.ceilMillis(Instant.parse("2030-01-01T00:00:00.250000001Z"))).isEqualTo("1893456000251");
		// 4.99975 ms before the epoch
		assertThat(RedisTimes.ceilMillis(Instant.parse("1969-12-31T23:59:59.995000250Z"))).isEqualTo("-4");
	}

}
