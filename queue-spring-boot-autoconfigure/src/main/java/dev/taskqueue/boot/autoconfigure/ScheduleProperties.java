package dev.taskqueue.boot.autoconfigure;

import java.time.Duration;

/**
 * Overrides of one schedule declared with {@code @Recurring}, under
 * {@code taskqueue.schedules.<id>}.
 */
public class ScheduleProperties {

	/**
	 * Cron expression (Spring's syntax) that replaces the declared trigger.
	 */
	private String cron;

	/**
	 * Interval that replaces the declared trigger.
	 */
	private Duration every;

	/**
	 * Time zone of the cron expression, such as Europe/Paris.
	 */
	private String zone;

	/**
	 * Whether the schedule is declared; false leaves it out and removes it if it exists.
	 */
	private boolean enabled = true;

	public String getCron() {
		return this.cron;
	}

	public void setCron(String cron) {
		this.cron = cron;
	}

	public Duration getEvery() {
		return this.every;
	}

	public void setEvery(Duration every) {
		this.every = every;
	}

	public String getZone() {
		return this.zone;
	}

	public void setZone(String zone) {
		this.zone = zone;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
