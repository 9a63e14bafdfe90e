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
	 * @return the settings
	 * @throws InvalidConfigurationPropertyValueException if a value is invalid
	 */
	static EngineSettings engineSettings(TaskQueueProperties properties) {
		WorkerProperties worker = properties.getWorker();
		atLeast("worker.concurrency", worker.getConcurrency(), 1);
		Map<String, Integer> perQueue = new LinkedHashMap<>();
		properties.getQueues().forEach((queue, settings) -> {
			String name = "queues." + queue;
			try {
				TaskOptions.checkQueueName(queue);
			}
			catch (IllegalArgumentException ex) {
				throw invalid(name, queue, ex.getMessage());
			}
			if (settings != null && settings.getConcurrency() != null) {
				atLeast(name + ".concurrency", settings.getConcurrency(), 1);
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
		if (defaults.getTimeout() != null && (defaults.getTimeout().isZero() || defaults.getTimeout().isNegative())) {
			throw invalid("defaults.timeout", defaults.getTimeout(), "must be positive (leave it unset for no limit)");
		}
		notLongerThanTheLongest("defaults.timeout", defaults.getTimeout());
		int maxPayloadBytes = payloadBytes(defaults.getMaxPayloadSize());
		Backoff backoff = backoff(defaults.getBackoff());
		notNegative("shutdown.timeout", properties.getShutdown().getTimeout());
		return EngineSettings.defaults()
			.withWorkerEnabled(worker.isEnabled())
			.withConcurrency(worker.getConcurrency(), perQueue)
			.withVirtualThreads(worker.isVirtualThreads())
			.withLease(worker.getLeaseDuration(), worker.getMaxStalls())
			.withLimits(worker.getProgressInterval(), maxPayloadBytes)
			.withRetries(defaults.getMaxAttempts(), backoff)
			.withTimeout(defaults.getTimeout())
			.withShutdownTimeout(properties.getShutdown().getTimeout())
			.withHeartbeatInterval(worker.getHeartbeatInterval());
	}

	/**
	 * The retention the properties describe.
	 * @param properties the properties
	 * @return the policy
	 * @throws InvalidConfigurationPropertyValueException if a value is invalid
	 */
	static RetentionPolicy retentionPolicy(TaskQueueProperties properties) {
		RetentionProperties retention = properties.getRetention();
		return new RetentionPolicy(retention("retention.completed", retention.getCompleted()),
				retention("retention.failed", retention.getFailed()));
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

	private static Retention retention(String name, RetentionProperties.Kept kept) {
		atLeast(name + ".max-count", kept.getMaxCount(), 0);
		notNegative(name + ".max-age", kept.getMaxAge());
		return new Retention(kept.getMaxCount(), kept.getMaxAge());
	}

	private static Backoff backoff(BackoffProperties backoff) {
		if (backoff.getType() == null) {
			throw invalid("defaults.backoff.type", null, "must be fixed or exponential");
		}
		notNegative("defaults.backoff.delay", backoff.getDelay());
		if (backoff.getType() == Backoff.Kind.EXPONENTIAL) {
			notNegative("defaults.backoff.max-delay", backoff.getMaxDelay());
			if (backoff.getMaxDelay().compareTo(backoff.getDelay()) < 0) {
				throw invalid("defaults.backoff.max-delay", backoff.getMaxDelay(),
						"must not be shorter than taskqueue.defaults.backoff.delay (" + backoff.getDelay() + ")");
			}
		}
		double jitter = backoff.getJitter();
		if (Double.isNaN(jitter) || jitter < 0 || jitter > 1) {
			throw invalid("defaults.backoff.jitter", jitter, "must be between 0 and 1");
		}
		return backoff.toBackoff();
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
