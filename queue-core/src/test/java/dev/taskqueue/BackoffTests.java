package dev.taskqueue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link Backoff}.
 */
class BackoffTests {

	private static final double ALMOST_ONE = Math.nextDown(1.0);

	@Test
	void fixedWaitsTheSameBeforeEveryRetry() {
		Backoff backoff = Backoff.fixed(Duration.ofSeconds(5));
		assertThat(backoff.kind()).isEqualTo(Backoff.Kind.FIXED);
		assertThat(backoff.maxDelay()).isEqualTo(Duration.ofSeconds(5));
		for (int attempt : new int[] { 1, 2, 3, 10, 100, Integer.MAX_VALUE }) {
			assertThat(backoff.delayAfter(attempt, 0.5)).as("attempt %d", attempt).isEqualTo(Duration.ofSeconds(5));
		}
	}

	@Test
	void exponentialDoublesUpToTheCap() {
		Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10));
		assertThat(backoff.kind()).isEqualTo(Backoff.Kind.EXPONENTIAL);
		assertThat(backoff.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.delayAfter(2, 0)).isEqualTo(Duration.ofSeconds(2));
		assertThat(backoff.delayAfter(3, 0)).isEqualTo(Duration.ofSeconds(4));
		assertThat(backoff.delayAfter(4, 0)).isEqualTo(Duration.ofSeconds(8));
		assertThat(backoff.delayAfter(5, 0)).isEqualTo(Duration.ofSeconds(10));
		assertThat(backoff.delayAfter(6, 0)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void exponentialTreatsAttemptsBelowOneAsTheFirst() {
		Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10));
		assertThat(backoff.delayAfter(0, 0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(backoff.delayAfter(-3, 0)).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void exponentialWithoutCapStopsAtOneDay() {
		Backoff backoff = Backoff.exponential(Duration.ofSeconds(1));
		assertThat(backoff.maxDelay()).isEqualTo(Duration.ofDays(1));
		assertThat(backoff.delayAfter(10, 0)).isEqualTo(Duration.ofSeconds(512));
		assertThat(backoff.delayAfter(30, 0)).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void exponentialWithoutCapKeepsADelayLongerThanOneDay() {
		Backoff backoff = Backoff.exponential(Duration.ofDays(2));
		assertThat(backoff.maxDelay()).isEqualTo(Duration.ofDays(2));
		assertThat(backoff.delayAfter(5, 0)).isEqualTo(Duration.ofDays(2));
	}

	@ParameterizedTest
	@ValueSource(ints = { 31, 32, 62, 63, 64, 65, 100, 1000, Integer.MAX_VALUE })
	void exponentialDoesNotOverflowForLargeAttempts(int attempt) {
		assertThat(Backoff.exponential(Duration.ofSeconds(1), Duration.ofHours(1)).delayAfter(attempt, 0))
			.isEqualTo(Duration.ofHours(1));
		assertThat(Backoff.exponential(Duration.ofMillis(3), TaskLimits.MAX_DURATION).delayAfter(attempt, 0))
			.isPositive()
			.isLessThanOrEqualTo(TaskLimits.MAX_DURATION);
		assertThat(Backoff.exponential(Duration.ofMillis(1), TaskLimits.MAX_DURATION).delayAfter(attempt, 0))
			.isPositive();
	}

	@Test
	void exponentialWithTheLongestCapDoublesUpToIt() {
		Backoff backoff = Backoff.exponential(Duration.ofMillis(1), TaskLimits.MAX_DURATION);
		assertThat(backoff.delayAfter(20, 0)).isEqualTo(Duration.ofMillis(1L << 19));
		assertThat(backoff.delayAfter(63, 0)).isEqualTo(TaskLimits.MAX_DURATION);
		assertThat(Backoff.exponential(Duration.ofMillis(3), TaskLimits.MAX_DURATION).delayAfter(1000, 0))
			.isEqualTo(TaskLimits.MAX_DURATION);
	}

	@Test
	void delaysBeyondTheLongestDurationAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Backoff.exponential(Duration.ofMillis(1), Duration.ofMillis(Long.MAX_VALUE)))
			.withMessageContaining("backoff max delay must be between 0 and 36500 days");
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.fixed(Duration.ofSeconds(Long.MAX_VALUE)))
			.withMessageContaining("backoff delay must be between 0 and 36500 days");
	}

	@Test
	void zeroDelayStaysZero() {
		assertThat(Backoff.exponential(Duration.ZERO, Duration.ofSeconds(10)).delayAfter(20, 0)).isZero();
		assertThat(Backoff.fixed(Duration.ZERO).delayAfter(3, 0)).isZero();
	}

	@Test
	void jitterRemovesUpToItsFractionOfTheDelay() {
		Backoff backoff = Backoff.fixed(Duration.ofSeconds(10)).withJitter(0.2);
		assertThat(backoff.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(10));
		assertThat(backoff.delayAfter(1, 0.5)).isEqualTo(Duration.ofSeconds(9));
		assertThat(backoff.delayAfter(1, ALMOST_ONE)).isBetween(Duration.ofSeconds(8), Duration.ofMillis(8001));
	}

	@Test
	void jitterStaysWithinBoundsForRandomInputs() {
		Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofMinutes(1)).withJitter(0.5);
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < 10_000; i++) {
			int attempt = random.nextInt(1, 20);
			Duration full = backoff.delayAfter(attempt, 0);
			Duration jittered = backoff.delayAfter(attempt, random.nextDouble());
			assertThat(jittered).isLessThanOrEqualTo(full).isGreaterThanOrEqualTo(full.dividedBy(2));
		}
	}

	@Test
	void fullJitterCanReachNearlyZeroButNotBelow() {
		Backoff backoff = Backoff.fixed(Duration.ofSeconds(10)).withJitter(1);
		assertThat(backoff.delayAfter(1, ALMOST_ONE)).isGreaterThanOrEqualTo(Duration.ZERO)
			.isLessThan(Duration.ofMillis(2));
	}

	@Test
	void withJitterKeepsTheOtherValues() {
		Backoff backoff = Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(30)).withJitter(0.3);
		assertThat(backoff)
			.isEqualTo(new Backoff(Backoff.Kind.EXPONENTIAL, Duration.ofSeconds(2), Duration.ofSeconds(30), 0.3));
	}

	@Test
	void missingMaxDelayDefaultsToTheDelay() {
		assertThat(new Backoff(Backoff.Kind.EXPONENTIAL, Duration.ofSeconds(3), null, 0).maxDelay())
			.isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void rejectsNullKind() {
		assertThatNullPointerException().isThrownBy(() -> new Backoff(null, Duration.ofSeconds(1), null, 0))
			.withMessage("backoff kind must not be null");
	}

	@Test
	void rejectsNullDelay() {
		assertThatNullPointerException().isThrownBy(() -> Backoff.fixed(null))
			.withMessage("backoff delay must not be null");
	}

	@Test
	void rejectsNegativeDelay() {
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.fixed(Duration.ofSeconds(-1)))
			.withMessage("backoff delay must not be negative, was PT-1S");
	}

	@Test
	void rejectsMaxDelayShorterThanDelay() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Backoff.exponential(Duration.ofSeconds(10), Duration.ofSeconds(5)))
			.withMessage("backoff max delay PT5S must not be shorter than the delay PT10S");
	}

	@ParameterizedTest
	@ValueSource(doubles = { -0.1, 1.1, Double.NaN, Double.POSITIVE_INFINITY })
	void rejectsJitterOutsideZeroToOne(double jitter) {
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.fixed(Duration.ofSeconds(1)).withJitter(jitter))
			.withMessage("backoff jitter must be between 0 and 1, was " + jitter);
	}

	@Test
	void acceptsJitterAtItsBounds() {
		assertThat(Backoff.fixed(Duration.ofSeconds(1)).withJitter(0).jitter()).isZero();
		assertThat(Backoff.fixed(Duration.ofSeconds(1)).withJitter(1).jitter()).isEqualTo(1);
	}

	@Test
	void kindParsesCaseInsensitively() {
		assertThat(Backoff.Kind.parse("fixed")).isEqualTo(Backoff.Kind.FIXED);
		assertThat(Backoff.Kind.parse(" Exponential ")).isEqualTo(Backoff.Kind.EXPONENTIAL);
	}

	@Test
	void kindRejectsUnknownText() {
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.Kind.parse("linear"))
			.withMessage("backoff 'linear' is neither fixed nor exponential");
		assertThatIllegalArgumentException().isThrownBy(() -> Backoff.Kind.parse(null))
			.withMessage("backoff 'null' is neither fixed nor exponential");
	}

}
