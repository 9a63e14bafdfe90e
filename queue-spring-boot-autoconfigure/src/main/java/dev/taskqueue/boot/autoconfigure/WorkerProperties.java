package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;

/**
 * Worker settings, under {@code taskqueue.worker}.
 */
public class WorkerProperties {

	/**
	 * Whether this instance runs tasks. When false it only enqueues and manages them.
	 */
	private boolean enabled = true;

	/**
	 * How many tasks of one queue run at once on this instance, unless the queue or its
	 * handler says otherwise: 1 to 10,000, each a thread of the queue's worker.
	 */
	private int concurrency = 5;

	/**
	 * Whether handlers run on virtual threads (Java 21 and later; ignored with a warning
	 * before). Unset, it follows spring.threads.virtual.enabled.
	 */
	private Boolean virtualThreads;

	/**
	 * How long a worker's claim on a running task lasts without renewal. A task whose
	 * worker stops renewing (crash, kill, network cut) runs again elsewhere after this.
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

	/**
	 * How often this instance announces itself (application, host, version, queues and
	 * running tasks) in the list of instances sharing the backend: 100ms to 10min. Its
	 * record is removed when it stops, or expires after 3 intervals without a heartbeat.
	 */
	private Duration heartbeatInterval = Duration.ofSeconds(5);

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

	public Boolean getVirtualThreads() {
		return this.virtualThreads;
	}

	public void setVirtualThreads(Boolean virtualThreads) {
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

	public Duration getHeartbeatInterval() {
		return this.heartbeatInterval;
	}

	public void setHeartbeatInterval(Duration heartbeatInterval) {
		this.heartbeatInterval = heartbeatInterval;
	}

}
