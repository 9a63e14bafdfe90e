package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

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

	@NestedConfigurationProperty
	private final WorkerProperties worker = new WorkerProperties();

	/**
	 * Per-queue settings, by queue name: concurrency, max-attempts, timeout, backoff.*
	 * and retention.* of the tasks of one queue.
	 */
	private Map<String, QueueProperties> queues = new LinkedHashMap<>();

	/**
	 * Overrides of the schedules declared with @Recurring, by schedule id: cron, every,
	 * zone and enabled.
	 */
	private Map<String, ScheduleProperties> schedules = new LinkedHashMap<>();

	@NestedConfigurationProperty
	private final TaskDefaultsProperties defaults = new TaskDefaultsProperties();

	@NestedConfigurationProperty
	private final RetentionProperties retention = new RetentionProperties();

	private final Shutdown shutdown = new Shutdown();

	@NestedConfigurationProperty
	private final WebApiProperties web = new WebApiProperties();

	@NestedConfigurationProperty
	private final LoggingProperties logging = new LoggingProperties();

	@NestedConfigurationProperty
	private final EnqueueProperties enqueue = new EnqueueProperties();

	public BackendType getBackend() {
		return this.backend;
	}

	public void setBackend(BackendType backend) {
		this.backend = backend;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public WorkerProperties getWorker() {
		return this.worker;
	}

	public Map<String, QueueProperties> getQueues() {
		return this.queues;
	}

	public void setQueues(Map<String, QueueProperties> queues) {
		this.queues = queues;
	}

	public Map<String, ScheduleProperties> getSchedules() {
		return this.schedules;
	}

	public void setSchedules(Map<String, ScheduleProperties> schedules) {
		this.schedules = schedules;
	}

	public TaskDefaultsProperties getDefaults() {
		return this.defaults;
	}

	public RetentionProperties getRetention() {
		return this.retention;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public LoggingProperties getLogging() {
		return this.logging;
	}

	public WebApiProperties getWeb() {
		return this.web;
	}

	public EnqueueProperties getEnqueue() {
		return this.enqueue;
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

}
