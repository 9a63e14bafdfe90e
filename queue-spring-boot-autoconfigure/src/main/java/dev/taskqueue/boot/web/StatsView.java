package dev.taskqueue.boot.web;

import java.util.Map;

/**
 * The JSON answer of {@code GET {base-path}/stats}.
 *
 * @param total the figures over all queues
 * @param queues the figures of each queue, by name, sorted
 */
record StatsView(QueueStatsView total, Map<String, QueueStatsView> queues) {

}
