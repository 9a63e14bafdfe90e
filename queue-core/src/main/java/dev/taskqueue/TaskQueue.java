package dev.taskqueue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;

/**
 * The entry point for producing and managing tasks. Thread-safe; no method blocks on a
 * running task, so it is safe to call from request threads.
 */
public interface TaskQueue {

	/**
	 * Enqueues a task with default options.
	 * @param type the task type (a registered handler's type)
	 * @param payload the payload, anything Jackson can write, or {@code null}
	 * @return the task's id
	 * @throws UnknownTaskTypeException if no handler handles the type
	 * @throws IllegalArgumentException if the payload cannot be written as JSON or is too
	 * large
	 */
	default String enqueue(String type, Object payload) {
		return enqueue(type, payload, TaskOptions.none());
	}

	/**
	 * Enqueues a task.
	 * @param type the task type (a registered handler's type)
	 * @param payload the payload, anything Jackson can write, or {@code null}
	 * @param options the options
	 * @return the task's id (an existing task's id when its idempotency key matches)
	 * @throws UnknownTaskTypeException if no handler handles the type
	 * @throws IllegalArgumentException if the payload or an option is invalid
	 */
	String enqueue(String type, Object payload, TaskOptions options);

	/**
	 * Enqueues a task without waiting for the backend: the returned future completes with
	 * the task's id once the task is stored (at once in memory; on Redis when the reply
	 * arrives), so that one thread can keep many enqueues in flight and a request thread
	 * does not wait for the store. (On Redis, the first enqueue to a queue in a minute
	 * also makes sure the queue is registered, which takes one round trip on the calling
	 * thread.) Dependent actions attached to the future may run on the backend's I/O
	 * thread: keep them short, or use the {@code ...Async} variants with an executor of
	 * your own.
	 * @param type the task type (a registered handler's type)
	 * @param payload the payload, anything Jackson can write, or {@code null}
	 * @param options the options
	 * @return the task's id, to come (an existing task's id when its idempotency key
	 * matches); completes exceptionally when the backend fails
	 * @throws UnknownTaskTypeException if no handler handles the type (thrown, not in the
	 * future: nothing was sent)
	 * @throws IllegalArgumentException if the payload or an option is invalid (thrown)
	 */
	default CompletableFuture<String> enqueueAsync(String type, Object payload, TaskOptions options) {
		return CompletableFuture.completedFuture(enqueue(type, payload, options));
	}

	/**
	 * Enqueues a task with default options without waiting for the backend; see
	 * {@link #enqueueAsync(String, Object, TaskOptions)}.
	 * @param type the task type (a registered handler's type)
	 * @param payload the payload, anything Jackson can write, or {@code null}
	 * @return the task's id, to come
	 * @throws UnknownTaskTypeException if no handler handles the type
	 * @throws IllegalArgumentException if the payload cannot be written as JSON or is too
	 * large
	 */
	default CompletableFuture<String> enqueueAsync(String type, Object payload) {
		return enqueueAsync(type, payload, TaskOptions.none());
	}

	/**
	 * Enqueues many tasks at once, far faster than one by one. All requests are validated
	 * before any is enqueued.
	 * @param requests the tasks
	 * @return their ids, in order
	 * @throws UnknownTaskTypeException if a type has no handler (nothing is enqueued)
	 * @throws IllegalArgumentException if a payload or option is invalid (nothing is
	 * enqueued)
	 */
	List<String> enqueueAll(List<TaskRequest> requests);

	/**
	 * Looks a task up.
	 * @param id the id
	 * @return the task, or empty if it does not exist (any more)
	 */
	Optional<Task> get(String id);

	/**
	 * Lists tasks, newest first.
	 * @param query the filters and cursor
	 * @return one page
	 */
	TaskPage list(TaskQuery query);

	/**
	 * Runs a failed, cancelled or completed task again, from its first attempt.
	 * @param id the id
	 * @return the task as re-queued
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it is not in a final status
	 */
	Task retry(String id);

	/**
	 * Cancels a task: a waiting, delayed, retrying or held task is taken off its queue;
	 * an active one is interrupted (its context reports
	 * {@link TaskContext#isCancelled()}).
	 * @param id the id
	 * @return the task as cancelled
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it already reached a final status
	 */
	Task cancel(String id);

	/**
	 * Holds a waiting, delayed or retrying task: no worker of any instance claims it, and
	 * it is not promoted when its time passes, until {@link #release(String) released}.
	 * It keeps its options, its place among the waiting tasks of its priority and its
	 * scheduled time. A held task can be cancelled or removed; draining or obliterating
	 * its queue removes it; retention never does.
	 * @param id the id
	 * @return the task as held
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it is active (cancel it instead), already held, or
	 * final
	 */
	Task hold(String id);

	/**
	 * Releases a held task back to the status it was held in: a waiting task to its place
	 * among the waiting tasks of its priority, a delayed or retrying one to its scheduled
	 * time, or waiting at once if that time passed while it was held.
	 * @param id the id
	 * @return the task as released
	 * @throws TaskNotFoundException if it does not exist
	 * @throws TaskStateException if it is not held
	 */
	Task release(String id);

	/**
	 * Removes a task whatever its status (an active one is cancelled first).
	 * @param id the id
	 * @return true if it existed
	 */
	boolean remove(String id);

