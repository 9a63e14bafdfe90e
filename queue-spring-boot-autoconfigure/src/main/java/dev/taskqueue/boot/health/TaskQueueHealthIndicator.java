package dev.taskqueue.boot.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.taskqueue.QueueStats;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.engine.WorkerState;

/**
 * Health of the task queue (component {@code taskqueue}).
 * <p>
 * DOWN when the backend does not answer {@link dev.taskqueue.spi.TaskBackend#ping()} (the
 * reason is in the {@code error} detail), when the engine does not run, or when its
 * scheduler or a worker thread died; UP otherwise. Waiting tasks, even old ones, and
 * paused queues do not make it DOWN: alert on the {@code oldestWaitingAge} detail or the
 * {@code taskqueue.queue.oldest.age} metric instead.
 * <p>
 * Details: {@code backend} (its name), {@code running}, {@code scheduler}
 * ({@code alive}), {@code workers} (per queue with a worker on this instance:
 * {@code alive}, {@code active}, {@code concurrency}, {@code lastHeartbeat}), and
 * {@code queues} (per queue: {@code waiting}, {@code delayed}, {@code active},
 * {@code paused}, and when a task waits, {@code oldestWaitingAge} as an ISO-8601 duration
 * and {@code oldestWaitingAgeMillis}). Each check reads one {@code stats} per queue.
 * <p>
 * A check answers within its timeout ({@link #DEFAULT_TIMEOUT} by default) whatever the
 * backend's client does: it runs on a thread of its own, and when the backend has not
 * answered by then the indicator reports DOWN with the {@code error} detail
 * {@code "The backend did not answer within 2s"}. A check still running when the next one
 * is asked for is waited for again rather than started twice, so a hanging backend holds
 * at most one thread.
 */
public class TaskQueueHealthIndicator extends AbstractHealthIndicator {

	/** How long a check waits for the backend, by default. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private final TaskEngine engine;

	private final Clock clock;

	private final Duration timeout;

	private final ThreadPoolExecutor checks;

	private CompletableFuture<Health> running;

	/**
	 * Creates the indicator with the {@link #DEFAULT_TIMEOUT}.
	 * @param engine the engine
	 * @param clock the clock the backend uses, for the ages of waiting tasks
	 */
	public TaskQueueHealthIndicator(TaskEngine engine, Clock clock) {
		this(engine, clock, DEFAULT_TIMEOUT);
	}

	/**
	 * Creates the indicator.
	 * @param engine the engine
	 * @param clock the clock the backend uses, for the ages of waiting tasks
	 * @param timeout how long a check waits for the backend before it reports DOWN
	 */
	public TaskQueueHealthIndicator(TaskEngine engine, Clock clock, Duration timeout) {
		super("Task queue health check failed");
		this.engine = engine;
		this.clock = clock;
		this.timeout = timeout;
		// one thread at most, gone after a minute without checks
		this.checks = new ThreadPoolExecutor(0, 1, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), (runnable) -> {
			Thread thread = new Thread(runnable, "taskqueue-health");
			thread.setDaemon(true);
			return thread;
		});
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws Exception {
		Health health;
		try {
			health = currentCheck().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			builder.withDetail("backend", this.engine.backend().name())
				.down()
				.withDetail("error", "The backend did not answer within " + format(this.timeout));
			return;
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
		builder.status(health.getStatus()).withDetails(health.getDetails());
	}

	/** The check running now, or a new one. */
	private synchronized CompletableFuture<Health> currentCheck() {
		if (this.running == null || this.running.isDone()) {
			this.running = CompletableFuture.supplyAsync(this::check, this.checks);
		}
		return this.running;
	}

	private Health check() {
		Health.Builder builder = new Health.Builder();
		builder.withDetail("backend", this.engine.backend().name());
		try {
			this.engine.backend().ping();
		}
		catch (RuntimeException ex) {
			return builder.down(ex).build();
		}
		boolean running = this.engine.isRunning();
		boolean schedulerAlive = this.engine.isSchedulerAlive();
		builder.withDetail("running", running);
		builder.withDetail("scheduler", Map.of("alive", schedulerAlive));
		boolean workersAlive = true;
		Map<String, Object> workers = new LinkedHashMap<>();
		for (WorkerState worker : sorted(this.engine.workerStates())) {
			workersAlive &= worker.alive();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("alive", worker.alive());
			details.put("active", worker.active());
			details.put("concurrency", worker.concurrency());
			details.put("lastHeartbeat", worker.heartbeat().toString());
			workers.put(worker.queue(), details);
		}
		builder.withDetail("workers", workers);
		Instant now = this.clock.instant();
		Map<String, Object> queues = new LinkedHashMap<>();
		for (String queue : this.engine.queues()) {
			queues.put(queue, queueDetails(this.engine.stats(queue), now));
		}
		builder.withDetail("queues", queues);
		if (running && schedulerAlive && workersAlive) {
			builder.up();
		}
		else {
			builder.down();
		}
		return builder.build();
	}

	private static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static Map<String, Object> queueDetails(QueueStats stats, Instant now) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("waiting", stats.count(TaskStatus.WAITING));
		details.put("delayed", stats.count(TaskStatus.DELAYED) + stats.count(TaskStatus.RETRYING));
		details.put("active", stats.count(TaskStatus.ACTIVE));
		details.put("paused", stats.paused());
		if (stats.oldestWaitingSince() != null) {
			Duration age = Duration.between(stats.oldestWaitingSince(), now);
			if (age.isNegative()) {
				age = Duration.ZERO;
			}
			details.put("oldestWaitingAge", age.toString());
			details.put("oldestWaitingAgeMillis", age.toMillis());
		}
		return details;
	}

	private static List<WorkerState> sorted(List<WorkerState> states) {
		return states.stream().sorted((a, b) -> a.queue().compareTo(b.queue())).toList();
	}

}
