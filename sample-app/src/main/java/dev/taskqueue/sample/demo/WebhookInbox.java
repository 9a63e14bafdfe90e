package dev.taskqueue.sample.demo;

import java.util.List;

/**
 * What the demo receiver saw for one key.
 *
 * @param key the key
 * @param calls calls received, failed ones included
 * @param accepted the calls it accepted, oldest first
 */
public record WebhookInbox(String key, int calls, List<ReceivedWebhook> accepted) {

}
