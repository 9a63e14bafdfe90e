package dev.taskqueue.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * What this machine's Redis can do for the same workload with raw Lettuce commands and no
 * task semantics: the floor our Redis figures are compared with. Enqueue is one
 * {@code LPUSH} of a 100-byte value per task (100 in flight, or pipelined in batches of
 * 1,000); processing is one call per task of a minimal script that counts the previous
 * task as done and pops the next ({@code HINCRBY} + {@code RPOP}), with as many calls in
 * flight as the concurrency.
 */
final class RedisFloor {

	private static final String GROUP = "floor";

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static final byte[] LIST = bytes("floor:list");

	private static final byte[] COUNTS = bytes("floor:counts");

	private static final byte[] VALUE = bytes("x".repeat(100));

	private static final String POP_SCRIPT = """
			if ARGV[1] == '1' then redis.call('HINCRBY', KEYS[2], 'processed', 1) end
			return redis.call('RPOP', KEYS[1])
			""";

	private final Bench bench;

	private final RedisServer redis;

	RedisFloor(Bench bench, RedisServer redis) {
		this.bench = bench;
		this.redis = redis;
	}

	void run() {
		int n = this.bench.options.n();
		RedisClient client = RedisClient.create(RedisURI.create(this.redis.host(), this.redis.port()));
		try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE)) {
			RedisAsyncCommands<byte[], byte[]> commands = connection.async();
			this.bench.measure("floor-enqueue", (warmup) -> pushInFlight(commands, 100, warmup ? n / 5 : n));
			this.bench.measure("floor-bulk", (warmup) -> pushPipelined(connection, warmup ? n / 5 : n));
			String sha = connection.sync().scriptLoad(POP_SCRIPT);
			for (int conc : new int[] { 1, 10, 50 }) {
				this.bench.measure("floor-drain-c" + conc,
						(warmup) -> popScript(connection, sha, conc, warmup ? n / 5 : n));
			}
		}
		finally {
			client.shutdown();
		}
	}

	private Result pushInFlight(RedisAsyncCommands<byte[], byte[]> commands, int inFlight, int n) {
		this.redis.flushAll();
		Completion completion = new Completion(n);
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		for (int lane = 0; lane < inFlight; lane++) {
			push(commands, next, n, completion);
		}
		completion.await(TIMEOUT);
		long nanos = System.nanoTime() - start;
		return new Result(GROUP, "redis-raw", "LPUSH 100 B, <=100 in flight", inFlight, n).rate(n, nanos);
	}

	/** One lane: the next push is sent when the previous one is answered. */
	private static void push(RedisAsyncCommands<byte[], byte[]> commands, AtomicInteger next, int n,
			Completion completion) {
		if (next.getAndIncrement() >= n) {
			return;
		}
		commands.lpush(LIST, VALUE).thenRun(() -> {
			completion.ran();
			push(commands, next, n, completion);
		});
	}

	private Result pushPipelined(StatefulRedisConnection<byte[], byte[]> connection, int n) {
		this.redis.flushAll();
		long start = System.nanoTime();
		fill(connection, n);
		long nanos = System.nanoTime() - start;
		return new Result(GROUP, "redis-raw", "LPUSH 100 B, pipelined x1000", 1, n).rate(n, nanos);
	}

	private static void fill(StatefulRedisConnection<byte[], byte[]> connection, int n) {
		connection.setAutoFlushCommands(false);
		try {
			for (int i = 0; i < n; i += 1000) {
				List<RedisFuture<Long>> futures = new ArrayList<>(1000);
				for (int k = i; k < Math.min(n, i + 1000); k++) {
					futures.add(connection.async().lpush(LIST, VALUE));
				}
				connection.flushCommands();
				if (!LettuceFutures.awaitAll(1, TimeUnit.MINUTES, futures.toArray(new RedisFuture[0]))) {
					throw new IllegalStateException("pipelined LPUSH timed out");
				}
			}
		}
		finally {
			connection.setAutoFlushCommands(true);
		}
	}

	private Result popScript(StatefulRedisConnection<byte[], byte[]> connection, String sha, int conc, int n) {
		this.redis.flushAll();
		fill(connection, n);
		Completion completion = new Completion(n);
		long start = System.nanoTime();
		for (int lane = 0; lane < conc; lane++) {
			pop(connection.async(), sha, false, completion);
		}
		completion.await(TIMEOUT);
		long nanos = System.nanoTime() - start;
		return new Result(GROUP, "redis-raw", "script per task: count done + RPOP next", conc, n).rate(n, nanos);
	}

	/** One lane: pops until the list is empty, each call recording the previous pop. */
	private static void pop(RedisAsyncCommands<byte[], byte[]> commands, String sha, boolean done,
			Completion completion) {
		RedisFuture<byte[]> reply = commands.evalsha(sha, ScriptOutputType.VALUE, new byte[][] { LIST, COUNTS },
				bytes(done ? "1" : "0"));
		reply.thenAccept((value) -> {
			if (value != null) {
				completion.ran();
				pop(commands, sha, true, completion);
			}
		});
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
