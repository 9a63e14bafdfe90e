package dev.taskqueue.engine;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Makes task ids: 26 characters of Crockford base 32, a 48-bit millisecond timestamp
 * followed by 80 bits that start random each millisecond and count up within it. Ids made
 * by one generator sort in creation order; ids of different generators (instances) sort
 * by millisecond. Thread-safe.
 */
public final class TaskIds {

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private long lastMillis = -1;

	private long high; // 16 bits

	private long low; // 64 bits

	/**
	 * Creates a generator.
	 * @param clock the clock for the timestamp part
	 */
	public TaskIds(Clock clock) {
		this.clock = clock;
	}

	/**
	 * A new id, greater than every id this generator made before.
	 * @return the id
	 */
	public synchronized String next() {
		long millis = this.clock.millis();
		if (millis > this.lastMillis) {
			this.lastMillis = millis;
			this.high = this.random.nextInt(1 << 15); // leave headroom for counting
			this.low = this.random.nextLong();
		}
		else {
			this.low++;
			if (this.low == 0) {
				this.high++;
			}
		}
		return encode(this.lastMillis, this.high, this.low);
	}

	private static String encode(long millis, long high, long low) {
		char[] out = new char[26];
		// 48-bit time -> 10 chars (50 bits, top 2 zero)
		for (int i = 9; i >= 0; i--) {
			out[i] = ALPHABET[(int) (millis & 31)];
			millis >>>= 5;
		}
		// 80 bits of randomness -> 16 chars: high 16 bits then low 64 bits
		long bitsLow = low;
		long bitsHigh = high & 0xFFFF;
		for (int i = 25; i >= 10; i--) {
			out[i] = ALPHABET[(int) (bitsLow & 31)];
			bitsLow = (bitsLow >>> 5) | ((bitsHigh & 31) << 59);
			bitsHigh >>>= 5;
		}
		return new String(out);
	}

}
