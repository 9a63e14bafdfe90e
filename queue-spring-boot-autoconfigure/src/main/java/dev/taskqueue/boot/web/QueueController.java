package dev.taskqueue.boot.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.taskqueue.QueueStats;
import dev.taskqueue.TaskQueue;

/**
 * The REST API of queues: list, stats, throughput history, pause, resume, drain, clean
 * and obliterate, under {@code taskqueue.web.base-path}. Errors are answered by
 * {@link TaskQueueProblemHandler}; writes are refused by {@link OperationsGuard} unless
 * enabled.
 */
@RestController
@RequestMapping(path = "${taskqueue.web.base-path:/api/tasks}", produces = MediaType.APPLICATION_JSON_VALUE)
public class QueueController {

	private final TaskQueue taskQueue;

	/**
	 * Creates the controller.
	 * @param taskQueue the task queue
	 */
	public QueueController(TaskQueue taskQueue) {
		this.taskQueue = taskQueue;
	}

	/**
	 * The queues, with their paused flag and counts.
	 * @return the queues, sorted by name
	 */
	@GetMapping("/queues")
	public List<QueueView> queues() {
		List<QueueView> queues = new ArrayList<>();
		for (String name : this.taskQueue.queues()) {
			QueueStats stats = this.taskQueue.stats(name);
			queues.add(new QueueView(name, stats.paused(), QueueStatsView.counts(stats.counts())));
		}
		return queues;
	}

	/**
	 * Counts and metrics per queue and in total.
	 * @return the stats
	 */
	@GetMapping("/stats")
	public StatsView stats() {
		Map<String, QueueStats> all = new LinkedHashMap<>();
		for (String name : this.taskQueue.queues()) {
			all.put(name, this.taskQueue.stats(name));
		}
		Map<String, QueueStatsView> queues = new LinkedHashMap<>();
		all.forEach((name, stats) -> queues.put(name, QueueStatsView.of(stats)));
		return new StatsView(QueueStatsView.total(all.values()), queues);
	}

	/**
	 * Tasks of a queue completed and failed for good per minute, over the last minutes.
	 * @param queue the queue
	 * @param minutes how many minutes, 1 to 1440 (default 60)
	 * @return {@code {queue, from, intervalSeconds, completed: [...], failed: [...]}}
	 */
	@GetMapping("/queues/{queue}/metrics")
	public QueueThroughputView metrics(@PathVariable String queue, @RequestParam(required = false) String minutes) {
		int count = ParameterParser.minutes("minutes", minutes);
		return QueueThroughputView.of(this.taskQueue.throughput(queue, count));
	}

	/**
	 * Pauses a queue.
	 * @param queue the queue
	 * @return {@code {queue, paused: true}}
	 */
	@PostMapping("/queues/{queue}/pause")
	public Map<String, Object> pause(@PathVariable String queue) {
		this.taskQueue.pause(queue);
		return Map.of("queue", queue, "paused", true);
	}

	/**
	 * Resumes a queue.
	 * @param queue the queue
	 * @return {@code {queue, paused: false}}
	 */
	@PostMapping("/queues/{queue}/resume")
	public Map<String, Object> resume(@PathVariable String queue) {
		this.taskQueue.resume(queue);
		return Map.of("queue", queue, "paused", false);
	}

	/**
	 * Removes the waiting, delayed, retrying and held tasks of a queue.
	 * @param queue the queue
	 * @return {@code {queue, removed}}
	 */
	@PostMapping("/queues/{queue}/drain")
	public Map<String, Object> drain(@PathVariable String queue) {
		return removed(queue, this.taskQueue.drain(queue));
	}

	/**
	 * Removes finished tasks of a queue.
	 * @param queue the queue
	 * @param status which final statuses (comma-separated; all three by default)
	 * @param olderThan only those finished longer ago than this (default 0: all)
	 * @return {@code {queue, removed}}
	 */
	@PostMapping("/queues/{queue}/clean")
	public Map<String, Object> clean(@PathVariable String queue, @RequestParam(required = false) String status,
			@RequestParam(required = false) String olderThan) {
		Duration age = ParameterParser.duration("olderThan", olderThan);
		return removed(queue, this.taskQueue.clean(queue, ParameterParser.statuses("status", status),
				(age != null) ? age : Duration.ZERO));
	}

	/**
	 * Removes everything of a queue.
	 * @param queue the queue
	 * @return {@code {queue, removed}}
	 */
	@DeleteMapping("/queues/{queue}")
	public Map<String, Object> obliterate(@PathVariable String queue) {
		return removed(queue, this.taskQueue.obliterate(queue));
	}

	private static Map<String, Object> removed(String queue, long count) {
		return Map.of("queue", queue, "removed", count);
	}

}
