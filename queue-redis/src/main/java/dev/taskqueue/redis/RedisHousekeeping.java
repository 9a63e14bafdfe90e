package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.redis.HousekeepingArgs.Clean;
import dev.taskqueue.redis.HousekeepingArgs.CutoffArgs;
import dev.taskqueue.redis.HousekeepingArgs.Drain;
import dev.taskqueue.redis.HousekeepingArgs.Obliterate;
import dev.taskqueue.redis.HousekeepingArgs.Promote;
import dev.taskqueue.redis.HousekeepingArgs.Stalled;
import dev.taskqueue.redis.RedisScripts.Call;
import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.spi.RetentionPolicy;

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

	private final RedisScripts scripts;

	private final RedisQueueRegistry registry;

	/** The throughput history, which obliterate deletes too. */
	private final RedisThroughputHistory throughput;

	/** Reads the records of recovered tasks. */
	private final TaskRecords records;

	private final Clock clock;

	private final RetentionPolicy retention;

	/** Which events the scripts write, as the backend decides at the time of a call. */
	private final Supplier<EventDemand> events;

	RedisHousekeeping(RedisScripts scripts, RedisQueueRegistry registry, RedisThroughputHistory throughput,
			TaskRecords records, Clock clock, RetentionPolicy retention, Supplier<EventDemand> events) {
		this.scripts = scripts;
		this.registry = registry;
		this.throughput = throughput;
		this.records = records;
		this.clock = clock;
		this.retention = retention;
		this.events = events;
	}

	Optional<Instant> promoteDue() {
		Instant earliest = null;
		List<String> queues = this.registry.names();
		while (!queues.isEmpty()) {
			Promote promote = new Promote(this.clock.instant(), this.events.get(), BATCH);
			List<Call> calls = new ArrayList<>(queues.size());
			for (String queue : queues) {
				calls.add(new Call(queue, promote));
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

	int recoverStalled(int maxStalls, Consumer<Task> recovered) {
		return (int) repeatPerQueue(this.registry.names(), (queue) -> new Call(queue, new Stalled(this.clock.instant(),
				this.events.get(), maxStalls, this.retention.forQueue(queue).failed().maxCount(), BATCH)),
				(queue, reply) -> {
					// after the count: the id and record of each task recovered or failed
					for (int i = 1; i + 1 < reply.size(); i += 2) {
						String id = text(reply.get(i));
						recovered.accept(this.records.task(queue, id, (byte[]) reply.get(i + 1)));
					}
				});
	}

	long trim() {
		Instant now = this.clock.instant();
		return repeatPerQueue(this.registry.names(), (queue) -> {
			RetentionPolicy kept = this.retention.forQueue(queue);
			Instant completedCutoff = now.minus(kept.completed().maxAge());
			Instant failedCutoff = now.minus(kept.failed().maxAge());
			List<Group<CutoffArgs>> cutoffs = List.of(Group.of(new CutoffArgs("completed", completedCutoff)),
					Group.of(new CutoffArgs("failed", failedCutoff)),
					Group.of(new CutoffArgs("cancelled", failedCutoff)));
			return new Call(queue, new Clean(now, this.events.get(), BATCH, false, cutoffs));
		});
	}

	long drain(String queue) {
		return repeatPerQueue(List.of(queue),
				(name) -> new Call(name, new Drain(this.clock.instant(), this.events.get(), BATCH)));
	}

	long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore) {
		List<Group<CutoffArgs>> cutoffs = new ArrayList<>();
		for (TaskStatus status : statuses) {
			if (!status.isFinal()) {
				throw new IllegalArgumentException("clean removes only final tasks, not " + status.value() + " ones");
			}
			cutoffs.add(Group.of(new CutoffArgs(status.value(), finishedBefore)));
		}
		if (cutoffs.isEmpty()) {
			return 0;
		}
		return repeatPerQueue(List.of(queue),
				(name) -> new Call(name, new Clean(this.clock.instant(), this.events.get(), BATCH, true, cutoffs)));
	}

	long obliterate(String queue) {
		long removed = 0;
		while (true) {
			List<?> reply = (List<?>) this.scripts.run(queue,
					new Obliterate(this.clock.instant(), this.events.get(), BATCH));
			removed += (Long) reply.get(0);
			if ((Long) reply.get(1) == 1L) {
				break;
			}
		}
		this.registry.unregister(queue);
		this.throughput.delete(queue);
		return removed;
	}

	/**
	 * Runs a batched script on every queue, pipelined, again on those that hit the batch
	 * limit; returns the sum of the counts the calls returned.
	 */
	private long repeatPerQueue(List<String> queues, Function<String, Call> call) {
		return repeatPerQueue(queues, call, (queue, reply) -> {
		});
	}

	/**
	 * Runs a call per queue, pipelined, and again for the queues whose call hit the batch
	 * limit; hands each reply to {@code onReply}.
	 * @return the sum of the counts the calls returned first
	 */
	private long repeatPerQueue(List<String> queues, Function<String, Call> call, BiConsumer<String, List<?>> onReply) {
		long total = 0;
		List<String> pending = queues;
		while (!pending.isEmpty()) {
			List<Call> calls = pending.stream().map(call).toList();
			List<Object> replies = this.scripts.runAll(calls);
			List<String> again = new ArrayList<>();
			for (int i = 0; i < pending.size(); i++) {
				long count = first(replies.get(i));
				total += count;
				onReply.accept(pending.get(i), (List<?>) replies.get(i));
				if (count >= BATCH) {
					again.add(pending.get(i));
				}
			}
			pending = again;
		}
		return total;
	}

}
