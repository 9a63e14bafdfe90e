package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;

import dev.taskqueue.Backoff;

/**
 * The delay between attempts, under {@code taskqueue.defaults.backoff}.
 */
public class BackoffProperties {

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
