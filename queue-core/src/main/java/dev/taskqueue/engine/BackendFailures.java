package dev.taskqueue.engine;

import java.lang.System.Logger.Level;

import dev.taskqueue.TaskQueueUnavailableException;

/**
 * How loudly the engine reports a failed backend call. A backend that cannot be reached
 * reports its outage itself, once when it starts and once when it ends; the engine's
 * threads, which retry on their own, then note each failed call at DEBUG only, instead of
 * a warning per call and per second for as long as the outage lasts.
 */
final class BackendFailures {

	private BackendFailures() {
	}

	/**
	 * The level for a failed backend call.
	 * @param failure the failure
	 * @return DEBUG for a backend that cannot be reached, else WARNING
	 */
	static Level level(Throwable failure) {
		return (failure instanceof TaskQueueUnavailableException) ? Level.DEBUG : Level.WARNING;
	}

}
