package dev.taskqueue.sample.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * The state of the demo's webhook receiver: per key, how many calls came and which were
 * accepted. Bounded (oldest keys are forgotten first), since anyone can call it.
 * Thread-safe.
 */
@Component
public class WebhookReceiver {

	private static final int MAX_KEYS = 1000;

	private static final int MAX_ACCEPTED_PER_KEY = 100;

	private final Map<String, Inbox> inboxes = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Inbox> eldest) {
			return size() > MAX_KEYS;
		}

	};

	/**
	 * Records a call and decides its fate: the first {@code failFirst} calls of a key are
	 * refused, later ones accepted.
	 * @param key the key
	 * @param failFirst how many calls of this key to refuse
	 * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
	 * @param event the {@code X-Webhook-Event} header, or {@code null}
	 * @param body the body
	 * @return the accepted call, or empty if this call is to be refused
	 */
	public synchronized Optional<ReceivedWebhook> receive(String key, int failFirst, String idempotencyKey,
			String event, JsonNode body) {
		Inbox inbox = this.inboxes.computeIfAbsent(key, (k) -> new Inbox());
		inbox.calls++;
		if (inbox.calls <= failFirst) {
			return Optional.empty();
		}
		ReceivedWebhook received = new ReceivedWebhook(inbox.calls, idempotencyKey, event, body, Instant.now());
		if (inbox.accepted.size() == MAX_ACCEPTED_PER_KEY) {
			inbox.accepted.remove(0);
		}
		inbox.accepted.add(received);
		return Optional.of(received);
	}

	/**
	 * What was received for a key.
	 * @param key the key
	 * @return the inbox, or empty if nothing came for the key
	 */
	public synchronized Optional<WebhookInbox> inbox(String key) {
		Inbox inbox = this.inboxes.get(key);
		return Optional.ofNullable(inbox).map((i) -> new WebhookInbox(key, i.calls, List.copyOf(i.accepted)));
	}

	private static final class Inbox {

		private int calls;

		private final List<ReceivedWebhook> accepted = new ArrayList<>();

	}

}
