package dev.taskqueue.boot.web;

/**
 * Thrown when a write request reaches the REST API while
 * {@code taskqueue.web.operations-enabled} is false; answered with 403.
 */
class OperationsDisabledException extends RuntimeException {

	static final String PROPERTY = "taskqueue.web.operations-enabled";

	OperationsDisabledException() {
		super("Write operations of the task queue API are disabled; set " + PROPERTY
				+ "=true (and secure the API) to allow them");
	}

}
