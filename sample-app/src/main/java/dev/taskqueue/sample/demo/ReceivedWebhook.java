package dev.taskqueue.sample.demo;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One webhook call the demo receiver accepted.
 *
 * @param call which call to its key this was, 1 for the first
 * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
 * @param event the {@code X-Webhook-Event} header, or {@code null}
 * @param body the JSON body
 * @param receivedAt when it arrived
 */
public record ReceivedWebhook(int call, String idempotencyKey, String event, JsonNode body, Instant receivedAt) {

}
