package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.taskqueue.TaskStatus;
import dev.taskqueue.redis.RedisScripts.Call;
import dev.taskqueue.redis.RedisScripts.Script;
import dev.taskqueue.spi.RetentionPolicy;

import static dev.taskqueue.redis.ScriptValues.args;
import static dev.taskqueue.redis.ScriptValues.first;
import static dev.taskqueue.redis.ScriptValues.text;

/**
 * The steps that work through many tasks: promoting due tasks, recovering stalled ones,
 * retention by age, and the queue operations drain, clean and obliterate. Each script
 * call handles at most {@value #BATCH} tasks, so that Redis, which runs one script at a
 * time, never stalls long; calls for several queues go pipelined in one round trip, and
 * queues that hit the limit are called again. Thread-safe.
 */
final class RedisHousekeeping {

	/** The most tasks one script call handles. */
	static final int BATCH = 1000;

	private static final String BATCH_TEXT = Integer.toString(BATCH);

	private final RedisScripts scripts;

	private final RedisQueueRegistry registry;

	private final Clock clock;

	private final RetentionPolicy retention;

	private final Supplier<String> eventStreamLength;

	RedisHousekeeping(RedisScripts scripts, RedisQueueRegistry registry, Clock clock, RetentionPolicy retention,
			Supplier<String> eventStreamLength) {
		this.scripts = scripts;
		this.registry = registry;
		this.clock = clock;
		this.retention = retention;
		this.eventStreamLength = eventStreamLength;
	}

	Optional<Instant> promoteDue() {
		Instant earliest = null;
		List<String> queues = this.registry.names();
		while (!queues.isEmpty()) {
			String now = now();
			List<Call> calls = new ArrayList<>(queues.size());
			for (String queue : queues) {
				calls.add(new Call(Script.PROMOTE, queue, args(now, this.eventStreamLength.get(), BATCH_TEXT)));
			}
			List<Object> replies = this.scripts.runAll(calls);
			List<String> again = new ArrayList<>();
			for (int i = 0; i < queues.size(); i++) {
				List<?> reply = (List<?>) replies.get(i);
				if ((Long) reply.get(0) >= BATCH) {
					again.add(queues.get(i));
				}
				else if (reply.size() > 1 && reply.get(1) != null) {
					Instant due = RedisTimes.parse(text(reply.get(1)));
					if (earliest == null || due.isBefore(earliest)) {
						earliest = due;
					}
				}
			}
			queues = again;
		}
		return Optional.ofNullable(earliest);
	}

	int recoverStalled(int maxStalls) {
		String maxFailed = Long.toString(this.retention.failed().maxCount());
		return (int) repeatPerQueue(this.registry.names(), (queue) -> new Call(Script.STALLED, queue,
				args(now(), this.eventStreamLength.get(), Integer.toString(maxStalls), maxFailed, BATCH_TEXT)));
	}

	long trim() {
		Instant now = this.clock.instant();
		String completedCutoff = RedisTimes.format(now.minus(this.retention.completed().maxAge()));
		String failedCutoff = RedisTimes.format(now.minus(this.retention.failed().maxAge()));
		return repeatPerQueue(this.registry.names(),
				(queue) -> new Call(Script.CLEAN, queue,
						args(RedisTimes.format(now), this.eventStreamLength.get(), BATCH_TEXT, "0", "completed",
								completedCutoff, "failed", failedCutoff, "cancelled", failedCutoff)));
	}

	long drain(String queue) {
		return repeatPerQueue(List.of(queue),
				(name) -> new Call(Script.DRAIN, name, args(now(), this.eventStreamLength.get(), BATCH_TEXT)));
	}

	long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore) {
		List<String> values = new ArrayList<>(List.of("", this.eventStreamLength.get(), BATCH_TEXT, "1"));
		String cutoff = RedisTimes.format(finishedBefore);
		for (TaskStatus status : statuses) {
			if (!status.isFinal()) {
				throw new IllegalArgumentException("clean removes only final tasks, not " + status.value() + " ones");
			}
			values.add(status.value());
			values.add(cutoff);
		}
		if (values.size() == 4) {
			return 0;
		}
		return repeatPerQueue(List.of(queue), (name) -> {
			values.set(0, now());
			return new Call(Script.CLEAN, name, args(values.toArray(new String[0])));
		});
	}

	long obliterate(String queue) {
		long removed = 0;
		while (true) {
			List<?> reply = (List<?>) this.scripts.run(Script.OBLITERATE, queue,
					args(now(), this.eventStreamLength.get(), BATCH_TEXT));
			removed += (Long) reply.get(0);
			if ((Long) reply.get(1) == 1L) {
				break;
			}
		}
		this.registry.unregister(queue);
		return removed;
	}

	/**
	 * Runs a batched script on every queue, pipelined, again on those that hit the batch
	 * limit; returns the sum of the counts the calls returned.
	 */
	private long repeatPerQueue(List<String> queues, Function<String, Call> call) {
		long total = 0;
		List<String> pending = queues;
		while (!pending.isEmpty()) {
			List<Call> calls = pending.stream().map(call).toList();
			List<Object> replies = this.scripts.runAll(calls);
			List<String> again = new ArrayList<>();
			for (int i = 0; i < pending.size(); i++) {
				long count = first(replies.get(i));
				total += count;
				if (count >= BATCH) {
					again.add(pending.get(i));
				}
			}
			pending = again;
		}
		return total;
	}

	private String now() {
		return RedisTimes.format(this.clock.instant());
	}

}
