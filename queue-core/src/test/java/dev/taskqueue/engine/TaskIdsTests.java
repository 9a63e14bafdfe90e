package dev.taskqueue.engine;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.taskqueue.testing.SettableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskIds}.
 */
class TaskIdsTests {

	private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

	private static final Instant NOW = Instant.parse("2024-05-06T07:08:09.123Z");

	@Test
	void idIs26CrockfordCharacters() {
		TaskIds ids = new TaskIds(Clock.systemUTC());
		for (int i = 0; i < 1000; i++) {
			assertThat(ids.next()).hasSize(26).matches("[0-9A-HJKMNP-TV-Z]{26}");
		}
	}

	@Test
	void firstTenCharactersAreTheMillisecondTimestamp() {
		String id = new TaskIds(Clock.fixed(NOW, ZoneOffset.UTC)).next();
		assertThat(decode(id.substring(0, 10))).isEqualTo(BigInteger.valueOf(NOW.toEpochMilli()));
	}

	@Test
	void idsIncreaseByOneWithinTheSameMillisecond() {
		TaskIds ids = new TaskIds(Clock.fixed(NOW, ZoneOffset.UTC));
		String previous = ids.next();
		for (int i = 0; i < 100_000; i++) {
			String id = ids.next();
			assertThat(id).isGreaterThan(previous);
			assertThat(id).startsWith(previous.substring(0, 10));
			assertThat(decode(id)).isEqualTo(decode(previous).add(BigInteger.ONE));
			previous = id;
		}
	}

	@Test
	void idsIncreaseAcrossMilliseconds() {
		SettableClock clock = new SettableClock(NOW);
		TaskIds ids = new TaskIds(clock);
		String previous = ids.next();
		for (int i = 0; i < 1000; i++) {
			clock.advance(Duration.ofMillis(1));
			String id = ids.next();
			assertThat(id).isGreaterThan(previous);
			assertThat(decode(id.substring(0, 10))).isEqualTo(BigInteger.valueOf(clock.millis()));
			previous = id;
		}
	}

	@Test
	void idsKeepIncreasingWhenTheClockGoesBack() {
		SettableClock clock = new SettableClock(NOW);
		TaskIds ids = new TaskIds(clock);
		String before = ids.next();
		clock.set(NOW.minusSeconds(10));
		String after = ids.next();
		assertThat(after).isGreaterThan(before);
		assertThat(decode(after.substring(0, 10))).isEqualTo(BigInteger.valueOf(NOW.toEpochMilli()));
	}

	@Test
	void generatorsStartAtDifferentRandomValues() {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		Set<String> firsts = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			firsts.add(new TaskIds(clock).next());
		}
		assertThat(firsts).hasSize(100);
	}

	@Test
	void idsAreUniqueAndOrderedPerThreadAcrossThreads() throws Exception {
		assertUniqueAcrossThreads(Clock.fixed(NOW, ZoneOffset.UTC));
		assertUniqueAcrossThreads(Clock.systemUTC());
	}

	private static void assertUniqueAcrossThreads(Clock clock) throws Exception {
		TaskIds ids = new TaskIds(clock);
		int threads = 8;
		int perThread = 10_000;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(threads);
		try {
			List<Future<List<String>>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				Callable<List<String>> generate = () -> {
					start.await();
					List<String> made = new ArrayList<>(perThread);
					for (int i = 0; i < perThread; i++) {
						made.add(ids.next());
					}
					return made;
				};
				futures.add(executor.submit(generate));
			}
			start.countDown();
			Set<String> all = new HashSet<>();
			for (Future<List<String>> future : futures) {
				List<String> made = future.get(30, TimeUnit.SECONDS);
				assertThat(made).isSorted().doesNotHaveDuplicates();
				all.addAll(made);
			}
			assertThat(all).hasSize(threads * perThread);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static BigInteger decode(String text) {
		BigInteger value = BigInteger.ZERO;
		for (char c : text.toCharArray()) {
			int digit = CROCKFORD.indexOf(c);
			assertThat(digit).as("character %s", c).isNotNegative();
			value = value.shiftLeft(5).add(BigInteger.valueOf(digit));
		}
		return value;
	}

}
