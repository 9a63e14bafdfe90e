package dev.taskqueue.sample.webhook;

/**
 * A delivered webhook.
 *
 * @param url where it was posted
 * @param statusCode the receiver's (2xx) status code
 * @param attempt the attempt that succeeded
 * @param millis how long the request took
 */
public record WebhookResult(String url, int statusCode, int attempt, long millis) {

}
