package dev.taskqueue.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.lettuce.core.RedisFuture;

import dev.taskqueue.Task;
import dev.taskqueue.redis.RedisKeys.QueueKey;

/**
 * Finds a task, and its queue, from its id alone: the id is looked up in the
 * {@code tasks} hash of every known queue at once, pipelined (one round trip), against
 * the registry's cached queue list, which is read again when the id is not found. Costs
 * O(queues) Redis work per lookup and no memory nor write per task (see the module
 * README). Thread-safe.
 */
final class RedisTaskLocator {

	private final RedisConnections connections;

	private final RedisKeys keys;

	private final RedisQueueRegistry registry;

	private final TaskRecords records;

	RedisTaskLocator(RedisConnections connections, RedisKeys keys, RedisQueueRegistry registry, TaskRecords records) {
		this.connections = connections;
		this.keys = keys;
		this.registry = registry;
		this.records = records;
	}

	/**
	 * A task, wherever it lives.
	 * @param id the id
	 * @return its snapshot, or empty if no queue holds it
	 */
	Optional<Task> find(String id) {
		return locate(id).map((found) -> this.records.task(found.queue(), id, found.record()));
	}

	/**
	 * Where a task lives.
	 *
	 * @param queue its queue
	 * @param record its record when it was found
	 */
	record Located(String queue, byte[] record) {

	}

	Optional<Located> locate(String id) {
		List<String> queues = this.registry.names();
		Optional<Located> found = locateIn(id, queues);
		if (found.isEmpty()) {
			List<String> fresh = new ArrayList<>(this.registry.refresh());
			fresh.removeAll(queues);
			found = locateIn(id, fresh);
		}
		return found;
	}

	private Optional<Located> locateIn(String id, List<String> queues) {
		if (queues.isEmpty()) {
			return Optional.empty();
		}
		byte[] field = ScriptValues.bytes(id);
		return this.connections.withCommands((commands) -> {
			List<RedisFuture<byte[]>> futures = new ArrayList<>(queues.size());
			for (String queue : queues) {
				futures.add(commands.hget(this.keys.queueKeyBytes(queue, QueueKey.TASKS), field));
			}
			Located found = null;
			for (int i = 0; i < futures.size(); i++) {
				byte[] record = this.connections.await(futures.get(i));
				if (record != null && found == null) {
					found = new Located(queues.get(i), record);
				}
			}
			return Optional.ofNullable(found);
		});
	}

}
