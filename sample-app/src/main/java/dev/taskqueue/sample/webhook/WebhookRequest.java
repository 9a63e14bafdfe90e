package dev.taskqueue.sample.webhook;

import java.net.URI;

import tools.jackson.databind.JsonNode;

/**
 * A webhook to deliver.
 *
 * @param url the {@code http(s)} URL to POST to
 * @param event a name for the event, sent as header {@code X-Webhook-Event}; may be
 * {@code null}
 * @param body the JSON body
 */
public record WebhookRequest(String url, String event, JsonNode body) {

	/**
	 * Validates the request.
	 * @param url the URL
	 * @param event the event name
	 * @param body the body
	 */
	public WebhookRequest {
		if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
			throw new IllegalArgumentException("url must be an http or https URL, was " + url);
		}
		URI.create(url);
	}

}
