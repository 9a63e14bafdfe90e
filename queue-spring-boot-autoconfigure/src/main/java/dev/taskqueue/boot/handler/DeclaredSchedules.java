package dev.taskqueue.boot.handler;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

import dev.taskqueue.Schedule;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.boot.handler.RecurringDeclaration.ScheduleOverride;

/**
 * Upserts the schedules declared with {@link dev.taskqueue.Recurring @Recurring} when the
 * application starts, just before the engine (phase {@link #PHASE}), with the overrides
 * of {@code taskqueue.schedules.<id>.*} applied, and removes the schedules declared in
 * code that no longer are (or are disabled). Schedules made through the API stay. Any
 * number of instances doing this at once make one schedule per id, and a schedule whose
 * trigger did not change keeps its next due time: restarting every instance does not make
 * a task of its own. When the backend is unavailable at start-up (Redis down), the
 * application starts all the same and declaring is tried again every few seconds until it
 * works. A {@code @Recurring} of a bean created later (a lazy bean) is upserted when the
 * bean is created.
 */
public class DeclaredSchedules implements SmartLifecycle {

	/** Just before the engine starts. */
	public static final int PHASE = TaskQueueLifecycle.PHASE - 1;

	private static final Log logger = LogFactory.getLog(DeclaredSchedules.class);

	private final TaskHandlerRegistry registry;

	private final TaskQueue taskQueue;

	private final Map<String, ScheduleOverride> overrides;

	/**
	 * How often declaring is tried again while the backend is unavailable at start-up.
	 */
	private static final Duration RETRY = Duration.ofSeconds(2);

	private volatile boolean running;

	private volatile Thread retry;

	/**
	 * Creates the lifecycle.
	 * @param registry where {@code @Recurring} declarations were registered
	 * @param taskQueue the task queue
	 * @param overrides the properties {@code taskqueue.schedules.<id>.*}, by id
	 */
	public DeclaredSchedules(TaskHandlerRegistry registry, TaskQueue taskQueue,
			Map<String, ScheduleOverride> overrides) {
		this.registry = registry;
		this.taskQueue = taskQueue;
		this.overrides = Map.copyOf(overrides);
	}

	@Override
	public void start() {
		this.running = true;
		try {
			declare();
		}
		catch (TaskQueueUnavailableException ex) {
			logger.warn("Could not declare the @Recurring schedules, the task queue's backend is unavailable ("
					+ ex.getMessage() + "); trying again every " + RETRY.toSeconds() + "s");
			retryLater();
		}
	}

	private void retryLater() {
		Thread retry = new Thread(() -> {
			while (this.running) {
				try {
					Thread.sleep(RETRY.toMillis());
					declare();
					logger.info("Declared the @Recurring schedules now that the backend answers");
					return;
				}
				catch (TaskQueueUnavailableException ex) {
					logger.debug("Backend still unavailable for the @Recurring schedules: " + ex.getMessage());
				}
				catch (InterruptedException ex) {
					return;
				}
				catch (RuntimeException ex) {
					logger.error("Could not declare the @Recurring schedules", ex);
					return;
				}
			}
		}, "taskqueue-declared-schedules");
		retry.setDaemon(true);
		this.retry = retry;
		retry.start();
	}

	private void declare() {
		List<RecurringDeclaration> declarations = this.registry.declarationsFollowingLater(this::declareLate);
		Set<String> declared = new LinkedHashSet<>();
		for (RecurringDeclaration declaration : declarations) {
			ScheduleOverride override = this.overrides.get(declaration.id());
			if (override != null && !override.enabled()) {
				logger.info("Schedule '" + declaration.id() + "' is disabled by taskqueue.schedules." + declaration.id()
						+ ".enabled=false");
				continue;
			}
			this.taskQueue.upsertSchedule(declaration.toRequest(override, this.registry.mapper()));
			declared.add(declaration.id());
		}
		for (String id : this.overrides.keySet()) {
			if (declarations.stream().noneMatch((declaration) -> declaration.id().equals(id))) {
				logger.warn("taskqueue.schedules." + id + " is set but no @Recurring method declares schedule '" + id
						+ "'");
			}
		}
		for (Schedule schedule : this.taskQueue.schedules()) {
			if (schedule.declared() && !declared.contains(schedule.id())
					&& this.taskQueue.removeSchedule(schedule.id())) {
				logger.info("Removed schedule '" + schedule.id() + "': no @Recurring method declares it any more");
			}
		}
		if (!declared.isEmpty()) {
			logger.info("Declared " + declared.size() + " recurring schedule(s): " + String.join(", ", declared));
		}
	}

	/** A declaration of a bean created after start-up (a lazy bean): upserted at once. */
	private void declareLate(RecurringDeclaration declaration) {
		ScheduleOverride override = this.overrides.get(declaration.id());
		if (override == null || override.enabled()) {
			this.taskQueue.upsertSchedule(declaration.toRequest(override, this.registry.mapper()));
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.registry.declarationsFollowingLater(null);
		Thread pending = this.retry;
		if (pending != null) {
			pending.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
