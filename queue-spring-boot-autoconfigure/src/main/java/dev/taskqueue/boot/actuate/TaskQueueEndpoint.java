package dev.taskqueue.boot.actuate;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.taskqueue.QueueStats;
import dev.taskqueue.Schedule;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.engine.WorkerState;

/**
 * The {@code taskqueue} actuator endpoint: the queues with their counts by status and
 * paused flag, the recurring schedules (when there are any), and this instance's workers;
 * one queue by name. Pausing and resuming a queue is a web write
 * ({@link TaskQueueEndpointWebExtension}), which answers 404 for an unknown queue and 400
 * for a state other than {@code paused} or {@code resumed}.
 * <p>
 * The queues are those the backend knows, those of this instance's handlers and those its
 * workers run. Each read asks the backend for the stats of every queue (one call per
 * queue) and, when the backend is unreachable, fails as the backend does.
 */
@Endpoint(id = "taskqueue")
public class TaskQueueEndpoint {

	private final TaskEngine engine;

	/**
	 * Creates the endpoint of an engine.
	 * @param engine the engine
	 */
	public TaskQueueEndpoint(TaskEngine engine) {
		this.engine = engine;
	}

	/**
	 * Every queue, the schedules and this instance's workers.
	 * @return the description
	 */
	@ReadOperation
	public TaskQueueDescriptor taskQueue() {
		Map<String, QueueDescriptor> queues = new LinkedHashMap<>();
		for (String queue : knownQueues()) {
			queues.put(queue, QueueDescriptor.of(this.engine.stats(queue)));
		}
		List<ScheduleDescriptor> schedules = this.engine.schedules()
			.stream()
			.sorted(Comparator.comparing(Schedule::id))
			.map(ScheduleDescriptor::of)
			.toList();
		return new TaskQueueDescriptor(this.engine.backend().name(), this.engine.instanceId().orElse(null), queues,
				schedules.isEmpty() ? null : schedules, workers());
	}

	/**
	 * One queue.
	 * @param queue the queue's name
	 * @return its description, or {@code null} (404) when no one knows the queue
	 */
	@ReadOperation
	public QueueDescriptor queue(@Selector String queue) {
		return isKnown(queue) ? QueueDescriptor.of(this.engine.stats(queue)) : null;
	}

	/**
	 * Pauses or resumes a queue, for every instance sharing the backend.
	 * @param queue the queue
	 * @param paused whether to pause it
	 * @return the queue after the change, or {@code null} when no one knows the queue
	 */
	QueueDescriptor setPaused(String queue, boolean paused) {
		if (!isKnown(queue)) {
			return null;
		}
		if (paused) {
			this.engine.pause(queue);
		}
		else {
			this.engine.resume(queue);
		}
		return QueueDescriptor.of(this.engine.stats(queue));
	}

	private boolean isKnown(String queue) {
		return queue != null && knownQueues().contains(queue);
	}

	private Collection<String> knownQueues() {
		// the engine's queues include every handler's
		TreeSet<String> queues = new TreeSet<>(this.engine.queues());
		this.engine.workerStates().stream().map(WorkerState::queue).forEach(queues::add);
		return queues;
	}

	private List<WorkerDescriptor> workers() {
		return this.engine.workerStates()
			.stream()
			.sorted(Comparator.comparing(WorkerState::queue))
			.map((worker) -> new WorkerDescriptor(worker.queue(), worker.alive(), worker.active(), worker.concurrency(),
					worker.heartbeat()))
			.toList();
	}

	/**
	 * The whole task queue.
	 *
	 * @param backend the backend's name ({@code memory}, {@code redis})
	 * @param instanceId this instance's id, as {@code GET /api/tasks/instances} lists it,
	 * or {@code null} while the engine is stopped
	 * @param queues the queues by name, sorted
	 * @param schedules the schedules by id, or {@code null} when there are none
	 * @param workers this instance's workers, by queue
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record TaskQueueDescriptor(String backend, String instanceId, Map<String, QueueDescriptor> queues,
			List<ScheduleDescriptor> schedules, List<WorkerDescriptor> workers) implements OperationResponseBody {

	}

	/**
	 * One queue.
	 *
	 * @param name the queue
	 * @param paused whether it is paused
	 * @param counts its tasks by status (every status, lower case)
	 * @param oldestWaitingSince when the task that has waited longest became ready, or
	 * {@code null}
	 */
	public record QueueDescriptor(String name, boolean paused, Map<String, Long> counts,
			Instant oldestWaitingSince) implements OperationResponseBody {

		static QueueDescriptor of(QueueStats stats) {
			Map<String, Long> counts = new LinkedHashMap<>();
			for (TaskStatus status : TaskStatus.values()) {
				counts.put(status.value(), stats.count(status));
			}
			return new QueueDescriptor(stats.queue(), stats.paused(), counts, stats.oldestWaitingSince());
		}

	}

	/**
	 * One recurring schedule.
	 *
	 * @param id its id
	 * @param type the type of the tasks it makes
	 * @param queue their queue
	 * @param trigger {@code cron <expression> <zone>} or
	 * {@code every <ISO-8601 duration>}
	 * @param nextDueAt its next due time, or {@code null} when its series ended
	 * @param paused whether it is paused
	 */
	public record ScheduleDescriptor(String id, String type, String queue, String trigger, Instant nextDueAt,
			boolean paused) {

		static ScheduleDescriptor of(Schedule schedule) {
			String trigger = (schedule.cron() != null)
					? "cron " + schedule.cron() + ((schedule.zone() != null) ? " " + schedule.zone().getId() : "")
					: "every " + schedule.every();
			return new ScheduleDescriptor(schedule.id(), schedule.type(), schedule.queue(), trigger,
					schedule.nextDueAt(), schedule.paused());
		}

	}

	/**
	 * One worker of this instance.
	 *
	 * @param queue its queue
	 * @param alive whether its threads run
	 * @param active tasks running now
	 * @param concurrency the most tasks it runs at once
	 * @param heartbeat when its loop last went round
	 */
	public record WorkerDescriptor(String queue, boolean alive, int active, int concurrency, Instant heartbeat) {

	}

}
