package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import dev.taskqueue.Backoff;
import dev.taskqueue.TaskLimits;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.QueueDefaults;
import dev.taskqueue.spi.Retention;
import dev.taskqueue.spi.RetentionPolicy;

/**
 * Turns {@link TaskQueueProperties} into the core's {@link EngineSettings} and
 * {@link RetentionPolicy}, checking each value first so that a wrong one fails start-up
 * with an {@link InvalidConfigurationPropertyValueException} naming the property (Spring
 * Boot's failure analyzer then prints the property, its value and where it came from).
 */
final class TaskQueueSettings {

	private static final String PREFIX = "taskqueue.";

	private TaskQueueSettings() {
	}

	/**
	 * The engine settings the properties describe.
	 * @param properties the properties
	 * @param springVirtualThreads {@code spring.threads.virtual.enabled}, which
	 * {@code taskqueue.worker.virtual-threads} follows when unset
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException if a value is invalid
	 */
	static EngineSettings engineSettings(TaskQueueProperties properties, boolean springVirtualThreads) {
		WorkerProperties worker = properties.getWorker();
		atLeast("worker.concurrency", worker.getConcurrency(), 1);
		Map<String, Integer> perQueue = new LinkedHashMap<>();
		queues(properties).forEach((queue, settings) -> {
			if (settings.getConcurrency() != null) {
				atLeast("queues." + queue + ".concurrency", settings.getConcurrency(), 1);
				perQueue.put(queue, settings.getConcurrency());
			}
		});
		notShorterThan("worker.lease-duration", worker.getLeaseDuration(), Duration.ofMillis(100));
		atLeast("worker.max-stalls", worker.getMaxStalls(), 0);
		notNegative("worker.progress-interval", worker.getProgressInterval());
		between("worker.heartbeat-interval", worker.getHeartbeatInterval(), EngineSettings.MIN_HEARTBEAT_INTERVAL,
				EngineSettings.MAX_HEARTBEAT_INTERVAL);
		TaskDefaultsProperties defaults = properties.getDefaults();
		atLeast("defaults.max-attempts", defaults.getMaxAttempts(), 1);
		positiveTimeout("defaults.timeout", defaults.getTimeout(), "no limit");
		int maxPayloadBytes = payloadBytes(defaults.getMaxPayloadSize());
		Backoff backoff = backoff("defaults.backoff", defaults.getBackoff(), false);
		Map<String, QueueDefaults> queueDefaults = new LinkedHashMap<>();
		queues(properties).forEach((queue, settings) -> {
			QueueDefaults own = queueDefaults(queue, settings, defaults.getBackoff());
			if (!own.equals(QueueDefaults.none())) {
				queueDefaults.put(queue, own);
			}
		});
		notNegative("shutdown.timeout", properties.getShutdown().getTimeout());
		return EngineSettings.defaults()
			.withWorkerEnabled(worker.isEnabled())
			.withConcurrency(worker.getConcurrency(), perQueue)
			.withVirtualThreads(
					(worker.getVirtualThreads() != null) ? worker.getVirtualThreads() : springVirtualThreads)
			.withLease(worker.getLeaseDuration(), worker.getMaxStalls())
			.withLimits(worker.getProgressInterval(), maxPayloadBytes)
			.withRetries(defaults.getMaxAttempts(), backoff)
			.withTimeout(defaults.getTimeout())
			.withShutdownTimeout(properties.getShutdown().getTimeout())
			.withHeartbeatInterval(worker.getHeartbeatInterval())
			.withQueueDefaults(queueDefaults)
			.withFailureLogging(LoggingProperties.jdkLevel(properties.getLogging().getRetriedAttempts()),
					LoggingProperties.jdkLevel(properties.getLogging().getFailedTasks()));
	}

	/**
	 * The retention the properties describe.
	 * @param properties the properties
	 * @return the policy
	 * @throws InvalidConfigurationPropertyValueException if a value is invalid
	 */
	static RetentionPolicy retentionPolicy(TaskQueueProperties properties) {
		RetentionProperties retention = properties.getRetention();
		RetentionPolicy policy = new RetentionPolicy(retention("retention.completed", retention.getCompleted()),
				retention("retention.failed", retention.getFailed()));
		for (Map.Entry<String, QueueProperties> entry : queues(properties).entrySet()) {
			String name = "queues." + entry.getKey() + ".retention";
			QueueProperties.Retention own = entry.getValue().getRetention();
			Retention completed = queueRetention(name + ".completed", own.getCompleted(), policy.completed());
			Retention failed = queueRetention(name + ".failed", own.getFailed(), policy.failed());
			if (completed != null || failed != null) {
				policy = policy.withQueue(entry.getKey(), completed, failed);
			}
		}
		return policy;
	}

	/**
	 * How long a call to Redis may wait.
	 * @param properties the properties
	 * @return the command timeout
	 * @throws InvalidConfigurationPropertyValueException if it is not positive
	 */
	static Duration redisCommandTimeout(TaskQueueProperties properties) {
		Duration timeout = properties.getRedis().getCommandTimeout();
		notShorterThan("redis.command-timeout", timeout, Duration.ofMillis(1));
		return timeout;
	}

