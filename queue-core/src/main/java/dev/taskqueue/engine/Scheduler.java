package dev.taskqueue.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;

/**
 * Makes delayed and retrying tasks ready when their time comes, and fires due schedules
 * ({@link EngineSchedules}). Sleeps until the earliest due time the backend reports, or
 * until told of an earlier one, and at most a second, since other instances sharing the
 * backend schedule too.
 */
final class Scheduler {

	private static final System.Logger logger = System.getLogger(Scheduler.class.getName());

	/**
	 * The longest sleep: another instance sharing the backend may schedule a task due
	 * earlier than anything this engine knows of.
	 */
	private static final long MAX_WAIT_NANOS = Duration.ofSeconds(1).toNanos();

	private final EngineServices services;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	/** The current loop's thread; a loop whose thread is no longer this one ends. */
	private volatile Thread thread;

	private boolean signalled;

	/**
	 * When the loop plans to look again; {@link Instant#MIN} while it is looking, so that
	 * any due time reported meanwhile makes it look once more.
	 */
	private Instant plannedWake = Instant.MIN;

	private final EngineSchedules schedules;

	Scheduler(EngineServices services) {
		this.services = services;
		this.schedules = new EngineSchedules(services, this);
	}

	/** The schedules this scheduler fires. */
	EngineSchedules schedules() {
		return this.schedules;
	}

	/** Starts a loop thread; after {@link #stop()} a new one. */
	void start() {
		Thread loop = new Thread(this::loop, "taskqueue-scheduler");
		loop.setDaemon(true);
		this.thread = loop;
		loop.start();
	}

	boolean isAlive() {
		Thread loop = this.thread;
		return loop != null && loop.isAlive();
	}

	/**
	 * A task that may now wait for its time (released back to delayed or retrying): wake
	 * for it at that time rather than at the next planned pass.
	 * @param task the task as it is now
	 * @return the task
	 */
	Task waitingFor(Task task) {
		if (task.status() == TaskStatus.DELAYED || task.status() == TaskStatus.RETRYING) {
			dueAt(task.scheduledAt());
		}
		return task;
	}

	/**
	 * Something becomes due at this instant: wake earlier if that is before the planned
	 * wake.
	 */
	void dueAt(Instant due) {
		this.lock.lock();
		try {
			if (due.isBefore(this.plannedWake) || this.plannedWake == Instant.MIN) {
				this.signalled = true;
				this.changed.signalAll();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Re-checks now (for example after the clock was moved). */
	void wakeUp() {
		this.lock.lock();
		try {
			this.signalled = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	void stop() {
		Thread loop = this.thread;
		this.thread = null;
		if (loop != null) {
			loop.interrupt();
		}
	}

	private boolean isCurrentLoop() {
		return this.thread == Thread.currentThread();
	}

	private void loop() {
		long maxWait = MAX_WAIT_NANOS;
		while (isCurrentLoop()) {
			long waitNanos;
			Instant wake;
			try {
				Optional<Instant> next = this.services.backend().promoteDue();
				Instant schedule = this.schedules.fireDue();
				if (schedule != null && (next.isEmpty() || schedule.isBefore(next.get()))) {
					next = Optional.of(schedule);
				}
				Instant now = this.services.clock().instant();
				waitNanos = next.map((due) -> Math.max(0, Duration.between(now, due).toNanos())).orElse(maxWait);
				waitNanos = Math.min(Math.max(waitNanos, 1_000_000), maxWait);
				wake = now.plusNanos(waitNanos);
			}
			catch (RuntimeException ex) {
				if (!isCurrentLoop()) {
					return; // stopped: the interrupt broke the backend call on purpose
				}
				logger.log(BackendFailures.level(ex),
						"Could not promote due tasks or fire due schedules; retrying in 1s: " + ex);
				waitNanos = Duration.ofSeconds(1).toNanos();
				wake = Instant.MAX;
			}
			this.lock.lock();
			try {
				this.plannedWake = wake;
				long left = waitNanos;
				while (!this.signalled && left > 0 && isCurrentLoop()) {
					left = this.changed.awaitNanos(left);
				}
				this.signalled = false;
				this.plannedWake = Instant.MIN;
			}
			catch (InterruptedException ex) {
				return;
			}
			finally {
				this.lock.unlock();
			}
		}
	}

}
