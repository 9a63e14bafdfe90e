package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Defaults for tasks that do not set their own, under {@code taskqueue.defaults}.
 */
public class TaskDefaultsProperties {

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

	@NestedConfigurationProperty
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
