package dev.taskqueue.redis;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.redis.ProducerArgs.NewTaskArgs;
import dev.taskqueue.redis.RedisKeys.QueueKey;
import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.ScheduleStore;
import dev.taskqueue.spi.StoredSchedule;

/**
 * The {@link ScheduleStore} on Redis: each queue keeps its schedules in a hash of its own
 * ({@link QueueKey#SCHEDULES}) and their next due times in a sorted set
 * ({@link QueueKey#TIMETABLE}), under the queue's hash tag, so that {@code schedule.lua}
 * changes a schedule and stores its task in one step. Reads go to every registered queue
 * in one round trip (pipelined); schedules are few.
 * <p>
 * A schedule that moves to another queue is written there first, then removed from the
 * old one: two steps. Should the second not happen (the old copy changed meanwhile, or
 * the process died between), both copies exist until the next change; reads take the
 * higher revision. Thread-safe.
 */
final class RedisScheduleStore implements ScheduleStore {

	private static final Comparator<StoredSchedule> BY_DUE_TIME = Comparator
		.comparing((StoredSchedule stored) -> stored.schedule().nextDueAt())
		.thenComparing(StoredSchedule::id);

	private final RedisConnections connections;

	private final RedisScripts scripts;

	private final RedisKeys keys;

	private final RedisQueueRegistry registry;

	private final TaskRecords tasks;

	private final Clock clock;

	private final Supplier<EventDemand> events;

	private final ScheduleRecords records = new ScheduleRecords();

	RedisScheduleStore(RedisConnections connections, RedisScripts scripts, RedisKeys keys, RedisQueueRegistry registry,
			TaskRecords tasks, Clock clock, Supplier<EventDemand> events) {
		this.connections = connections;
		this.scripts = scripts;
		this.keys = keys;
		this.registry = registry;
		this.tasks = tasks;
		this.clock = clock;
		this.events = events;
	}

	@Override
	public Optional<StoredSchedule> findSchedule(String id) {
		Objects.requireNonNull(id, "id must not be null");
		Optional<StoredSchedule> found = findIn(this.registry.names(), id);
		// a miss reads the queue names again: another instance may have made the queue
		// within the last second, with this schedule in it
		return found.isPresent() ? found : findIn(this.registry.refresh(), id);
	}

	private Optional<StoredSchedule> findIn(List<String> queues, String id) {
		byte[] field = bytes(id);
		List<byte[]> values = perQueue(queues,
				(commands, queue) -> commands.hget(this.keys.queueKeyBytes(queue, QueueKey.SCHEDULES), field));
		StoredSchedule found = null;
		for (byte[] value : values) {
			if (value != null) {
				found = newer(found, this.records.read(text(value)));
			}
		}
		return Optional.ofNullable(found);
	}

	@Override
	public List<StoredSchedule> schedules() {
		List<String> queues = this.registry.names();
		List<Map<byte[], byte[]>> hashes = perQueue(queues,
				(commands, queue) -> commands.hgetall(this.keys.queueKeyBytes(queue, QueueKey.SCHEDULES)));
		Map<String, StoredSchedule> byId = new HashMap<>();
		for (Map<byte[], byte[]> hash : hashes) {
			for (byte[] value : hash.values()) {
				StoredSchedule stored = this.records.read(text(value));
				byId.merge(stored.id(), stored, RedisScheduleStore::newer);
			}
		}
		return List.copyOf(byId.values());
	}

	@Override
	public ScheduleWrite writeSchedule(StoredSchedule expected, StoredSchedule replacement, NewTask task) {
		String id = StoredSchedule.checkWrite(expected, replacement);
		String from = (expected != null) ? expected.schedule().queue() : null;
		String to = (replacement != null) ? replacement.schedule().queue() : from;
		if (task != null && !task.queue().equals(to)) {
			throw new IllegalArgumentException("a schedule's task goes to its queue " + to + ", not " + task.queue());
		}
		this.registry.register(to);
		if (from == null || from.equals(to)) {
			return write(to, id, (expected != null) ? expected.revision() : 0, replacement, task,
					StoredSchedule.eventOf(expected, replacement));
		}
		// moved: the new queue first, then the old one, so that it is never lost
		ScheduleWrite written = write(to, id, 0, replacement, task, TaskEventType.SCHEDULE_UPDATED);
		if (written.written()) {
			write(from, id, expected.revision(), null, null, null);
		}
		return written;
	}