	/**
	 * Stops workers of every instance from starting tasks of a queue. Tasks stay waiting.
	 * @param queue the queue
	 */
	void pause(String queue);

	/**
	 * Lets workers start tasks of a paused queue again.
	 * @param queue the queue
	 */
	void resume(String queue);

	/**
	 * Whether a queue is paused.
	 * @param queue the queue
	 * @return true if paused
	 */
	default boolean isPaused(String queue) {
		return stats(TaskOptions.checkQueueName(queue)).paused();
	}

	/**
	 * Removes the tasks of a queue that have not run yet: waiting, delayed, retrying and
	 * held.
	 * @param queue the queue
	 * @return how many were removed
	 */
	long drain(String queue);

	/**
	 * Removes finished tasks of a queue that finished before now minus {@code olderThan}.
	 * @param queue the queue
	 * @param statuses which final statuses to remove; empty for all three
	 * @param olderThan the minimum age
	 * @return how many were removed
	 * @throws IllegalArgumentException if a status is not final
	 */
	long clean(String queue, Set<TaskStatus> statuses, Duration olderThan);

	/**
	 * Removes everything of a queue: tasks in every status (active ones are cancelled),
	 * counters and its paused flag.
	 * @param queue the queue
	 * @return how many tasks were removed
	 */
	long obliterate(String queue);

	/**
	 * The queues known to the backend or to a handler.
	 * @return the queue names, sorted
	 */
	List<String> queues();

	/**
	 * Counts and metrics of one queue.
	 * @param queue the queue
	 * @return the stats (zeros for an unknown queue)
	 */
	QueueStats stats(String queue);

	/**
	 * The engines sharing the backend, this one included while it runs: each announces
	 * itself every {@code heartbeat-interval}, leaves at once when it stops gracefully,
	 * and disappears three intervals after its last heartbeat when it dies.
	 * @return the instances, by start time and then id
	 */
	List<TaskInstance> instances();

	/**
	 * How many tasks of a queue completed and how many failed for good, per minute, over
	 * the last minutes (the last bucket is the current minute), from every instance
	 * sharing the backend.
	 * @param queue the queue
	 * @param minutes how many minutes, 1 to {@link QueueThroughput#MAX_MINUTES} (24
	 * hours)
	 * @return the history (zeros for an unknown queue)
	 * @throws IllegalArgumentException if the queue name is not valid or {@code minutes}
	 * is out of range
	 */
	QueueThroughput throughput(String queue, int minutes);

	/**
	 * Creates a recurring schedule, or replaces the one of the same id in place: what it
	 * did so far (runs, last task) and its paused flag stay, and so does its next due
	 * time unless the trigger ({@code cron}, {@code zone}, {@code every},
	 * {@code startAt}) changed. A task already made keeps running. Each due time makes
	 * one task, across every engine sharing the backend.
	 * @param request the schedule
	 * @return the schedule as stored
	 * @throws UnknownTaskTypeException if no handler handles the type
	 * @throws IllegalArgumentException if the payload or an option is invalid
	 */
	Schedule upsertSchedule(ScheduleRequest request);

	/**
	 * Looks a schedule up.
	 * @param id its id
	 * @return the schedule, with the status of its last task, or empty
	 */
	Optional<Schedule> getSchedule(String id);

	/**
	 * Every schedule.
	 * @return the schedules, by id
	 */
	List<Schedule> schedules();

	/**
	 * Pauses a schedule: it makes no task until resumed.
	 * @param id its id
	 * @return the schedule as paused
	 * @throws ScheduleNotFoundException if it does not exist
	 */
	Schedule pauseSchedule(String id);

	/**
	 * Resumes a paused schedule at its next due time from now: due times that passed
	 * while it was paused make no task.
	 * @param id its id
	 * @return the schedule as resumed
	 * @throws ScheduleNotFoundException if it does not exist
	 */
	Schedule resumeSchedule(String id);

	/**
	 * Removes a schedule: it makes no further task (tasks it made stay).
	 * @param id its id
	 * @return true if it existed
	 */
	boolean removeSchedule(String id);

	/**
	 * Makes one task of a schedule now, besides its due times (also when it is paused);
	 * it counts as a run.
	 * @param id its id
	 * @return the task's id
	 * @throws ScheduleNotFoundException if it does not exist
	 */
	String triggerSchedule(String id);

	/**
	 * Registers a listener for every type of task event, from every instance sharing the
	 * backend; the same as {@link #addListener(TaskEventListener, Set)} with all types.
	 * @param listener the listener
	 */
	default void addListener(TaskEventListener listener) {
		addListener(listener, EnumSet.allOf(TaskEventType.class));
	}

	/**
	 * Registers a listener for the task events of the given types, from every instance
	 * sharing the backend (registering it again replaces its types). The events of
	 * changes made after this method returns reach it. Listeners run on an event thread,
	 * never on a worker; a slow listener delays only events. Ask only for the types you
	 * need: on Redis the scripts write, and every instance reads, only the events some
	 * listener wants.
	 * @param listener the listener
	 * @param types the event types it wants
	 */
	void addListener(TaskEventListener listener, Set<TaskEventType> types);

	/**
	 * Unregisters a listener.
	 * @param listener the listener
	 */
	void removeListener(TaskEventListener listener);

}
