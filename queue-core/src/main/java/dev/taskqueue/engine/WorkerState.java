package dev.taskqueue.engine;

import java.time.Instant;

/**
 * The state of one queue's worker on this engine.
 *
 * @param queue the queue
 * @param alive whether its threads run
 * @param active tasks running now
 * @param concurrency the most tasks it runs at once
 * @param heartbeat when its loop last went round
 */
public record WorkerState(String queue, boolean alive, int active, int concurrency, Instant heartbeat) {

}
