package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.taskqueue.redis.RedisScripts.Script;
import dev.taskqueue.spi.RetentionPolicy;

import static dev.taskqueue.redis.ScriptValues.bytes;

/**
 * Sends the outcomes of finished attempts to Redis, those of one queue that finish
 * together in one call of {@code finish.lua}.
 * <p>
 * Each queue has at most {@link #MAX_CALLS} calls on their way at a time (two: Redis runs
 * one while this instance reads the other's reply). An outcome that arrives while they
 * are on their way waits for one to return and then leaves with every other outcome that
 * arrived, in one call: at low load each outcome travels alone, as soon as it is made;
 * under load a call carries as many outcomes as workers finished during the previous
 * ones, and the work each call costs Redis and this instance (receiving, binding keys,
 * the script's checks of the queue's state, counting metrics, retention, encoding and
 * decoding the command) is shared among them. Outcomes stay independent: each is fenced
 * by its own lease, and each worker gets its own reply.
 * <p>
 * A call is sent from the thread of the worker whose outcome starts it, or from the
 * connection's I/O thread when the previous call returns; neither blocks. A worker waits
 * for its own reply. When the connection factory does not share its connection, each
 * outcome is sent alone from its worker's thread. Thread-safe.
 */
final class RedisFinishes {

	/** How many calls of one queue may be on their way at once. */
	static final int MAX_CALLS = 2;

	/** The most outcomes one call carries. */
	static final int MAX_OUTCOMES = 100;

	/** Roughly the most argument bytes one call carries. */
	private static final long MAX_CALL_BYTES = 1024 * 1024;

	private final RedisScripts scripts;

	private final RedisConnections connections;

	private final Clock clock;

	private final RetentionPolicy retention;

	private final Supplier<String> streamLength;

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	RedisFinishes(RedisScripts scripts, RedisConnections connections, Clock clock, RetentionPolicy retention,
			Supplier<String> streamLength) {
		this.scripts = scripts;
		this.connections = connections;
		this.clock = clock;
		this.retention = retention;
		this.streamLength = streamLength;
	}

	/**
	 * What Redis answered for one outcome.
	 *
	 * @param code 0 when the lease was not held, 1 when the outcome was recorded, 2 when
	 * it was and a next task was claimed
	 * @param id the id of the task claimed next, or {@code null}
	 * @param token its lease token, or {@code null}
	 * @param record its record, or {@code null}
	 * @param now the time the call was made with (the claim's start)
	 */
	record Finished(long code, byte[] id, byte[] token, byte[] record, Instant now) {

		boolean accepted() {
			return this.code != 0;
		}

		boolean claimed() {
			return this.code == 2;
		}

	}

	/**
	 * Records an outcome, waiting for Redis's answer.
	 * @param queue the task's queue
	 * @param outcome the outcome's values, as {@code finish.lua} takes them per task
	 * @return the answer
	 * @throws io.lettuce.core.RedisException if the call failed, timed out, or the thread
	 * was interrupted (the outcome may have been recorded all the same)
	 */
	Finished finish(String queue, List<byte[]> outcome) {
		Pending pending = new Pending(outcome);
		if (!this.connections.sharesNativeConnection()) {
			List<Pending> alone = List.of(pending);
			Instant now = this.clock.instant();
			deliver(alone, this.scripts.run(Script.FINISH, queue, args(alone, now)), now);
			return this.connections.await(pending.answer);
		}
		Lane lane = this.lanes.computeIfAbsent(queue, Lane::new);
		lane.waiting.add(pending);
		send(lane);
		return this.connections.await(pending.answer);
	}

	/** Sends what waits in a lane, unless a call of the lane is on its way. */
	private void send(Lane lane) {
		while (!lane.waiting.isEmpty() && lane.takeCall()) {
			List<Pending> batch = new ArrayList<>();
			long size = 0;
			Pending next;
			while (batch.size() < MAX_OUTCOMES && size < MAX_CALL_BYTES && (next = lane.waiting.poll()) != null) {
				batch.add(next);
				size += next.size;
			}
			if (batch.isEmpty()) {
				lane.calls.decrementAndGet();
				continue;
			}
			Instant now = this.clock.instant();
			CompletableFuture<Object> reply;
			try {
				reply = this.scripts.runAsync(Script.FINISH, lane.queue, args(batch, now));
			}
			catch (RuntimeException ex) {
				reply = CompletableFuture.failedFuture(ex);
			}
			reply.whenComplete((value, failure) -> {
				// the next call leaves before the waiting workers are woken
				lane.calls.decrementAndGet();
				send(lane);
				if (failure != null) {
					batch.forEach((pending) -> pending.answer.completeExceptionally(failure));
				}
				else {
					deliver(batch, value, now);
				}
			});
		}
	}

	private byte[][] args(List<Pending> batch, Instant now) {
		List<byte[]> args = new ArrayList<>(5 + 10 * batch.size());
		args.add(bytes(RedisTimes.format(now)));
		args.add(bytes(this.streamLength.get()));
		args.add(bytes(tokenBase()));
		args.add(bytes(Long.toString(this.retention.completed().maxCount())));
		args.add(bytes(Long.toString(this.retention.failed().maxCount())));
		for (Pending pending : batch) {
			args.addAll(pending.outcome);
		}
		return args.toArray(new byte[0][]);
	}

	private static void deliver(List<Pending> batch, Object reply, Instant now) {
		try {
			List<?> values = (List<?>) reply;
			int at = 0;
			for (Pending pending : batch) {
				long code = (Long) values.get(at++);
				if (code == 2) {
					pending.answer.complete(new Finished(code, (byte[]) values.get(at), (byte[]) values.get(at + 1),
							(byte[]) values.get(at + 2), now));
					at += 3;
				}
				else {
					pending.answer.complete(new Finished(code, null, null, null, now));
				}
			}
		}
		catch (RuntimeException ex) {
			// a reply of another shape: no worker is left waiting for its answer
			IllegalStateException failure = new IllegalStateException("unexpected reply of finish.lua: " + reply, ex);
			batch.forEach((pending) -> pending.answer.completeExceptionally(failure));
		}
	}

	private static String tokenBase() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
	}

	/** The outcomes of one queue waiting to be sent, and whether a call is on its way. */
	private static final class Lane {

		private final String queue;

		private final Queue<Pending> waiting = new ConcurrentLinkedQueue<>();

		/** How many calls are on their way. */
		private final AtomicInteger calls = new AtomicInteger();

		Lane(String queue) {
			this.queue = queue;
		}

		boolean takeCall() {
			int now;
			do {
				now = this.calls.get();
				if (now >= MAX_CALLS) {
					return false;
				}
			}
			while (!this.calls.compareAndSet(now, now + 1));
			return true;
		}

	}

	private static final class Pending {

		private final List<byte[]> outcome;

		private final long size;

		private final CompletableFuture<Finished> answer = new CompletableFuture<>();

		Pending(List<byte[]> outcome) {
			this.outcome = outcome;
			long bytes = 0;
			for (byte[] value : outcome) {
				bytes += value.length;
			}
			this.size = bytes;
		}

	}

}
