package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEventBus;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.redis.OperationArgs.Cancel;
import dev.taskqueue.redis.OperationArgs.Pause;
import dev.taskqueue.redis.OperationArgs.Remove;
import dev.taskqueue.redis.OperationArgs.Retry;
import dev.taskqueue.redis.OperationArgs.Stats;
import dev.taskqueue.redis.ProducerArgs.Enqueue;
import dev.taskqueue.redis.ProducerArgs.NewTaskArgs;
import dev.taskqueue.redis.RedisKeys.QueueKey;
import dev.taskqueue.redis.RedisScripts.Call;
import dev.taskqueue.redis.RedisScripts.Script;
import dev.taskqueue.redis.RedisTaskLocator.Located;
import dev.taskqueue.redis.ScriptArgs.Group;
import dev.taskqueue.redis.WorkerArgs.Claim;
import dev.taskqueue.redis.WorkerArgs.Finish;
import dev.taskqueue.redis.WorkerArgs.HandBack;
import dev.taskqueue.redis.WorkerArgs.LeaseArgs;
import dev.taskqueue.redis.WorkerArgs.OutcomeArgs;
import dev.taskqueue.redis.WorkerArgs.Progress;
import dev.taskqueue.redis.WorkerArgs.Release;
import dev.taskqueue.redis.WorkerArgs.Renew;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;
import tools.jackson.databind.ObjectMapper;

import static dev.taskqueue.redis.ScriptValues.bytes;
import static dev.taskqueue.redis.ScriptValues.first;
import static dev.taskqueue.redis.ScriptValues.isOne;
import static dev.taskqueue.redis.ScriptValues.text;

/**
 * A {@link TaskBackend} on Redis, shared by every instance that uses the same Redis and
 * key prefix: tasks survive restarts of the application, and an instance killed mid-task
 * loses nothing (its leases expire and the tasks run again elsewhere: delivery is at
 * least once).
 * <p>
 * Every state change is one Lua script (see {@link RedisScripts}), atomic in Redis, and
 * touches the keys of one queue only (one hash tag, see {@link RedisKeys}). Outcomes and
 * single enqueues that threads make for one queue at about the same time share one script
 * call ({@link CombinedCalls}), each keeping its own answer. Idle workers block on Redis
 * ({@link RedisWakeUps}); events travel through a bounded stream per queue and reach the
 * listeners of every instance ({@link RedisEventStream}). Time comes from the given
 * clock, passed to every script, so that all instances must run on synchronised clocks
 * (as leases need anyway).
 * <p>
 * Thread-safe. Needs a started
 * {@link org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory}
 * (standalone, Sentinel or Cluster).
 * <p>
 * Failures: every call waits for Redis at most the command timeout
 * ({@link #DEFAULT_COMMAND_TIMEOUT} unless given; the client's own timeout when that is
 * shorter). A call that fails because Redis is down, unreachable, restarting, still
 * loading its data, busy, or did not answer in time throws (or completes its future with)
 * a {@link TaskQueueUnavailableException} whose message says which, and starts an outage:
 * logged once as a warning, during which calls fail at once, and which ends (logged once)
 * when Redis answers a probe made every half second on a new connection, which then
 * carries the backend's commands. Then everything goes on by itself: workers, blocking
 * waits and the event reader reconnect. The backend opens its connections with the
 * factory's Lettuce client and never borrows the factory's own, so that closing them
 * during an outage leaves the rest of the application alone.
 */
public final class RedisTaskBackend implements TaskBackend {

	/** How many events each queue's stream keeps, by default. */
	public static final int DEFAULT_EVENT_STREAM_LENGTH = 10_000;

	/** The longest a call waits for Redis, by default. */
	public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(5);

	/** How many undelivered events the local delivery buffers. */
	private static final int EVENT_CAPACITY = 65_536;

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final RedisScripts scripts;

	private final TaskRecords records;

	private final RedisQueueRegistry registry;

	private final RedisWakeUps wakeUps;

	private final RedisTaskLister lister;

	private final RedisTaskLocator locator;

	private final RedisHousekeeping housekeeping;

	/** Single enqueues made at about the same time, combined (see CombinedCalls). */
	private final CombinedCalls<Group<NewTaskArgs>, EnqueueResult> enqueues;

	/** Outcomes recorded at about the same time, combined (see CombinedCalls). */
	private final CombinedCalls<Group<OutcomeArgs>, Finished> finishes;

	private final TaskEventBus events = new TaskEventBus(EVENT_CAPACITY);

	private final RedisEventStream eventStream;

	private final Clock clock;

