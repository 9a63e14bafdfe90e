package dev.taskqueue;

/**
 * Thrown by an operation on a schedule id that does not exist (any more).
 */
public class ScheduleNotFoundException extends TaskQueueException {

	private final String scheduleId;

	/**
	 * Creates the exception.
	 * @param scheduleId the id
	 */
	public ScheduleNotFoundException(String scheduleId) {
		super("schedule '" + scheduleId + "' does not exist");
		this.scheduleId = scheduleId;
	}

	/**
	 * The id that was asked for.
	 * @return the id
	 */
	public String getScheduleId() {
		return this.scheduleId;
	}

}
