package dev.taskqueue.boot.web;

import java.io.IOException;

/**
 * Thrown while a request body is read once it grew past the limit; answered with 413. An
 * {@link IOException}, so the JSON reader stops at once and reports it as a failed read.
 */
class RequestTooLargeException extends IOException {

	private final long limit;

	RequestTooLargeException(long limit) {
		super("The request body is larger than " + limit
				+ " bytes, the limit of the task queue API (taskqueue.web.max-request-size)");
		this.limit = limit;
	}

	long getLimit() {
		return this.limit;
	}

}
