package dev.taskqueue.boot.web;

import java.util.Map;

/**
 * One entry of {@code GET {base-path}/queues}.
 *
 * @param name the queue name
 * @param paused whether it is paused
 * @param counts its tasks by lower-case status
 */
record QueueView(String name, boolean paused, Map<String, Long> counts) {

}
