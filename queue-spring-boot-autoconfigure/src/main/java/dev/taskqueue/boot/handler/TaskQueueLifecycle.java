package dev.taskqueue.boot.handler;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.engine.WorkerState;

/**
 * Starts the {@link TaskEngine} once every singleton exists (so all
 * {@link dev.taskqueue.TaskHandler @TaskHandler} methods are registered) and stops it
 * gracefully when the application context closes; meanwhile publishes every
 * {@link dev.taskqueue.event.TaskEvent} as a Spring application event, so that an
 * {@code @EventListener} method taking a {@code TaskEvent} receives them (on the task
 * queue's event thread, never on a worker). When no listener of the application takes
 * task events, none is published: the backend then neither builds them nor, on Redis,
 * writes and reads them across instances.
 * <p>
 * Phase: {@link #PHASE}, above the web server's graceful shutdown, so it stops first:
 * workers stop claiming, running tasks get up to {@code taskqueue.shutdown.timeout} to
 * finish while the application still answers requests, and unfinished tasks are handed
 * back; only then do the web server, connection factories and data sources stop. Stopping
 * runs on its own thread, and Spring waits for it at most
 * {@code spring.lifecycle.timeout-per-shutdown-phase}; a warning is logged at start-up if
 * that is shorter than {@code taskqueue.shutdown.timeout}.
 */
public class TaskQueueLifecycle implements SmartLifecycle {

	/**
	 * The lifecycle phase: after the web server has started, and stopped before the web
	 * server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) begins.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	/**
	 * How long a stop waits for this instance's {@code worker-stopped} events to be
	 * published as application events.
	 */
	static final Duration WORKER_STOPS_WAIT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(TaskQueueLifecycle.class);

	private final TaskEngine engine;

	private final ApplicationEventBridge springEvents;

	private final ApplicationContext context;

	private final Duration phaseTimeout;

	/**
	 * Creates the lifecycle that publishes task events only while the application has a
	 * listener for them.
	 * @param engine the engine
	 * @param publisher where task events are published
	 * @param phaseTimeout how long Spring waits for one shutdown phase
	 * ({@code spring.lifecycle.timeout-per-shutdown-phase}), or {@code null} if unknown
	 * @param context the application, whose listeners are looked at on start, or
	 * {@code null} to publish every event
	 */
	public TaskQueueLifecycle(TaskEngine engine, ApplicationEventPublisher publisher, Duration phaseTimeout,
			ApplicationContext context) {
		this.engine = engine;
		this.springEvents = new ApplicationEventBridge(publisher);
		this.phaseTimeout = phaseTimeout;
		this.context = context;
	}

	/**
	 * Whether task events are published as application events: some listener of the
	 * application takes them (looked at on start).
	 * @return true if they are
	 */
	public boolean publishesApplicationEvents() {
		return this.springEvents.wanted();
	}

	@Override
	public void start() {
		Duration shutdownTimeout = this.engine.settings().shutdownTimeout();
		if (this.phaseTimeout != null && this.phaseTimeout.compareTo(shutdownTimeout) < 0) {
			logger.warn("spring.lifecycle.timeout-per-shutdown-phase (" + this.phaseTimeout
					+ ") is shorter than taskqueue.shutdown.timeout (" + shutdownTimeout
					+ "): on shutdown, the web server and other components may stop while tasks still run. "
					+ "Set spring.lifecycle.timeout-per-shutdown-phase to at least " + shutdownTimeout + ".");
		}
		this.springEvents.lookForListeners(this.context);
		if (this.springEvents.wanted()) {
			this.engine.addListener(this.springEvents);
		}
		this.engine.start();
	}

	@Override
	public void stop(Runnable callback) {
		Thread thread = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, "taskqueue-shutdown");
		thread.start();
	}

	/**
	 * Stops the engine; then, while task events are published as application events,
	 * waits up to {@link #WORKER_STOPS_WAIT} for this instance's {@code worker-stopped}
	 * events to come back through the backend before it stops publishing.
	 */
	@Override
	public void stop() {
		boolean awaitStops = this.springEvents.wanted() && this.engine.isRunning();
		if (awaitStops) {
			this.engine.instanceId().ifPresent((id) -> this.springEvents.expectWorkerStops(id, announcedWorkers()));
		}
		try {
			this.engine.stop();
			if (awaitStops) {
				this.springEvents.awaitWorkerStops(WORKER_STOPS_WAIT);
			}
		}
		finally {
			this.engine.removeListener(this.springEvents);
		}
	}

	/**
	 * The queues whose workers' stops will be announced: only those of queues the backend
	 * knows (that hold or held tasks) are; waiting for the others would always time out.
	 */
	private List<String> announcedWorkers() {
		Set<String> known;
		try {
			known = Set.copyOf(this.engine.backend().queues());
		}
		catch (RuntimeException ex) {
			return List.of(); // the backend is away: the stops are not announced either
		}
		return this.engine.workerStates().stream().map(WorkerState::queue).filter(known::contains).toList();
	}

	@Override
	public boolean isRunning() {
		return this.engine.isRunning();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