	private final RetentionPolicy retention;

	/** About how many events each queue's stream keeps (0: no events). */
	private final int eventStreamLength;

	/**
	 * Which events the scripts write: every script call takes the value of the moment.
	 * Decided in {@link #listenersChanged()} only.
	 */
	private volatile EventDemand eventDemand;

	/**
	 * A backend with {@link #DEFAULT_EVENT_STREAM_LENGTH} events kept per queue.
	 * @param connectionFactory a Lettuce connection factory
	 * @param keyPrefix the prefix of every key, separating applications sharing a Redis
	 * @param clock the time source for every state change
	 * @param retention how many finished tasks to keep, and how long
	 * @param mapper reads and writes payloads and results
	 */
	public RedisTaskBackend(RedisConnectionFactory connectionFactory, String keyPrefix, Clock clock,
			RetentionPolicy retention, ObjectMapper mapper) {
		this(connectionFactory, keyPrefix, clock, retention, mapper, DEFAULT_EVENT_STREAM_LENGTH);
	}

	/**
	 * A backend.
	 * @param connectionFactory a Lettuce connection factory
	 * @param keyPrefix the prefix of every key, separating applications sharing a Redis
	 * @param clock the time source for every state change
	 * @param retention how many finished tasks to keep, and how long
	 * @param mapper reads and writes payloads and results
	 * @param eventStreamLength about how many events each queue's stream keeps (0 turns
	 * events off, also across instances)
	 */
	public RedisTaskBackend(RedisConnectionFactory connectionFactory, String keyPrefix, Clock clock,
			RetentionPolicy retention, ObjectMapper mapper, int eventStreamLength) {
		this(connectionFactory, keyPrefix, clock, retention, mapper, eventStreamLength, DEFAULT_COMMAND_TIMEOUT);
	}

	/**
	 * A backend.
	 * @param connectionFactory a Lettuce connection factory
	 * @param keyPrefix the prefix of every key, separating applications sharing a Redis
	 * @param clock the time source for every state change
	 * @param retention how many finished tasks to keep, and how long
	 * @param mapper reads and writes payloads and results
	 * @param eventStreamLength about how many events each queue's stream keeps (0 turns
	 * events off, also across instances)
	 * @param commandTimeout the longest a call waits for Redis before it fails with a
	 * {@link TaskQueueUnavailableException} (the client's command timeout applies when it
	 * is shorter)
	 */
	public RedisTaskBackend(RedisConnectionFactory connectionFactory, String keyPrefix, Clock clock,
			RetentionPolicy retention, ObjectMapper mapper, int eventStreamLength, Duration commandTimeout) {
		if (eventStreamLength < 0) {
			throw new IllegalArgumentException("event stream length must not be negative, was " + eventStreamLength);
		}
		this.connections = new RedisConnections(connectionFactory, commandTimeout);
		this.keys = new RedisKeys(keyPrefix);
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.retention = Objects.requireNonNull(retention, "retention must not be null");
		this.records = new TaskRecords(Objects.requireNonNull(mapper, "mapper must not be null"));
		this.scripts = new RedisScripts(this.connections, this.keys);
		this.registry = new RedisQueueRegistry(this.connections, this.keys);
		this.wakeUps = new RedisWakeUps(this.connections, this.keys);
		this.lister = new RedisTaskLister(this.scripts, this.records);
		this.eventStream = new RedisEventStream(this.connections, this.keys, this.registry, this.records, this.events);
		this.eventStreamLength = eventStreamLength;
		listenersChanged();
		this.locator = new RedisTaskLocator(this.connections, this.keys, this.registry);
		this.housekeeping = new RedisHousekeeping(this.scripts, this.registry, clock, retention, this::eventDemand);
		this.enqueues = new CombinedCalls<>(this.scripts, this.connections, clock, Script.ENQUEUE,
				new CombinedCalls.Form<>() {

					@Override
					public ScriptArgs args(Instant now, List<Group<NewTaskArgs>> tasks) {
						return new Enqueue(now, eventDemand(), tasks);
					}

					@Override
					public long size(Group<NewTaskArgs> task) {
						return task.size();
					}

					@Override
					public int read(List<?> reply, int at, Instant now, CompletableFuture<EnqueueResult> answer) {
						try {
							answer.complete(enqueueResult(text(reply.get(at)), (Long) reply.get(at + 1)));
						}
						catch (IllegalArgumentException ex) {
							answer.completeExceptionally(ex);
						}
						return at + 2;
					}

				});
		this.finishes = new CombinedCalls<>(this.scripts, this.connections, clock, Script.FINISH,
				new CombinedCalls.Form<>() {

					@Override
					public ScriptArgs args(Instant now, List<Group<OutcomeArgs>> outcomes) {
						return new Finish(now, eventDemand(), tokenBase(), retention.completed().maxCount(),
								retention.failed().maxCount(), outcomes);
					}

					@Override
					public long size(Group<OutcomeArgs> outcome) {
						Group<NewTaskArgs> next = outcome.args().nextOccurrence();
						return outcome.size() + ((next != null) ? next.size() : 0);
					}

					@Override
					public int read(List<?> reply, int at, Instant now, CompletableFuture<Finished> answer) {
						long code = (Long) reply.get(at);
						if (code == 2) {
							answer.complete(new Finished(code, (byte[]) reply.get(at + 1), (byte[]) reply.get(at + 2),
									(byte[]) reply.get(at + 3), now));
							return at + 4;
						}
						answer.complete(new Finished(code, null, null, null, now));
						return at + 1;
					}

				});
		// when Redis becomes unreachable, nothing waits for a reply that cannot come
		RedisAvailability availability = this.connections.availability();
		availability.onOutage(this.wakeUps::dropConnections);
		availability.onOutage(this.eventStream::dropConnection);
		availability.onOutage(() -> this.enqueues.failAll(availability.failureNow()));
		availability.onOutage(() -> this.finishes.failAll(availability.failureNow()));
		availability.onRecovery(this.eventStream::wake);
	}

