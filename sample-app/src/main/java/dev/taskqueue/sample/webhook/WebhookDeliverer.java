package dev.taskqueue.sample.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import dev.taskqueue.TaskContext;
import dev.taskqueue.TaskHandler;

/**
 * Delivers webhooks: one HTTP POST of a JSON body per task. A status other than 2xx, or
 * no answer, fails the attempt; the task is retried up to five times with the configured
 * backoff ({@code taskqueue.defaults.backoff.*}, exponential in this app).
 * <p>
 * Every attempt of one task sends the same {@code Idempotency-Key} (the task id), so a
 * receiver can drop a delivery it already processed.
 */
@Component
public class WebhookDeliverer {

	private static final int MAX_ERROR_BODY = 200;

	private final JsonMapper jsonMapper;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	public WebhookDeliverer(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Posts one webhook.
	 * @param request where and what to post
	 * @param context the task's context
	 * @return the receiver's answer
	 * @throws Exception if the receiver cannot be reached or does not answer 2xx
	 */
	@TaskHandler(type = "deliver-webhook", queue = "webhooks", concurrency = 5, maxAttempts = 5, timeout = "30s")
	public WebhookResult deliver(WebhookRequest request, TaskContext context) throws Exception {
		String json = this.jsonMapper.writeValueAsString(request.body());
		HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(request.url()))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", context.taskId())
			.header("X-Webhook-Attempt", Integer.toString(context.attempt()))
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (request.event() != null) {
			post.header("X-Webhook-Event", request.event());
		}
		long start = System.nanoTime();
		HttpResponse<String> response = this.http.send(post.build(), HttpResponse.BodyHandlers.ofString());
		long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
		int status = response.statusCode();
		if (status < 200 || status > 299) {
			String body = response.body();
			if (body.length() > MAX_ERROR_BODY) {
				body = body.substring(0, MAX_ERROR_BODY) + "...";
			}
			throw new WebhookDeliveryException("POST " + request.url() + " answered " + status + ": " + body, status);
		}
		return new WebhookResult(request.url(), status, context.attempt(), millis);
	}

}
