package dev.taskqueue.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.taskqueue.Task;
import dev.taskqueue.TaskError;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.UnknownTaskTypeException;
import dev.taskqueue.spi.ClaimedTask;

/**
 * What an engine does with a task it claimed but has no handler for, as when a rolling
 * deploy adds a type: an upgraded instance enqueues it and an old one, which runs other
 * types of the queue, claims it. The task is handed back for an instance that has the
 * handler, without counting an attempt, and stays out of reach for
 * {@link #HAND_BACK_DELAY}, so that this engine, which claims from the queue all the
 * time, does not take it straight back; then it waits at its place again, ahead of the
 * tasks that became ready after it. Each such task costs one claim and one hand-back
 * every {@link #HAND_BACK_DELAY} however many instances lack the handler.
 * <p>
 * The bound: the {@code (MAX_HAND_BACKS + 1)}th hand-back of a task fails it, with an
 * error saying that no instance has a handler for its type. {@value #MAX_HAND_BACKS}
 * hand-backs of {@link #HAND_BACK_DELAY} take an hour at least: far longer than a rolling
 * deploy, and so many chances that a task is very unlikely to fail while some instance
 * has its handler, even a single canary among dozens of old instances (each chance goes
 * to whichever instance claims first). It is counted in hand-backs rather than in time so
 * that a task in a busy queue, which waits longer for each chance, gets as many. A type
 * that no instance handles any more (its handler was removed while tasks of it remained)
 * fails after that hour.
 * <p>
 * Logged at WARN once per type per {@link #WARN_INTERVAL} (with the number of hand-backs
 * left out meanwhile), not once per task. Thread-safe.
 */
final class UnhandledTasks {

	private static final System.Logger logger = System.getLogger(UnhandledTasks.class.getName());

	/** How long a handed-back task cannot be claimed. */
	static final Duration HAND_BACK_DELAY = Duration.ofSeconds(5);

	/** How many times a task may be handed back before it fails. */
	static final int MAX_HAND_BACKS = 720;

	/** The shortest interval between two warnings about one type. */
	static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

	private final EngineServices services;

	private final Scheduler scheduler;

	private final Map<String, Warnings> warnings = new ConcurrentHashMap<>();

	UnhandledTasks(EngineServices services, Scheduler scheduler) {
		this.services = services;
		this.scheduler = scheduler;
	}

	/**
	 * Hands a claimed task whose type has no handler here back to the backend.
	 * @param claim the claim
	 */
	void handBack(ClaimedTask claim) {
		Task task = claim.task();
		Instant notBefore = this.services.clock().instant().plus(HAND_BACK_DELAY);
		TaskError error = new TaskError(
				"no instance has a handler for type '" + task.type() + "': handed back " + MAX_HAND_BACKS
						+ " times by instances without one (queue '" + task.queue() + "')",
				UnknownTaskTypeException.class.getName(), null);
		TaskStatus status;
		try {
			status = this.services.backend().handBack(claim, notBefore, MAX_HAND_BACKS, error);
		}
		catch (RuntimeException ex) {
			logger.log(Level.WARNING, "Could not hand back task " + task.id() + " of type '" + task.type()
					+ "', which has no handler here; it will be recovered when its lease expires: " + ex);
			return;
		}
		if (status == TaskStatus.DELAYED) {
			this.scheduler.dueAt(notBefore);
			warn(task);
		}
		else if (status == TaskStatus.FAILED) {
			logger.log(Level.WARNING, "Task " + task.id() + " failed: " + error.message());
		}
	}

	private void warn(Task task) {
		int skipped = this.warnings.computeIfAbsent(task.type(), (type) -> new Warnings()).due(System.nanoTime());
		if (skipped < 0) {
			return;
		}
		String since = (skipped > 0) ? " " + skipped + " other hand-back(s) of this type since the last warning." : "";
		logger.log(Level.WARNING,
				"No handler for task type ''{0}'' on this instance: handed task {1} of queue ''{2}'' back for an "
						+ "instance that has one (claimable again in {3} s; a task fails after {4} hand-backs). "
						+ "Warned at most every {5} s per type.{6}",
				task.type(), task.id(), task.queue(), HAND_BACK_DELAY.toSeconds(), MAX_HAND_BACKS,
				WARN_INTERVAL.toSeconds(), since);
	}

	/** When the warnings about one type are due, and how many were left out. */
	private static final class Warnings {

		private long nextNanos;

		private boolean warned;

		private int skipped;

		/**
		 * Notes a hand-back.
		 * @param now {@link System#nanoTime()}
		 * @return how many were left out since the last warning if one is due now, else
		 * -1
		 */
		synchronized int due(long now) {
			if (this.warned && now - this.nextNanos < 0) {
				this.skipped++;
				return -1;
			}
			this.warned = true;
			this.nextNanos = now + WARN_INTERVAL.toNanos();
			int left = this.skipped;
			this.skipped = 0;
			return left;
		}

	}

}