	/**
	 * What {@code finish.lua} answered for one outcome.
	 *
	 * @param code 0 when the lease was not held, 1 when the outcome was recorded, 2 when
	 * it was and a next task was claimed
	 * @param id the id of the task claimed next, or {@code null}
	 * @param token its lease token, or {@code null}
	 * @param record its record, or {@code null}
	 * @param now the time of the call (the claim's start)
	 */
	private record Finished(long code, byte[] id, byte[] token, byte[] record, Instant now) {

	}

	/**
	 * The key names this backend uses.
	 * @return the keys
	 */
	public RedisKeys keys() {
		return this.keys;
	}

	@Override
	public String name() {
		return "redis";
	}

	@Override
	public boolean isShared() {
		return true;
	}

	/**
	 * Sends a {@code PING}.
	 * @throws TaskQueueUnavailableException if Redis cannot serve or did not answer
	 * within the command timeout
	 */
	@Override
	public void ping() {
		this.connections.withCommands((commands) -> this.connections.await(commands.ping()));
	}

	// --- producing ---

	@Override
	public EnqueueResult enqueue(NewTask task) {
		return this.connections.await(enqueueAsync(task));
	}

	@Override
	public CompletableFuture<EnqueueResult> enqueueAsync(NewTask task) {
		Objects.requireNonNull(task, "task must not be null");
		Group<NewTaskArgs> values;
		try {
			this.registry.register(task.queue());
			values = NewTaskArgs.of(task, this.clock.instant(), this.records);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.enqueues.submit(task.queue(), values);
	}

	@Override
	public List<EnqueueResult> enqueueAll(List<NewTask> tasks) {
		tasks.forEach((task) -> Objects.requireNonNull(task, "tasks must not contain null"));
		if (tasks.isEmpty()) {
			return List.of();
		}
		tasks.stream().map(NewTask::queue).distinct().forEach(this.registry::register);
		Instant now = this.clock.instant();
		EventDemand events = eventDemand();
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
			results.addAll(enqueueResults(reply));
		}
		return results;
	}

	private static List<EnqueueResult> enqueueResults(Object reply) {
		List<?> values = (List<?>) reply;
		List<EnqueueResult> results = new ArrayList<>(values.size() / 2);
		for (int i = 0; i < values.size(); i += 2) {
			results.add(enqueueResult(text(values.get(i)), (Long) values.get(i + 1)));
		}
		return results;
	}

	private static EnqueueResult enqueueResult(String id, long code) {
		if (code < 0) {
			throw new IllegalArgumentException("a task with id '" + id + "' is already stored");
		}
		return new EnqueueResult(id, code == 1);
	}

	// --- reading ---

	@Override
	public Optional<Task> find(String id) {
		return locate(id).map((found) -> this.records.task(found.queue(), id, found.record()));
	}

	@Override
	public TaskPage list(TaskQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		List<String> queues = (query.queue() != null) ? List.of(query.queue()) : this.registry.refresh();
		return this.lister.list(query, queues);
	}

	@Override
	public List<String> queues() {
		return this.registry.visible();
	}

