package dev.taskqueue.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.taskqueue.spi.TaskBackend;
import tools.jackson.databind.ObjectMapper;

/**
 * What the parts of one engine share.
 *
 * @param backend the backend
 * @param handlers the handlers
 * @param settings the settings
 * @param factory makes new tasks and the tasks of schedules
 * @param mapper JSON
 * @param clock the time
 * @param timer runs timeouts, progress flushes and housekeeping
 * @param events the way events reach this engine's listeners
 * @param observations starts the observations of enqueues and runs
 */
record EngineServices(TaskBackend backend, HandlerRegistry handlers, EngineSettings settings, TaskFactory factory,
		ObjectMapper mapper, Clock clock, ScheduledExecutorService timer, EngineEvents events,
		TaskObservations observations) {

	/** How long the timer's idle thread lives before it ends. */
	private static final Duration TIMER_KEEP_ALIVE = Duration.ofSeconds(10);

	/**
	 * The services of a new engine, as built.
	 * @param builder the builder
	 * @param handlers the engine's handlers
	 * @param factory the engine's task factory
	 */
	EngineServices(TaskEngineBuilder builder, HandlerRegistry handlers, TaskFactory factory) {
		this(builder.backend, handlers, builder.settings, factory, builder.mapper, builder.clock, newTimer(),
				new EngineEvents(builder.backend, builder.clock), builder.observations());
	}

	/**
	 * The engine's timer. It lives as long as the engine, so that the engine can be
	 * started again after a stop and a handler handed back at stop can still report
	 * progress; its one daemon thread ends while nothing is scheduled.
	 * @return a new timer
	 */
	static ScheduledThreadPoolExecutor newTimer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "taskqueue-timer");
			thread.setDaemon(true);
			return thread;
		});
		timer.setRemoveOnCancelPolicy(true);
		timer.setKeepAliveTime(TIMER_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
		timer.allowCoreThreadTimeOut(true);
		return timer;
	}

}
