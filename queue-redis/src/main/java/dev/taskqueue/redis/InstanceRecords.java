package dev.taskqueue.redis;

import java.util.ArrayList;
import java.util.List;

import dev.taskqueue.TaskInstance;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes and reads the record of a running engine as it is kept in Redis: one JSON object
 * with the names of {@link TaskInstance}'s components, its times as {@link RedisTimes}
 * strings (exact), independent of the application's mapper settings. Fields it does not
 * know (written by a later version) are ignored. Thread-safe.
 */
final class InstanceRecords {

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The record as JSON.
	 * @param instance the record
	 * @return its JSON text
	 */
	String write(TaskInstance instance) {
		ObjectNode node = this.json.createObjectNode();
		node.put("id", instance.id());
		node.put("application", instance.application());
		node.put("host", instance.host());
		node.put("pid", instance.pid());
		node.put("version", instance.version());
		node.put("startedAt", RedisTimes.format(instance.startedAt()));
		node.put("lastHeartbeat", RedisTimes.format(instance.lastHeartbeat()));
		ArrayNode queues = node.putArray("queues");
		for (TaskInstance.Worker worker : instance.queues()) {
			queues.addObject()
				.put("queue", worker.queue())
				.put("concurrency", worker.concurrency())
				.put("running", worker.running());
		}
		return this.json.writeValueAsString(node);
	}

	/**
	 * Reads a record.
	 * @param text its JSON text
	 * @return the record
	 * @throws RuntimeException if it is not a record this class wrote
	 */
	TaskInstance read(String text) {
		JsonNode node = this.json.readTree(text);
		List<TaskInstance.Worker> queues = new ArrayList<>();
		for (JsonNode worker : node.required("queues")) {
			queues.add(new TaskInstance.Worker(worker.required("queue").asString(),
					worker.required("concurrency").asInt(), worker.required("running").asInt()));
		}
		return new TaskInstance(node.required("id").asString(), node.required("application").asString(),
				node.required("host").asString(), node.required("pid").asLong(), node.required("version").asString(),
				RedisTimes.parse(node.required("startedAt").asString()),
				RedisTimes.parse(node.required("lastHeartbeat").asString()), queues);
	}

}
