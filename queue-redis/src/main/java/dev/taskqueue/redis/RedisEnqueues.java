package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.taskqueue.redis.ProducerArgs.Enqueue;
import dev.taskqueue.redis.ProducerArgs.NewTaskArgs;
import dev.taskqueue.redis.RedisScripts.Call;
import dev.taskqueue.redis.RedisScripts.Script;
import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.NewTask;

import static dev.taskqueue.redis.ScriptValues.text;

/**
 * Stores new tasks ({@code enqueue.lua}): single enqueues that threads make for one queue
 * at about the same time share one call ({@link CombinedCalls}), each keeping its own
 * answer; a list of tasks goes in calls bounded in count and size, pipelined. Registers
 * each queue it stores into. Thread-safe.
 */
final class RedisEnqueues {

	private final RedisScripts scripts;

	private final RedisConnections connections;

	private final RedisQueueRegistry registry;

	private final TaskRecords records;

	private final Clock clock;

	/** Which events the script writes, as the backend decides at the time of a call. */
	private final Supplier<EventDemand> events;

	private final CombinedCalls<Group<NewTaskArgs>, EnqueueResult> combined;

	RedisEnqueues(RedisScripts scripts, RedisConnections connections, RedisQueueRegistry registry, TaskRecords records,
			Clock clock, Supplier<EventDemand> events) {
		this.scripts = scripts;
		this.connections = connections;
		this.registry = registry;
		this.records = records;
		this.clock = clock;
		this.events = events;
		this.combined = new CombinedCalls<>(scripts, connections, clock, Script.ENQUEUE, new CombinedCalls.Form<>() {

			@Override
			public ScriptArgs args(String queue, Instant now, List<Group<NewTaskArgs>> tasks) {
				return new Enqueue(now, events.get(), tasks);
			}

			@Override
			public long size(Group<NewTaskArgs> task) {
				return task.size();
			}

			@Override
			public int read(List<?> reply, int at, Instant now, CompletableFuture<EnqueueResult> answer) {
				try {
					answer.complete(result(text(reply.get(at)), (Long) reply.get(at + 1)));
				}
				catch (IllegalArgumentException ex) {
					answer.completeExceptionally(ex);
				}
				return at + 2;
			}

		});
	}

	/**
	 * Stores a task with the others enqueued for its queue at about the same time.
	 * @param task the task
	 * @return its result, to come; failed as {@link CombinedCalls#submit} says, or with
	 * an {@link IllegalArgumentException} when a task with its id is already stored
	 */
	CompletableFuture<EnqueueResult> enqueueAsync(NewTask task) {
		Objects.requireNonNull(task, "task must not be null");
		Group<NewTaskArgs> values;
		try {
			this.registry.register(task.queue());
			values = NewTaskArgs.of(task, this.clock.instant(), this.records);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.combined.submit(task.queue(), values);
	}

	/**
	 * Stores tasks, in as few calls as their queues and the bounds of a call allow.
	 * @param tasks the tasks
	 * @return their results, in order
	 * @throws IllegalArgumentException when a task with the id of one is already stored
	 * (the others are stored all the same)
	 */
	List<EnqueueResult> enqueueAll(List<NewTask> tasks) {
		tasks.forEach((task) -> Objects.requireNonNull(task, "tasks must not contain null"));
		if (tasks.isEmpty()) {
			return List.of();
		}
		tasks.stream().map(NewTask::queue).distinct().forEach(this.registry::register);
		Instant now = this.clock.instant();
		EventDemand events = this.events.get();
		// consecutive tasks of one queue go in one call (bounded in count and size, so
		// that no script runs long), and results keep the tasks' order
		List<Call> calls = new ArrayList<>();
		int start = 0;
		while (start < tasks.size()) {
			String queue = tasks.get(start).queue();
			int end = start;
			List<Group<NewTaskArgs>> groups = new ArrayList<>();
			long size = 0;
			while (end < tasks.size() && end - start < RedisHousekeeping.BATCH && size < CombinedCalls.MAX_CALL_BYTES
					&& tasks.get(end).queue().equals(queue)) {
				Group<NewTaskArgs> group = NewTaskArgs.of(tasks.get(end), now, this.records);
				groups.add(group);
				size += group.size();
				end++;
			}
			calls.add(new Call(queue, new Enqueue(now, events, groups)));
			start = end;
		}
		List<EnqueueResult> results = new ArrayList<>(tasks.size());
		for (Object reply : this.scripts.runAll(calls)) {
			List<?> values = (List<?>) reply;
			for (int i = 0; i < values.size(); i += 2) {
				results.add(result(text(values.get(i)), (Long) values.get(i + 1)));
			}
		}
		return results;
	}

	/**
	 * Fails every enqueue waiting to be sent or on its way (Redis became unreachable).
	 * @param failure the failure each gets
	 */
	void failAll(RuntimeException failure) {
		this.combined.failAll(failure);
	}

	private static EnqueueResult result(String id, long code) {
		if (code < 0) {
			throw new IllegalArgumentException("a task with id '" + id + "' is already stored");
		}
		return new EnqueueResult(id, code == 1);
	}

}