	@Override
	public QueueStats stats(String queue) {
		return RedisQueueStats.read(queue, (List<?>) this.scripts.run(queue, new Stats()));
	}

	// --- consuming ---

	@Override
	public List<ClaimedTask> claim(String queue, int max, Duration lease) {
		if (max <= 0) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<?> reply = (List<?>) this.scripts.run(queue,
				new Claim(now, eventDemand(), max, lease.toMillis(), tokenBase()));
		return claims(queue, reply, 0, now.plus(lease));
	}

	private List<ClaimedTask> claims(String queue, List<?> reply, int from, Instant expiresAt) {
		List<ClaimedTask> claims = new ArrayList<>((reply.size() - from) / 3);
		for (int i = from; i + 2 < reply.size(); i += 3) {
			String id = text(reply.get(i));
			claims.add(new ClaimedTask(this.records.task(queue, id, (byte[]) reply.get(i + 2)), text(reply.get(i + 1)),
					expiresAt));
		}
		return claims;
	}

	@Override
	public void awaitWork(String queue, Duration timeout) throws InterruptedException {
		this.wakeUps.await(queue, timeout);
	}

	@Override
	public FinishResult finish(TaskOutcome outcome, boolean claimNext, Duration lease) {
		ClaimedTask claim = outcome.claim();
		Task task = claim.task();
		String kind;
		String text;
		Instant at;
		if (outcome instanceof TaskOutcome.Completed completed) {
			kind = "completed";
			text = this.records.json(completed.result());
			at = completed.finishedAt();
		}
		else {
			TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
			kind = (failed.retryAt() != null) ? "retrying" : "failed";
			text = this.records.json(failed.error());
			at = (failed.retryAt() != null) ? failed.retryAt() : failed.finishedAt();
		}
		long millis = (task.startedAt() != null)
				? Math.max(0, Duration.between(task.startedAt(), outcome.finishedAt()).toMillis()) : 0;
		NewTask next = outcome.nextOccurrence();
		Group<NewTaskArgs> nextOccurrence = null;
		if (next != null) {
			if (!next.queue().equals(task.queue())) {
				throw new IllegalArgumentException("the next occurrence of task '" + task.id()
						+ "' must be in its queue '" + task.queue() + "', not '" + next.queue() + "'");
			}
			nextOccurrence = NewTaskArgs.of(next, this.clock.instant(), this.records);
		}
		Group<OutcomeArgs> values = Group.of(new OutcomeArgs(claim.id(), claim.leaseToken(), kind, text, at, millis,
				claimNext, lease.toMillis(), nextOccurrence));
		Finished finished = this.connections.await(this.finishes.submit(task.queue(), values));
		if (finished.code() == 0) {
			return new FinishResult(false, null);
		}
		if (finished.code() == 1) {
			return new FinishResult(true, null);
		}
		String id = text(finished.id());
		return new FinishResult(true, new ClaimedTask(this.records.task(task.queue(), id, finished.record()),
				text(finished.token()), finished.now().plus(lease)));
	}

	@Override
	public Set<String> renewLeases(Collection<ClaimedTask> claims, Duration lease) {
		if (claims.isEmpty()) {
			return Set.of();
		}
		Instant expiry = this.clock.instant().plus(lease);
		Map<String, List<Group<LeaseArgs>>> byQueue = new LinkedHashMap<>();
		for (ClaimedTask claim : claims) {
			byQueue.computeIfAbsent(claim.task().queue(), (queue) -> new ArrayList<>())
				.add(Group.of(new LeaseArgs(claim.id(), claim.leaseToken())));
		}
		List<Call> calls = new ArrayList<>(byQueue.size());
		byQueue.forEach((queue, leases) -> calls.add(new Call(queue, new Renew(expiry, leases))));
		Set<String> lost = new HashSet<>();
		for (Object reply : this.scripts.runAll(calls)) {
			for (Object id : (List<?>) reply) {
				lost.add(text(id));
			}
		}
		return lost;
	}

	@Override
	public boolean progress(ClaimedTask claim, TaskProgress progress) {
		Object reply = this.scripts.run(claim.task().queue(), new Progress(this.clock.instant(), eventDemand(),
				claim.id(), claim.leaseToken(), this.records.json(progress)));
		return isOne(reply);
	}

	@Override
	public boolean release(ClaimedTask claim) {
		Object reply = this.scripts.run(claim.task().queue(),
				new Release(this.clock.instant(), eventDemand(), claim.id(), claim.leaseToken()));
		return isOne(reply);
	}

