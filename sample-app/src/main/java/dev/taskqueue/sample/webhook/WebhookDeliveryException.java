package dev.taskqueue.sample.webhook;

/**
 * A receiver answered a webhook with a status other than 2xx. Thrown so that the task is
 * retried with backoff.
 */
public class WebhookDeliveryException extends RuntimeException {

	private final int statusCode;

	public WebhookDeliveryException(String message, int statusCode) {
		super(message);
		this.statusCode = statusCode;
	}

	/**
	 * The receiver's status code.
	 * @return the status code
	 */
	public int getStatusCode() {
		return this.statusCode;
	}

}