	private ScheduleWrite write(String queue, String id, long expected, StoredSchedule replacement, NewTask task,
			TaskEventType event) {
		Instant now = this.clock.instant();
		Instant due = null;
		String record = "";
		if (replacement != null) {
			record = this.records.write(replacement);
			due = replacement.schedule().paused() ? null : replacement.schedule().nextDueAt();
		}
		List<Group<NewTaskArgs>> groups = (task != null) ? List.of(NewTaskArgs.of(task, now, this.tasks)) : List.of();
		List<?> reply = (List<?>) this.scripts.run(queue, new ScheduleArgs.Write(now, this.events.get(), id, expected,
				record, due, (event != null) ? event.value() : "", groups));
		long code = (Long) reply.get(0);
		if (code == 0) {
			return ScheduleWrite.CONFLICT;
		}
		if (code < 0) {
			throw new IllegalArgumentException("a task with id '" + task.id() + "' is already stored");
		}
		EnqueueResult result = (reply.size() > 1)
				? new EnqueueResult(ScriptValues.text(reply.get(1)), (Long) reply.get(2) == 1) : null;
		return new ScheduleWrite(true, result);
	}

	@Override
	public DueSchedules dueSchedules(Instant now, int max) {
		List<String> queues = this.registry.names();
		double limit = Double.parseDouble(RedisTimes.format(now));
		List<List<ScoredValue<byte[]>>> timetables = perQueue(queues, (commands, queue) -> commands
			.zrangeWithScores(this.keys.queueKeyBytes(queue, QueueKey.TIMETABLE), 0, max));
		return this.connections.withCommands((commands) -> {
			Map<String, List<byte[]>> dueByQueue = new HashMap<>();
			Instant next = null;
			for (int i = 0; i < queues.size(); i++) {
				for (ScoredValue<byte[]> entry : timetables.get(i)) {
					if (entry.getScore() <= limit) {
						dueByQueue.computeIfAbsent(queues.get(i), (queue) -> new ArrayList<>()).add(entry.getValue());
					}
					else {
						Instant at = Instant.ofEpochMilli((long) Math.floor(entry.getScore()));
						next = (next == null || at.isBefore(next)) ? at : next;
						break;
					}
				}
			}
			List<StoredSchedule> due = new ArrayList<>();
			List<RedisFuture<List<KeyValue<byte[], byte[]>>>> reads = new ArrayList<>();
			for (Map.Entry<String, List<byte[]>> entry : dueByQueue.entrySet()) {
				reads.add(commands.hmget(this.keys.queueKeyBytes(entry.getKey(), QueueKey.SCHEDULES),
						entry.getValue().toArray(new byte[0][])));
			}
			for (RedisFuture<List<KeyValue<byte[], byte[]>>> read : reads) {
				for (KeyValue<byte[], byte[]> value : this.connections.await(read)) {
					if (value.hasValue()) {
						StoredSchedule stored = this.records.read(text(value.getValue()));
						// the record may be newer than the timetable read before it
						// (fired
						// meanwhile): it is the truth
						Instant at = stored.schedule().nextDueAt();
						if (!stored.schedule().paused() && at != null && !at.isAfter(now)) {
							due.add(stored);
						}
					}
				}
			}
			due.sort(BY_DUE_TIME);
			if (due.size() > max) {
				next = due.get(max).schedule().nextDueAt();
				due = due.subList(0, max);
			}
			return new DueSchedules(due, next);
		});
	}

	/**
	 * One command per queue, pipelined: one round trip; the replies in the queues' order.
	 */
	private <T> List<T> perQueue(List<String> queues,
			BiFunction<RedisClusterAsyncCommands<byte[], byte[]>, String, RedisFuture<T>> command) {
		return this.connections.withCommands((commands) -> {
			List<RedisFuture<T>> futures = new ArrayList<>(queues.size());
			for (String queue : queues) {
				futures.add(command.apply(commands, queue));
			}
			List<T> replies = new ArrayList<>(futures.size());
			for (RedisFuture<T> future : futures) {
				replies.add(this.connections.await(future));
			}
			return replies;
		});
	}

	private static StoredSchedule newer(StoredSchedule one, StoredSchedule other) {
		return (one == null || other.revision() > one.revision()) ? other : one;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
