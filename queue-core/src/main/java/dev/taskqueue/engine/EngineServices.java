package dev.taskqueue.engine;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;

import dev.taskqueue.spi.TaskBackend;
import tools.jackson.databind.ObjectMapper;

/**
 * What the parts of one engine share.
 *
 * @param backend the backend
 * @param handlers the handlers
 * @param settings the settings
 * @param factory makes new tasks and next occurrences
 * @param mapper JSON
 * @param clock the time
 * @param timer runs timeouts, progress flushes and housekeeping
 * @param events the way events reach this engine's listeners
 */
record EngineServices(TaskBackend backend, HandlerRegistry handlers, EngineSettings settings, TaskFactory factory,
		ObjectMapper mapper, Clock clock, ScheduledExecutorService timer, EngineEvents events) {

}
