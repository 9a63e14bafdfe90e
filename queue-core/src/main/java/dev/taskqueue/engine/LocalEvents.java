package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.spi.ClaimedTask;
import dev.taskqueue.spi.NewTask;
import dev.taskqueue.spi.TaskOutcome;

/**
 * The changes this engine made itself (enqueued, started, finished an attempt), told to
 * local listeners on the thread that made them. Backend events reach every engine sharing
 * a backend; these reach only the engine that acted, which is what per-instance figures
 * (metrics) need. Listeners must be fast and must not block.
 */
final class LocalEvents {

	private static final System.Logger logger = System.getLogger(LocalEvents.class.getName());

	private final List<TaskEventListener> listeners = new CopyOnWriteArrayList<>();

	private final Clock clock;

	LocalEvents(Clock clock) {
		this.clock = clock;
	}

	void add(TaskEventListener listener) {
		this.listeners.add(listener);
	}

	void remove(TaskEventListener listener) {
		this.listeners.remove(listener);
	}

	void added(NewTask task) {
		if (this.listeners.isEmpty()) {
			return;
		}
		TaskStatus status = task.isDelayedAt(task.createdAt()) ? TaskStatus.DELAYED : TaskStatus.WAITING;
		publish(TaskEventType.ADDED,
				new Task(task.id(), task.queue(), task.type(), status, task.priority(), task.payload(), null, null, 0,
						task.maxAttempts(), null, task.createdAt(), task.scheduledAt(), null, null, task.timeout(),
						task.backoff(), task.repeat(), task.occurrence(), task.idempotencyKey()));
	}

	void started(ClaimedTask claim) {
		if (!this.listeners.isEmpty()) {
			publish(TaskEventType.ACTIVE, claim.task());
		}
	}

	void finished(TaskOutcome outcome) {
		if (this.listeners.isEmpty()) {
			return;
		}
		Task t = outcome.claim().task();
		if (outcome instanceof TaskOutcome.Completed completed) {
			publish(TaskEventType.COMPLETED,
					new Task(t.id(), t.queue(), t.type(), TaskStatus.COMPLETED, t.priority(), t.payload(),
							completed.result(), null, t.attempts(), t.maxAttempts(), t.progress(), t.createdAt(),
							t.scheduledAt(), t.startedAt(), outcome.finishedAt(), t.timeout(), t.backoff(), t.repeat(),
							t.occurrence(), t.idempotencyKey()));
			return;
		}
		TaskOutcome.Failed failed = (TaskOutcome.Failed) outcome;
		boolean retrying = failed.retryAt() != null;
		publish(retrying ? TaskEventType.RETRYING : TaskEventType.FAILED,
				new Task(t.id(), t.queue(), t.type(), retrying ? TaskStatus.RETRYING : TaskStatus.FAILED, t.priority(),
						t.payload(), null, failed.error(), t.attempts(), t.maxAttempts(), t.progress(), t.createdAt(),
						retrying ? failed.retryAt() : t.scheduledAt(), t.startedAt(),
						retrying ? null : outcome.finishedAt(), t.timeout(), t.backoff(), t.repeat(), t.occurrence(),
						t.idempotencyKey()));
	}

	private void publish(TaskEventType type, Task task) {
		TaskEvent event = TaskEvent.of(type, task, this.clock.instant());
		for (TaskEventListener listener : this.listeners) {
			try {
				listener.onEvent(event);
			}
			catch (RuntimeException ex) {
				logger.log(Level.WARNING, "Local task listener " + listener + " failed on " + type, ex);
			}
		}
	}

}