	/** The per-queue settings, each queue name checked. */
	private static Map<String, QueueProperties> queues(TaskQueueProperties properties) {
		Map<String, QueueProperties> queues = new LinkedHashMap<>();
		properties.getQueues().forEach((queue, settings) -> {
			try {
				TaskOptions.checkQueueName(queue);
			}
			catch (IllegalArgumentException ex) {
				throw invalid("queues." + queue, queue, ex.getMessage());
			}
			queues.put(queue, (settings != null) ? settings : new QueueProperties());
		});
		return queues;
	}

	private static QueueDefaults queueDefaults(String queue, QueueProperties settings, BackoffProperties global) {
		String name = "queues." + queue;
		if (settings.getMaxAttempts() != null) {
			atLeast(name + ".max-attempts", settings.getMaxAttempts(), 1);
		}
		positiveTimeout(name + ".timeout", settings.getTimeout(), "taskqueue.defaults.timeout");
		Backoff backoff = null;
		QueueProperties.Backoff own = settings.getBackoff();
		if (own.anySet()) {
			BackoffProperties merged = new BackoffProperties();
			merged.setType((own.getType() != null) ? own.getType() : global.getType());
			merged.setDelay((own.getDelay() != null) ? own.getDelay() : global.getDelay());
			merged.setMaxDelay((own.getMaxDelay() != null) ? own.getMaxDelay() : global.getMaxDelay());
			merged.setJitter((own.getJitter() != null) ? own.getJitter() : global.getJitter());
			backoff = backoff(name + ".backoff", merged, own.getMaxDelay() == null);
		}
		return new QueueDefaults(settings.getMaxAttempts(), backoff, settings.getTimeout());
	}

	/**
	 * A queue's retention of one kind, its unset values taken from the global one; or
	 * {@code null} when it sets none.
	 */
	private static Retention queueRetention(String name, QueueProperties.Kept kept, Retention global) {
		if (!kept.anySet()) {
			return null;
		}
		long maxCount = (kept.getMaxCount() != null) ? kept.getMaxCount() : global.maxCount();
		Duration maxAge = (kept.getMaxAge() != null) ? kept.getMaxAge() : global.maxAge();
		atLeast(name + ".max-count", maxCount, 0);
		notNegative(name + ".max-age", maxAge);
		return new Retention(maxCount, maxAge);
	}

	private static Retention retention(String name, RetentionProperties.Kept kept) {
		atLeast(name + ".max-count", kept.getMaxCount(), 0);
		notNegative(name + ".max-age", kept.getMaxAge());
		return new Retention(kept.getMaxCount(), kept.getMaxAge());
	}

	/**
	 * Checks backoff properties under a prefix; {@code maxDelayInherited} tells that a
	 * queue took its max-delay from taskqueue.defaults.backoff, for the message.
	 */
	private static Backoff backoff(String prefix, BackoffProperties backoff, boolean maxDelayInherited) {
		if (backoff.getType() == null) {
			throw invalid(prefix + ".type", null, "must be fixed or exponential");
		}
		notNegative(prefix + ".delay", backoff.getDelay());
		if (backoff.getType() == Backoff.Kind.EXPONENTIAL) {
			notNegative(prefix + ".max-delay", backoff.getMaxDelay());
			if (backoff.getMaxDelay().compareTo(backoff.getDelay()) < 0) {
				String reason = "must not be shorter than " + PREFIX + prefix + ".delay (" + backoff.getDelay() + ")";
				if (maxDelayInherited) {
					reason += "; the queue does not set it, so it comes from taskqueue.defaults.backoff.max-delay: set "
							+ PREFIX + prefix + ".max-delay too";
				}
				throw invalid(prefix + ".max-delay", backoff.getMaxDelay(), reason);
			}
		}
		double jitter = backoff.getJitter();
		if (Double.isNaN(jitter) || jitter < 0 || jitter > 1) {
			throw invalid(prefix + ".jitter", jitter, "must be between 0 and 1");
		}
		return backoff.toBackoff();
	}

	private static void positiveTimeout(String name, Duration timeout, String unset) {
		if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
			throw invalid(name, timeout, "must be positive (leave it unset for " + unset + ")");
		}
		notLongerThanTheLongest(name, timeout);
	}

	private static int payloadBytes(DataSize size) {
		if (size == null || size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE) {
			throw invalid("defaults.max-payload-size", size, "must be between 1B and " + Integer.MAX_VALUE + "B");
		}
		return (int) size.toBytes();
	}

	private static void atLeast(String name, long value, long min) {
		if (value < min) {
			throw invalid(name, value, "must be at least " + min);
		}
	}

	private static void notNegative(String name, Duration value) {
		if (value == null || value.isNegative()) {
			throw invalid(name, value, "must be a duration of zero or more");
		}
		notLongerThanTheLongest(name, value);
	}

	private static void notShorterThan(String name, Duration value, Duration min) {
		if (value == null || value.compareTo(min) < 0) {
			throw invalid(name, value, "must be at least " + min.toMillis() + "ms");
		}
		notLongerThanTheLongest(name, value);
	}

	private static void between(String name, Duration value, Duration min, Duration max) {
		if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
			throw invalid(name, value, "must be between " + min.toMillis() + "ms and " + max.toMinutes() + "min");
		}
	}

	private static void notLongerThanTheLongest(String name, Duration value) {
		if (value != null && value.compareTo(TaskLimits.MAX_DURATION) > 0) {
			throw invalid(name, value, "must be at most " + TaskLimits.MAX_DURATION.toDays() + " days");
		}
	}

	private static InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
		return new InvalidConfigurationPropertyValueException(PREFIX + name, value, reason);
	}

}
