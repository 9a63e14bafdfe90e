package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisFuture;

import dev.taskqueue.QueueThroughput;

/**
 * Reads and deletes the throughput history that {@code finish.lua}, {@code stalled.lua}
 * and {@code handback.lua} count: one hash per queue and hour
 * ({@link RedisKeys.QueueKey#THROUGHPUT}), fields {@code c<minute of the hour>} and
 * {@code f<minute of the hour>}, each hash expiring 25 hours after its last new field. A
 * read takes one pipelined {@code HGETALL} per hour it covers (at most 25), in one round
 * trip. Thread-safe.
 */
final class RedisThroughputHistory {

	/** How many hours back a hash may still exist: its hour, then 25 hours of life. */
	private static final int HOURS_KEPT = 27;

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final Clock clock;

	RedisThroughputHistory(RedisConnections connections, RedisKeys keys, Clock clock) {
		this.connections = connections;
		this.keys = keys;
		this.clock = clock;
	}

	QueueThroughput read(String queue, int minutes) {
		QueueThroughput.checkMinutes(minutes);
		Instant now = this.clock.instant();
		long last = QueueThroughput.minuteOf(now);
		long first = last - minutes + 1;
		long firstHour = Math.floorDiv(first, 60);
		long lastHour = Math.floorDiv(last, 60);
		List<Map<byte[], byte[]>> hours = this.connections.withCommands((commands) -> {
			List<RedisFuture<Map<byte[], byte[]>>> replies = new ArrayList<>();
			for (long hour = firstHour; hour <= lastHour; hour++) {
				replies.add(commands.hgetall(key(queue, hour)));
			}
			List<Map<byte[], byte[]>> fields = new ArrayList<>(replies.size());
			for (RedisFuture<Map<byte[], byte[]>> reply : replies) {
				fields.add(this.connections.await(reply));
			}
			return fields;
		});
		long[] completed = new long[minutes];
		long[] failed = new long[minutes];
		for (int i = 0; i < hours.size(); i++) {
			long hourStart = (firstHour + i) * 60;
			hours.get(i).forEach((field, value) -> {
				String name = new String(field, StandardCharsets.US_ASCII);
				long at = hourStart + Long.parseLong(name.substring(1)) - first;
				if (at >= 0 && at < minutes) {
					long count = Long.parseLong(new String(value, StandardCharsets.US_ASCII));
					if (name.charAt(0) == 'f') {
						failed[(int) at] = count;
					}
					else {
						completed[(int) at] = count;
					}
				}
			});
		}
		return QueueThroughput.ofMinutes(queue, first, completed, failed);
	}

	/**
	 * Deletes a queue's history: the hashes of every hour that may still have one.
	 * @param queue the queue
	 */
	void delete(String queue) {
		long now = RedisKeys.hourOf(this.clock.instant());
		byte[][] names = new byte[HOURS_KEPT + 1][];
		for (int i = 0; i < names.length; i++) {
			// one hour ahead as well: an instance whose clock is slightly ahead
			names[i] = key(queue, now + 1 - i);
		}
		this.connections.withCommands((commands) -> this.connections.await(commands.del(names)));
	}

	private byte[] key(String queue, long hour) {
		return this.keys.throughputKey(queue, hour).getBytes(StandardCharsets.UTF_8);
	}

}
