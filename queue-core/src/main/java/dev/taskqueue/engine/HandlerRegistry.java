package dev.taskqueue.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handlers an engine knows, by task type. Thread-safe.
 */
final class HandlerRegistry {

	private final Map<String, HandlerDefinition> byType = new ConcurrentHashMap<>();

	void register(HandlerDefinition handler) {
		HandlerDefinition existing = this.byType.putIfAbsent(handler.type(), handler);
		if (existing != null) {
			throw new IllegalStateException("two handlers for task type '" + handler.type() + "': "
					+ existing.description() + " and " + handler.description());
		}
	}

	HandlerDefinition get(String type) {
		return this.byType.get(type);
	}

	Collection<HandlerDefinition> all() {
		return List.copyOf(this.byType.values());
	}

	/** The largest concurrency the handlers of a queue ask for, or 0. */
	int concurrencyOf(String queue) {
		int max = 0;
		for (HandlerDefinition handler : this.byType.values()) {
			if (handler.queue().equals(queue)) {
				max = Math.max(max, handler.concurrency());
			}
		}
		return max;
	}

}