	@Override
	public TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error) {
		Object reply = this.scripts.run(claim.task().queue(),
				new HandBack(this.clock.instant(), eventDemand(), claim.id(), claim.leaseToken(), notBefore,
						maxHandBacks, this.records.json(error), this.retention.failed().maxCount()));
		long code = first(reply);
		return (code == 1) ? TaskStatus.DELAYED : (code == 2) ? TaskStatus.FAILED : null;
	}

	// --- time ---

	@Override
	public Optional<Instant> promoteDue() {
		return this.housekeeping.promoteDue();
	}

	@Override
	public int recoverStalled(int maxStalls) {
		return this.housekeeping.recoverStalled(maxStalls);
	}

	@Override
	public long trim() {
		return this.housekeeping.trim();
	}

	// --- operations ---

	@Override
	public Task retry(String id) {
		Located found = locate(id).orElseThrow(() -> new TaskNotFoundException(id));
		List<?> reply = (List<?>) this.scripts.run(found.queue(), new Retry(this.clock.instant(), eventDemand(), id));
		long code = (Long) reply.get(0);
		if (code == 0) {
			throw new TaskNotFoundException(id);
		}
		if (code < 0) {
			TaskStatus status = TaskStatus.parse(text(reply.get(1)));
			throw new TaskStateException("task '" + id + "' is " + status.value()
					+ "; only completed, failed or cancelled tasks can be retried", status);
		}
		return this.records.task(found.queue(), id, (byte[]) reply.get(1));
	}

	@Override
	public Task cancel(String id) {
		Located found = locate(id).orElseThrow(() -> new TaskNotFoundException(id));
		List<?> reply = (List<?>) this.scripts.run(found.queue(),
				new Cancel(this.clock.instant(), eventDemand(), id, this.retention.failed().maxCount()));
		long code = (Long) reply.get(0);
		if (code == 0) {
			throw new TaskNotFoundException(id);
		}
		if (code < 0) {
			TaskStatus status = TaskStatus.parse(text(reply.get(1)));
			throw new TaskStateException("task '" + id + "' is already " + status.value()
					+ "; only waiting, delayed, active or retrying tasks can be cancelled", status);
		}
		return this.records.task(found.queue(), id, (byte[]) reply.get(1));
	}

	@Override
	public boolean remove(String id) {
		Optional<Located> found = locate(id);
		return found.isPresent()
				&& isOne(this.scripts.run(found.get().queue(), new Remove(this.clock.instant(), eventDemand(), id)));
	}

	@Override
	public void pause(String queue) {
		this.registry.register(queue);
		this.scripts.run(queue, new Pause(this.clock.instant(), eventDemand(), true));
	}

	@Override
	public void resume(String queue) {
		this.registry.register(queue);
		this.scripts.run(queue, new Pause(this.clock.instant(), eventDemand(), false));
	}

	@Override
	public boolean isPaused(String queue) {
		byte[] meta = this.keys.queueKeyBytes(queue, QueueKey.META);
		return this.connections
			.withCommands((commands) -> this.connections.await(commands.hexists(meta, bytes("paused"))));
	}

	@Override
	public long drain(String queue) {
		return this.housekeeping.drain(queue);
	}

	@Override
	public long clean(String queue, Set<TaskStatus> statuses, Instant finishedBefore) {
		return this.housekeeping.clean(queue, statuses, finishedBefore);
	}

	@Override
	public long obliterate(String queue) {
		return this.housekeeping.obliterate(queue);
	}

	// --- events ---

	@Override
	public void addListener(TaskEventListener listener) {
		this.eventStream.beforeListenerAdded(listener);
		this.events.addListener(listener);
		listenersChanged();
		this.eventStream.start();
		this.eventStream.listenersChanged();
	}

	@Override
	public void removeListener(TaskEventListener listener) {
		this.events.removeListener(listener);
		listenersChanged();
	}

	/**
	 * Decides which events the scripts write (the one place that does): all of them while
	 * a listener here wants the full events, else only while some instance reads them.
	 */
	private void listenersChanged() {
		this.eventDemand = EventDemand.of(this.eventStreamLength, RedisEventStream.wantsFullEvents(this.events));
	}

	private EventDemand eventDemand() {
		return this.eventDemand;
	}

	/**
	 * Stops reading events and closes the connections this backend opened. The data in
	 * Redis stays; the connection factory stays open (it belongs to the caller).
	 */
	@Override
	public void close() {
		this.connections.close();
		this.eventStream.close();
		this.events.close();
		this.wakeUps.close();
	}

	// --- helpers ---

	private Optional<Located> locate(String id) {
		return this.locator.locate(id);
	}

	private static String tokenBase() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
	}

}
