package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.taskqueue.Backoff;

/**
 * Configuration of the task queue, under {@code taskqueue}.
 */
@ConfigurationProperties("taskqueue")
public class TaskQueueProperties {

	/**
	 * Where tasks live: "memory" (default; no server, lost on restart) or "redis" (the
	 * application's spring.data.redis connection; shared by all instances).
	 */
	private BackendType backend = BackendType.MEMORY;

	private final Redis redis = new Redis();

	private final Worker worker = new Worker();

	/**
	 * Per-queue settings, by queue name.
	 */
	private Map<String, Queue> queues = new LinkedHashMap<>();

	private final Defaults defaults = new Defaults();

	private final Retention retention = new Retention();

	private final Shutdown shutdown = new Shutdown();

	private final Web web = new Web();

	public BackendType getBackend() {
		return this.backend;
	}

	public void setBackend(BackendType backend) {
		this.backend = backend;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Map<String, Queue> getQueues() {
		return this.queues;
	}

	public void setQueues(Map<String, Queue> queues) {
		this.queues = queues;
	}

	public Defaults getDefaults() {
		return this.defaults;
	}

	public Retention getRetention() {
		return this.retention;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Web getWeb() {
		return this.web;
	}

	/**
	 * Redis backend settings.
	 */
	public static class Redis {

		/**
		 * Prefix of every key the task queue writes, so that several applications can
		 * share one Redis.
		 */
		private String keyPrefix = "taskqueue";

		/**
		 * The longest a call to Redis may wait for an answer before it fails with
		 * TaskQueueUnavailableException (REST: 503), whatever spring.data.redis.timeout
		 * says (the shorter of the two applies). Bounds enqueue and every other operation
		 * of request threads while Redis is down, restarting or cut off; the health check
		 * answers within 2s in any case.
		 */
		private Duration commandTimeout = Duration.ofSeconds(5);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getCommandTimeout() {
			return this.commandTimeout;
		}

		public void setCommandTimeout(Duration commandTimeout) {
			this.commandTimeout = commandTimeout;
		}

	}

	/**
	 * Worker settings.
	 */
	public static class Worker {

		/**
		 * Whether this instance runs tasks. When false it only enqueues and manages them.
		 */
		private boolean enabled = true;

		/**
		 * How many tasks of one queue run at once on this instance, unless the queue or
		 * its handler says otherwise: 1 to 10,000, each a thread of the queue's worker.
		 */
		private int concurrency = 5;

		/**
		 * Whether handlers run on virtual threads (Java 21 and later; ignored with a
		 * warning before).
		 */
		private boolean virtualThreads = false;

		/**
		 * How long a worker's claim on a running task lasts without renewal. A task whose
		 * worker stops renewing (crash, kill, network cut) runs again elsewhere after
		 * this.
		 */
		private Duration leaseDuration = Duration.ofSeconds(30);

		/**
		 * How many times a task may lose its lease before it fails.
		 */
		private int maxStalls = 2;

		/**
		 * The shortest interval between two progress writes of one task.
		 */
		private Duration progressInterval = Duration.ofMillis(200);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public boolean isVirtualThreads() {
			return this.virtualThreads;
		}

		public void setVirtualThreads(boolean virtualThreads) {
			this.virtualThreads = virtualThreads;
		}

		public Duration getLeaseDuration() {
			return this.leaseDuration;
		}

		public void setLeaseDuration(Duration leaseDuration) {
			this.leaseDuration = leaseDuration;
		}

		public int getMaxStalls() {
			return this.maxStalls;
		}

		public void setMaxStalls(int maxStalls) {
			this.maxStalls = maxStalls;
		}

		public Duration getProgressInterval() {
			return this.progressInterval;
		}

		public void setProgressInterval(Duration progressInterval) {
			this.progressInterval = progressInterval;
		}

	}

	/**
	 * Settings of one queue.
	 */
	public static class Queue {

		/**
		 * How many tasks of this queue run at once on this instance, 1 to 10,000.
		 * Overrides the handlers' concurrency and taskqueue.worker.concurrency.
		 */
		private Integer concurrency;

		public Integer getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(Integer concurrency) {
			this.concurrency = concurrency;
		}

	}

	/**
	 * Defaults for tasks that do not set their own.
	 */
	public static class Defaults {

		/**
		 * Attempts per task before it fails for good.
		 */
		private int maxAttempts = 3;

		/**
		 * How long one attempt may run before it is interrupted and fails with a timeout.
		 * Unset means no limit.
		 */
		private Duration timeout;

		/**
		 * The largest payload accepted, as JSON.
		 */
		private DataSize maxPayloadSize = DataSize.ofMegabytes(1);

		private final BackoffProperties backoff = new BackoffProperties();

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public DataSize getMaxPayloadSize() {
			return this.maxPayloadSize;
		}

		public void setMaxPayloadSize(DataSize maxPayloadSize) {
			this.maxPayloadSize = maxPayloadSize;
		}

		public BackoffProperties getBackoff() {
			return this.backoff;
		}

	}

	/**
	 * The delay between attempts.
	 */
	public static class BackoffProperties {

		/**
		 * "fixed" (the same delay each time) or "exponential" (doubling up to max-delay).
		 */
		private Backoff.Kind type = Backoff.Kind.EXPONENTIAL;

		/**
		 * The delay after the first failed attempt.
		 */
		private Duration delay = Duration.ofSeconds(1);

		/**
		 * The longest delay, for exponential backoff.
		 */
		private Duration maxDelay = Duration.ofMinutes(5);

		/**
		 * The fraction (0 to 1) of each delay that is randomised away, to spread retries.
		 */
		private double jitter = 0;

		public Backoff.Kind getType() {
			return this.type;
		}

		public void setType(Backoff.Kind type) {
			this.type = type;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

		/**
		 * The backoff these properties describe.
		 * @return the backoff
		 */
		public Backoff toBackoff() {
			Duration max = (this.type == Backoff.Kind.FIXED) ? this.delay : this.maxDelay;
			return new Backoff(this.type, this.delay, max, this.jitter);
		}

	}

	/**
	 * How long finished tasks are kept.
	 */
	public static class Retention {

		private final Kept completed = new Kept(1000, Duration.ofDays(1));

		private final Kept failed = new Kept(10_000, Duration.ofDays(7));

		/**
		 * Completed tasks.
		 * @return the retention of completed tasks
		 */
		public Kept getCompleted() {
			return this.completed;
		}

		/**
		 * Failed and cancelled tasks (dead letters).
		 * @return the retention of failed tasks
		 */
		public Kept getFailed() {
			return this.failed;
		}

	}

	/**
	 * How many finished tasks of one kind are kept per queue, and for how long.
	 */
	public static class Kept {

		/**
		 * Keep at most this many per queue (0 keeps none).
		 */
		private long maxCount;

		/**
		 * Remove those that finished longer ago than this.
		 */
		private Duration maxAge;

		Kept(long maxCount, Duration maxAge) {
			this.maxCount = maxCount;
			this.maxAge = maxAge;
		}

		public long getMaxCount() {
			return this.maxCount;
		}

		public void setMaxCount(long maxCount) {
			this.maxCount = maxCount;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * Graceful shutdown.
	 */
	public static class Shutdown {

		/**
		 * How long stopping waits for running tasks before interrupting them and handing
		 * them back to the queue.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * The REST API and Server-Sent Events.
	 */
	public static class Web {

		/**
		 * Whether the REST API is served (needs Spring MVC).
		 */
		private boolean enabled = true;

		/**
		 * Where the REST API is served.
		 */
		private String basePath = "/api/tasks";

		/**
		 * Whether writes (enqueue, retry, cancel, delete, queue operations) are allowed
		 * over HTTP. Until true they answer 403. Secure them with Spring Security before
		 * enabling.
		 */
		private boolean operationsEnabled = false;

		/**
		 * Whether tasks read over HTTP and in event streams show their error's stack
		 * trace. Off by default: a trace's class and file names help an attacker more
		 * than a reader. The error's message and type are always shown.
		 */
		private boolean exposeStackTraces = false;

		/**
		 * Origins (such as https://admin.example.com) whose pages may send writes to the
		 * REST API from a browser. Other cross-site writes are refused unless Spring
		 * Security's CSRF protection is in charge; the application's own origin and
		 * clients that are not browsers always may.
		 */
		private List<String> allowedOrigins = new ArrayList<>();

		/**
		 * The largest request body the REST API reads; larger ones are refused with 413
		 * before they are parsed. Defaults to taskqueue.defaults.max-payload-size plus
		 * 64KB for the rest of an enqueue request.
		 */
		private DataSize maxRequestSize;

		/**
		 * How many Server-Sent Events streams may be open at once; one more answers 503
		 * until one closes. Bounds the memory that slow or idle clients can hold.
		 */
		private int maxEventStreams = 1000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getBasePath() {
			return this.basePath;
		}

		public void setBasePath(String basePath) {
			this.basePath = basePath;
		}

		public boolean isOperationsEnabled() {
			return this.operationsEnabled;
		}

		public void setOperationsEnabled(boolean operationsEnabled) {
			this.operationsEnabled = operationsEnabled;
		}

		public boolean isExposeStackTraces() {
			return this.exposeStackTraces;
		}

		public void setExposeStackTraces(boolean exposeStackTraces) {
			this.exposeStackTraces = exposeStackTraces;
		}

		public List<String> getAllowedOrigins() {
			return this.allowedOrigins;
		}

		public void setAllowedOrigins(List<String> allowedOrigins) {
			this.allowedOrigins = allowedOrigins;
		}

		public DataSize getMaxRequestSize() {
			return this.maxRequestSize;
		}

		public void setMaxRequestSize(DataSize maxRequestSize) {
			this.maxRequestSize = maxRequestSize;
		}

		public int getMaxEventStreams() {
			return this.maxEventStreams;
		}

		public void setMaxEventStreams(int maxEventStreams) {
			this.maxEventStreams = maxEventStreams;
		}

	}

}
