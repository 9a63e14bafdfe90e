package dev.taskqueue.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.taskqueue.QueueStats;
import dev.taskqueue.QueueThroughput;
import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskInstance;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskProgress;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.EnqueueResult;
import dev.taskqueue.spi.FinishResult;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.spi.ScheduleStore;
import dev.taskqueue.spi.TaskBackend;
import dev.taskqueue.spi.TaskOutcome;
import tools.jackson.databind.ObjectMapper;

/**
 * A {@link TaskBackend} on Redis, shared by every instance that uses the same Redis and
 * key prefix: tasks survive restarts of the application, and an instance killed mid-task
 * loses nothing (its leases expire and the tasks run again elsewhere: delivery is at
 * least once).
 * <p>
 * Every state change is one Lua script (see {@link RedisScripts}), atomic in Redis, and
 * touches the keys of one queue only (one hash tag, see {@link RedisKeys}); its arguments
 * are named (see {@link ScriptArgs}). Outcomes and single enqueues that threads make for
 * one queue at about the same time share one script call ({@link RedisOutcomes},
 * {@link RedisEnqueues}), each keeping its own answer; a worker's other writes are fenced
 * by its lease ({@link RedisClaims}). Idle workers block on Redis ({@link RedisWakeUps});
 * events travel through a bounded stream per queue and reach the listeners of every
 * instance ({@link RedisEvents}, {@link RedisEventStream}). The records of running
 * engines live apart from every queue ({@link RedisInstanceRegistry}). Time comes from
 * the given clock, passed to every script, so that all instances must run on synchronised
 * clocks (as leases need anyway).
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

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final RedisScripts scripts;

	private final RedisQueueRegistry registry;

	private final RedisWakeUps wakeUps;

	private final RedisTaskLister lister;

	private final RedisTaskLocator locator;

	private final RedisHousekeeping housekeeping;

	private final RedisEnqueues enqueues;

	private final RedisClaims claims;

	private final RedisOutcomes outcomes;

	private final RedisOperations operations;

	private final RedisEvents events;

	private final RedisInstanceRegistry instances;

	private final RedisScheduleStore schedules;

	private final RedisThroughputHistory throughput;

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
		this(connectionFactory, keyPrefix, clock, retention, mapper, DEFAULT_EVENT_STREAM_LENGTH,
				DEFAULT_COMMAND_TIMEOUT);
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
		Objects.requireNonNull(clock, "clock must not be null");
		Objects.requireNonNull(retention, "retention must not be null");
		TaskRecords records = new TaskRecords(Objects.requireNonNull(mapper, "mapper must not be null"));
		this.scripts = new RedisScripts(this.connections, this.keys);
		this.registry = new RedisQueueRegistry(this.connections, this.keys);
		this.wakeUps = new RedisWakeUps(this.connections, this.keys);
		this.lister = new RedisTaskLister(this.scripts, records, this.registry);
		this.events = new RedisEvents(this.connections, this.keys, this.registry, records, eventStreamLength);
		this.locator = new RedisTaskLocator(this.connections, this.keys, this.registry, records);
		this.throughput = new RedisThroughputHistory(this.connections, this.keys, clock);
		this.housekeeping = new RedisHousekeeping(this.scripts, this.registry, this.throughput, records, clock,
				retention, this.events::demand);
		this.enqueues = new RedisEnqueues(this.scripts, this.connections, this.registry, records, clock,
				this.events::demand);
		this.claims = new RedisClaims(this.scripts, records, clock, retention, this.events::demand);
		this.outcomes = new RedisOutcomes(this.scripts, this.connections, records, clock, retention,
				this.events::demand);
		this.operations = new RedisOperations(this.scripts, this.registry, this.locator, records, clock, retention,
				this.events::demand);
		this.instances = new RedisInstanceRegistry(this.connections, this.scripts, this.keys, clock);
		this.schedules = new RedisScheduleStore(this.connections, this.scripts, this.keys, this.registry, records,
				clock, this.events::demand);
		// when Redis becomes unreachable, nothing waits for a reply that cannot come
		RedisAvailability availability = this.connections.availability();
		availability.onOutage(this.wakeUps::dropConnections);
		availability.onOutage(this.events::dropConnection);
		availability.onOutage(() -> this.enqueues.failAll(availability.failureNow()));
		availability.onOutage(() -> this.outcomes.failAll(availability.failureNow()));
		availability.onRecovery(this.events::wake);
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
		return this.enqueues.enqueueAsync(task);
	}

	@Override
	public List<EnqueueResult> enqueueAll(List<NewTask> tasks) {
		return this.enqueues.enqueueAll(tasks);
	}

	// --- reading ---

	@Override
	public Optional<Task> find(String id) {
		return this.locator.find(id);
	}

	@Override
	public TaskPage list(TaskQuery query) {
		return this.lister.list(query);
	}

	@Override
	public List<String> queues() {
		return this.registry.visible();
	}

	@Override
	public QueueStats stats(String queue) {
		return RedisQueueStats.read(this.scripts, queue);
	}

	/**
	 * Reads the history that the scripts count as tasks finish: one hash per queue and
	 * hour, each expiring 25 hours after its last new field (see
	 * {@link RedisKeys.QueueKey#THROUGHPUT}), read in one round trip.
	 */
	@Override
	public QueueThroughput throughput(String queue, int minutes) {
		return this.throughput.read(queue, minutes);
	}

	// --- consuming ---

	@Override
	public List<ClaimedTask> claim(String queue, int max, Duration lease) {
		return this.claims.claim(queue, max, lease);
	}

	@Override
	public void awaitWork(String queue, Duration timeout) throws InterruptedException {
		this.wakeUps.await(queue, timeout);
	}

	@Override
	public FinishResult finish(TaskOutcome outcome, boolean claimNext, Duration lease) {
		return this.outcomes.finish(outcome, claimNext, lease);
	}

	@Override
	public Set<String> renewLeases(Collection<ClaimedTask> claims, Duration lease) {
		return this.claims.renewLeases(claims, lease);
	}

	@Override
	public boolean progress(ClaimedTask claim, TaskProgress progress) {
		return this.claims.progress(claim, progress);
	}

	@Override
	public boolean release(ClaimedTask claim) {
		return this.claims.release(claim);
	}

	@Override
	public TaskStatus handBack(ClaimedTask claim, Instant notBefore, int maxHandBacks, TaskError error) {
		return this.claims.handBack(claim, notBefore, maxHandBacks, error);
	}

	// --- time ---

	@Override
	public Optional<Instant> promoteDue() {
		return this.housekeeping.promoteDue();
	}

	@Override
	public int recoverStalled(int maxStalls, Consumer<Task> recovered) {
		return this.housekeeping.recoverStalled(maxStalls, recovered);
	}

	@Override
	public long trim() {
		return this.housekeeping.trim();
	}

	@Override
	public Task retry(String id) {
		return this.operations.retry(id);
	}

	@Override
	public Task cancel(String id) {
		return this.operations.cancel(id);
	}

	@Override
	public Task hold(String id) {
		return this.operations.hold(id);
	}

	@Override
	public Task release(String id) {
		return this.operations.release(id);
	}

	@Override
	public boolean remove(String id) {
		return this.operations.remove(id);
	}

	@Override
	public void setPaused(String queue, boolean paused) {
		this.operations.pause(queue, paused);
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

	@Override
	public void heartbeat(TaskInstance instance, Duration ttl) {
		this.instances.heartbeat(instance, ttl);
	}

	@Override
	public void leave(String id) {
		this.instances.leave(id);
	}

	@Override
	public ScheduleStore schedules() {
		return this.schedules;
	}

	@Override
	public List<TaskInstance> instances() {
		return this.instances.instances();
	}

	// --- events ---

	/**
	 * Delivers events as {@link dev.taskqueue.spi.TaskEventSource} describes. While some
	 * sink wants more than cancellations and removals, the scripts of every instance
	 * write the full events (with the task's record) and this instance reads them;
	 * otherwise it reads only the short control streams of cancellations and removals.
	 */
	@Override
	public void deliverEvents(Consumer<TaskEvent> sink, Set<TaskEventType> types) {
		this.events.deliver(sink, types);
	}

	@Override
	public void announceWorker(TaskEventType type, String queue, String instanceId) {
		this.operations.announceWorker(type, queue, instanceId);
	}

	/**
	 * Stops reading events and closes the connections this backend opened. The data in
	 * Redis stays; the connection factory stays open (it belongs to the caller).
	 */
	@Override
	public void close() {
		this.connections.close();
		this.events.close();
		this.wakeUps.close();
	}

}
