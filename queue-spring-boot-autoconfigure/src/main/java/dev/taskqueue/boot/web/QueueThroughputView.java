package dev.taskqueue.boot.web;

import java.time.Instant;
import java.util.List;

import dev.taskqueue.QueueThroughput;

/**
 * The JSON answer of {@code GET {base-path}/queues/{queue}/metrics}: tasks of a queue
 * completed and failed for good per minute, oldest first, the last bucket being the
 * current minute.
 *
 * @param queue the queue
 * @param from the start of the oldest bucket
 * @param intervalSeconds the length of a bucket in seconds (60)
 * @param completed tasks completed per bucket
 * @param failed tasks failed for good per bucket (as many values as {@code completed})
 */
record QueueThroughputView(String queue, Instant from, long intervalSeconds, List<Long> completed, List<Long> failed) {

	static QueueThroughputView of(QueueThroughput throughput) {
		return new QueueThroughputView(throughput.queue(), throughput.from(), throughput.interval().toSeconds(),
				throughput.completed(), throughput.failed());
	}

}
