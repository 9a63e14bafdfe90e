package dev.taskqueue.redis;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.taskqueue.Task;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskStateException;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.redis.OperationArgs.Cancel;
import dev.taskqueue.redis.OperationArgs.Hold;
import dev.taskqueue.redis.OperationArgs.Pause;
import dev.taskqueue.redis.OperationArgs.Remove;
import dev.taskqueue.redis.OperationArgs.Retry;
import dev.taskqueue.redis.OperationArgs.Worker;
import dev.taskqueue.redis.RedisTaskLocator.Located;
import dev.taskqueue.spi.RetentionPolicy;

import static dev.taskqueue.redis.ScriptValues.isOne;
import static dev.taskqueue.redis.ScriptValues.text;

/**
 * The operations on one task or queue, each as the {@link dev.taskqueue.spi.TaskBackend}
 * method of the same name says: retry, cancel, hold, release and remove a task (found in
 * whichever queue holds it), pause and resume a queue. A script's refusal becomes the
 * exception the contract names. Thread-safe.
 */
final class RedisOperations {

	private final RedisScripts scripts;

	private final RedisQueueRegistry registry;

	private final RedisTaskLocator locator;

	private final TaskRecords records;

	private final Clock clock;

	private final RetentionPolicy retention;

	/** Which events the scripts write, as the backend decides at the time of a call. */
	private final Supplier<EventDemand> events;

	RedisOperations(RedisScripts scripts, RedisQueueRegistry registry, RedisTaskLocator locator, TaskRecords records,
			Clock clock, RetentionPolicy retention, Supplier<EventDemand> events) {
		this.scripts = scripts;
		this.registry = registry;
		this.locator = locator;
		this.records = records;
		this.clock = clock;
		this.retention = retention;
		this.events = events;
	}

	Task retry(String id) {
		Located found = this.locator.locate(id).orElseThrow(() -> new TaskNotFoundException(id));
		List<?> reply = (List<?>) this.scripts.run(found.queue(),
				new Retry(this.clock.instant(), this.events.get(), id));
		long code = (Long) reply.get(0);
		if (code == 0) {
			throw new TaskNotFoundException(id);
		}
		if (code < 0) {
			TaskStatus status = TaskStatus.parse(text(reply.get(1)));
			throw new TaskStateException("task '" + id + "' is " + status.value()
					+ "; only completed, failed or cancelled tasks can be retried", status);
		}
		return this.records.task(found.queue(), id, (byte[]) reply.get(1));
	}

	Task cancel(String id) {
		Located found = this.locator.locate(id).orElseThrow(() -> new TaskNotFoundException(id));
		List<?> reply = (List<?>) this.scripts.run(found.queue(), new Cancel(this.clock.instant(), this.events.get(),
				id, this.retention.forQueue(found.queue()).failed().maxCount()));
		long code = (Long) reply.get(0);
		if (code == 0) {
			throw new TaskNotFoundException(id);
		}
		if (code < 0) {
			TaskStatus status = TaskStatus.parse(text(reply.get(1)));
			throw new TaskStateException("task '" + id + "' is already " + status.value()
					+ "; only waiting, delayed, active, retrying or held tasks can be cancelled", status);
		}
		return this.records.task(found.queue(), id, (byte[]) reply.get(1));
	}

	Task hold(String id) {
		Located found = this.locator.locate(id).orElseThrow(() -> new TaskNotFoundException(id));
		List<?> reply = (List<?>) this.scripts.run(found.queue(),
				new Hold(this.clock.instant(), this.events.get(), id, true));
		long code = (Long) reply.get(0);
		if (code == 0) {
			throw new TaskNotFoundException(id);
		}
		if (code < 0) {
			TaskStatus status = TaskStatus.parse(text(reply.get(1)));
			if (status == TaskStatus.ACTIVE) {
				throw new TaskStateException("task '" + id + "' is active and cannot be held; cancel it instead",
						status);
			}
			throw new TaskStateException(
					"task '" + id + "' is " + status.value() + "; only waiting, delayed or retrying tasks can be held",
					status);
		}
		return this.records.task(found.queue(), id, (byte[]) reply.get(1));
	}

	Task release(String id) {
		Located found = this.locator.locate(id).orElseThrow(() -> new TaskNotFoundException(id));
		List<?> reply = (List<?>) this.scripts.run(found.queue(),
				new Hold(this.clock.instant(), this.events.get(), id, false));
		long code = (Long) reply.get(0);
		if (code == 0) {
			throw new TaskNotFoundException(id);
		}
		if (code < 0) {
			TaskStatus status = TaskStatus.parse(text(reply.get(1)));
			throw new TaskStateException("task '" + id + "' is " + status.value() + "; only held tasks can be released",
					status);
		}
		return this.records.task(found.queue(), id, (byte[]) reply.get(1));
	}

	boolean remove(String id) {
		Optional<Located> found = this.locator.locate(id);
		return found.isPresent() && isOne(
				this.scripts.run(found.get().queue(), new Remove(this.clock.instant(), this.events.get(), id)));
	}

	/**
	 * Pauses or resumes a queue for every instance.
	 * @param queue the queue (registered, if it was not)
	 * @param paused whether to pause it
	 */
	void pause(String queue, boolean paused) {
		this.registry.register(queue);
		this.scripts.run(queue, new Pause(this.clock.instant(), this.events.get(), paused));
	}

	/**
	 * Tells every instance that a queue's worker started or stopped on an instance.
	 * @param type a worker event
	 * @param queue the queue; one that was never registered (has held no task) is not
	 * followed by any reader, so its worker events reach no one. Registering it here
	 * would make a queue exist because a worker was started, and the registration at
	 * start-up was seen to cost other readers the first events of the queue.
	 * @param instanceId the instance
	 */
	void announceWorker(TaskEventType type, String queue, String instanceId) {
		if (!type.isWorkerEvent()) {
			throw new IllegalArgumentException(type + " is not a worker event");
		}
		this.scripts.run(queue, new Worker(this.clock.instant(), this.events.get(), type.value(), instanceId));
	}

}
