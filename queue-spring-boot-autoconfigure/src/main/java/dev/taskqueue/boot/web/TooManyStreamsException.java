package dev.taskqueue.boot.web;

/**
 * Thrown when a client asks for an event stream while the most that may be open at once
 * are; answered with 503 and {@code Retry-After}.
 */
public class TooManyStreamsException extends RuntimeException {

	TooManyStreamsException(int maxStreams) {
		super("Too many event streams are open (" + maxStreams
				+ ", taskqueue.web.max-event-streams); try again when one has closed");
	}

}
