package dev.taskqueue.memory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;

import dev.taskqueue.Task;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.spi.ClaimedTask;

/**
 * Where the in-memory backend finds its tasks and queues: every stored task by id, by
 * idempotency key within its queue and in id order for listing, and every queue used so
 * far by name. Tasks are added and dropped only by {@link TaskStore}, as steps of its
 * transitions (see its Javadoc); this class changes no task's state. Not thread-safe:
 * every method must be called with the backend's lock held.
 */
final class TaskIndex {

	private final Lock lock;

	/** Every task by id. */
	private final Map<String, TaskRecord> tasks = new HashMap<>();

	/** Every task in id order (time-ordered ids: creation order), for listing. */
	private final TaskLog log = new TaskLog();

	private final Map<String, TaskRecord> byIdempotencyKey = new HashMap<>();

	private final Map<String, QueueState> queues = new HashMap<>();

	/**
	 * An index whose queues wait on conditions of the given lock.
	 * @param lock the backend's lock
	 */
	TaskIndex(Lock lock) {
		this.lock = lock;
	}

	// --- tasks ---

	TaskRecord find(String id) {
		return this.tasks.get(id);
	}

	/**
	 * A stored task.
	 * @param id its id
	 * @return the task
	 * @throws TaskNotFoundException if none has that id
	 */
	TaskRecord existing(String id) {
		TaskRecord record = this.tasks.get(id);
		if (record == null) {
			throw new TaskNotFoundException(id);
		}
		return record;
	}

	/**
	 * The task a claim is for, if the claim's lease is still held.
	 * @param claim the claim
	 * @return the task, or {@code null} when the lease is lost (fencing)
	 */
	TaskRecord held(ClaimedTask claim) {
		TaskRecord record = this.tasks.get(claim.id());
		return (record != null && record.isHeldBy(claim.leaseToken())) ? record : null;
	}

	/**
	 * The stored task that holds an idempotency key in a queue.
	 * @param queue the queue's name
	 * @param key the key, or {@code null}
	 * @return the task, or {@code null} when the key is {@code null} or free
	 */
	TaskRecord keyHolder(String queue, String key) {
		return (key != null) ? this.byIdempotencyKey.get(scoped(queue, key)) : null;
	}

	/**
	 * Indexes a new task by id, in id order, and by its idempotency key (taking the key
	 * over from any task that held it).
	 * @param record the task
	 * @throws IllegalArgumentException if a task with its id is stored (nothing is
	 * indexed then)
	 */
	void add(TaskRecord record) {
		if (this.tasks.putIfAbsent(record.id, record) != null) {
			throw new IllegalArgumentException("a task with id '" + record.id + "' is already stored");
		}
		this.log.add(record);
		if (record.idempotencyKey != null) {
			this.byIdempotencyKey.put(scoped(record.queue.name, record.idempotencyKey), record);
		}
	}

	/**
	 * Gives an idempotency key back to a task, unless another task took it over
	 * meanwhile.
	 * @param record the task
	 */
	void reclaimKey(TaskRecord record) {
		if (record.idempotencyKey != null) {
			this.byIdempotencyKey.putIfAbsent(scoped(record.queue.name, record.idempotencyKey), record);
		}
	}

	/**
	 * Drops a task from every index, freeing its idempotency key if it holds it.
	 * @param record the task
	 */
	void remove(TaskRecord record) {
		this.tasks.remove(record.id);
		this.log.forget(record);
		if (record.idempotencyKey != null) {
			this.byIdempotencyKey.remove(scoped(record.queue.name, record.idempotencyKey), record);
		}
	}

	/**
	 * A page of tasks, newest first, after the query's cursor (exclusive).
	 * @param query the query
	 * @return the page; its cursor is null when no further task matches
	 */
	TaskPage list(TaskQuery query) {
		List<Task> items = new ArrayList<>();
		for (int i = this.log.before(query.cursor()); i >= 0; i--) {
			TaskRecord record = this.log.at(i);
			if (record == null || !mayMatch(query, record)) {
				continue;
			}
			Task task = record.toTask();
			if (!query.matches(task)) {
				continue;
			}
			if (items.size() == query.limit()) {
				// one more match exists: this page is not the last
				return new TaskPage(items, items.get(items.size() - 1).id());
			}
			items.add(task);
		}
		return new TaskPage(items, null);
	}

	/**
	 * Checks the cheap filters before a snapshot is built for {@link TaskQuery#matches}.
	 */
	private static boolean mayMatch(TaskQuery query, TaskRecord record) {
		return (query.queue() == null || query.queue().equals(record.queue.name))
				&& (query.type() == null || query.type().equals(record.type))
				&& (query.statuses().isEmpty() || query.statuses().contains(record.status));
	}

	/**
	 * Idempotency keys apply within one queue (as on Redis, where they share its hash
	 * tag).
	 */
	private static String scoped(String queue, String key) {
		return queue + '\n' + key;
	}

	// --- queues ---

	/** The state of a queue, created when first needed. */
	QueueState queue(String name) {
		// not computeIfAbsent: its lambda would capture this on every enqueue
		QueueState queue = this.queues.get(name);
		if (queue == null) {
			queue = new QueueState(name, this.lock.newCondition());
			this.queues.put(name, queue);
		}
		return queue;
	}

	/** The state of a queue, or {@code null} when it was never used. */
	QueueState queueIfPresent(String name) {
		return this.queues.get(name);
	}

	Collection<QueueState> queues() {
		return this.queues.values();
	}

	/**
	 * Forgets a queue whose tasks were all dropped; workers waiting on its state must be
	 * woken, so that they wait on a new one.
	 * @param queue the queue
	 */
	void dropQueue(QueueState queue) {
		this.queues.remove(queue.name);
	}

	List<String> visibleQueueNames() {
		List<String> names = new ArrayList<>();
		for (QueueState queue : this.queues.values()) {
			if (queue.isVisible()) {
				names.add(queue.name);
			}
		}
		names.sort(null);
		return names;
	}

}
