package dev.taskqueue.redis;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.taskqueue.QueueStats;
import dev.taskqueue.TaskStatus;

/**
 * Reads the reply of {@code stats.lua} into {@link QueueStats}: counts, metrics, the
 * oldest waiting task and the counts by type (the {@code types} hash).
 */
final class RedisQueueStats {

	/** The statuses in the order the script counts them. */
	private static final TaskStatus[] ORDER = { TaskStatus.WAITING, TaskStatus.DELAYED, TaskStatus.RETRYING,
			TaskStatus.ACTIVE, TaskStatus.HELD, TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED };

	private RedisQueueStats() {
	}

	/**
	 * Runs {@code stats.lua} for a queue and reads its reply.
	 * @param scripts the scripts
	 * @param queue the queue
	 * @return the stats
	 */
	static QueueStats read(RedisScripts scripts, String queue) {
		return read(queue, (List<?>) scripts.run(queue, new OperationArgs.Stats()));
	}

	static QueueStats read(String queue, List<?> reply) {
		Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
		for (int i = 0; i < ORDER.length; i++) {
			counts.put(ORDER[i], (Long) reply.get(i));
		}
		boolean paused = (Long) reply.get(8) == 1L;
		long processed = (Long) reply.get(9);
		long failed = (Long) reply.get(10);
		long millis = (Long) reply.get(11);
		long peak = (Long) reply.get(12);
		Instant oldest = (reply.get(13) != null) ? RedisTimes.parse(ScriptValues.text(reply.get(13))) : null;
		Map<String, Map<TaskStatus, Long>> byType = new HashMap<>();
		List<?> types = (List<?>) reply.get(14);
		for (int i = 0; i < types.size(); i += 2) {
			String field = ScriptValues.text(types.get(i));
			int colon = field.indexOf(':');
			TaskStatus status = TaskStatus.parse(field.substring(0, colon));
			long count = Long.parseLong(ScriptValues.text(types.get(i + 1)));
			byType.computeIfAbsent(field.substring(colon + 1), (type) -> new EnumMap<>(TaskStatus.class))
				.put(status, count);
		}
		double successRate = (processed == 0) ? 1.0 : (double) (processed - failed) / processed;
		double avgMillis = (processed == 0) ? 0.0 : (double) millis / processed;
		return new QueueStats(queue, counts, byType, paused, oldest,
				new QueueStats.Metrics(processed, failed, successRate, avgMillis, counts.get(TaskStatus.ACTIVE), peak));
	}

}
