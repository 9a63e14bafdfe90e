package dev.taskqueue.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.taskqueue.TaskLimits;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.spi.ClaimedTask;

/**
 * The engine's periodic chores on its timer: renewing the leases of the tasks it runs,
 * recovering stalled tasks (of any instance) and applying retention. A failing chore is
 * logged and tried again next time. Thread-safe.
 */
final class Housekeeping {

	private static final System.Logger logger = System.getLogger(Housekeeping.class.getName());

	private static final long TRIM_EVERY_SECONDS = 60;

	private final EngineServices services;

	private final Supplier<Collection<QueueWorker>> workers;

	private final Consumer<String> leaseLost;

	private final Runnable tasksRecovered;

	private final List<ScheduledFuture<?>> futures = new ArrayList<>();

	/**
	 * Creates the chores.
	 * @param services the engine's services
	 * @param workers the engine's current workers
	 * @param leaseLost told the id of each running task whose lease is lost
	 * @param tasksRecovered told when stalled tasks went back to their queues
	 */
	Housekeeping(EngineServices services, Supplier<Collection<QueueWorker>> workers, Consumer<String> leaseLost,
			Runnable tasksRecovered) {
		this.services = services;
		this.workers = workers;
		this.leaseLost = leaseLost;
		this.tasksRecovered = tasksRecovered;
	}

	synchronized void start() {
		ScheduledExecutorService timer = this.services.timer();
		long leaseMillis = this.services.settings().leaseDuration().toMillis();
		long renewEvery = Math.max(leaseMillis / 3, 10);
		this.futures
			.add(timer.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS));
		long stalledEvery = Math.max(leaseMillis / 2, 10);
		this.futures
			.add(timer.scheduleWithFixedDelay(this::recoverStalled, stalledEvery, stalledEvery, TimeUnit.MILLISECONDS));
		this.futures
			.add(timer.scheduleWithFixedDelay(this::trim, TRIM_EVERY_SECONDS, TRIM_EVERY_SECONDS, TimeUnit.SECONDS));
	}

	synchronized void stop() {
		this.futures.forEach((future) -> future.cancel(false));
		this.futures.clear();
	}

	/** Recovers stalled tasks and applies retention now, on the timer. */
	synchronized void runNow() {
		if (this.futures.isEmpty()) {
			return;
		}
		try {
			this.services.timer().execute(this::recoverStalled);
			this.services.timer().execute(this::trim);
		}
		catch (RejectedExecutionException ex) {
			// the timer is gone: nothing to do
		}
	}

	private void renewLeases() {
		List<ClaimedTask> claims = new ArrayList<>();
		for (QueueWorker worker : this.workers.get()) {
			worker.executions().forEach((execution) -> claims.add(execution.claim()));
		}
		if (claims.isEmpty()) {
			return;
		}
		try {
			Set<String> lost = this.services.backend().renewLeases(claims, this.services.settings().leaseDuration());
			lost.forEach(this.leaseLost);
		}
		catch (RuntimeException ex) {
			logger.log(BackendFailures.level(ex), "Could not renew task leases: " + ex);
		}
	}

	private void recoverStalled() {
		try {
			if (this.services.backend()
				.recoverStalled(this.services.settings().maxStalls(), this.services.events()::stalled) > 0) {
				this.tasksRecovered.run();
			}
		}
		catch (RuntimeException ex) {
			logger.log(BackendFailures.level(ex), "Could not recover stalled tasks: " + ex);
		}
	}

	private void trim() {
		try {
			this.services.backend().trim();
		}
		catch (RuntimeException ex) {
			logger.log(BackendFailures.level(ex), "Could not apply retention: " + ex);
		}
	}

	/**
	 * Checks what a clean asks for.
	 * @param queue the queue (checked)
	 * @param statuses final statuses, or none for all three
	 * @param olderThan the minimum age, 0 or more
	 * @return the statuses to clean
	 */
	static Set<TaskStatus> cleanedStatuses(String queue, Set<TaskStatus> statuses, Duration olderThan) {
		Objects.requireNonNull(olderThan, "olderThan must not be null");
		if (olderThan.isNegative()) {
			throw new IllegalArgumentException("olderThan must not be negative, was " + olderThan);
		}
		TaskLimits.checkDuration("olderThan", olderThan);
		Set<TaskStatus> chosen = (statuses == null || statuses.isEmpty())
				? EnumSet.of(TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED) : EnumSet.copyOf(statuses);
		for (TaskStatus status : chosen) {
			if (!status.isFinal()) {
				throw new IllegalArgumentException("clean removes only completed, failed or cancelled tasks, not "
						+ status.value() + " ones (use drain for waiting and delayed tasks)");
			}
		}
		return chosen;
	}

}
