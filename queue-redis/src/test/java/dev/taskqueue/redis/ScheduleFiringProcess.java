package dev.taskqueue.redis;

import java.time.Duration;

import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;

/**
 * An application instance in a JVM of its own that declares a schedule, for crash tests:
 * declares schedule {@code id} (every {@code interval} milliseconds, tasks of type
 * {@code tick} in queue {@code ticks}) against the Redis at the given host and port, as
 * every instance of an application with {@code @Recurring} does at start-up, prints
 * {@code ready}, and then fires due times with the others until it is killed.
 */
public final class ScheduleFiringProcess {

	private ScheduleFiringProcess() {
	}

	/**
	 * Runs the instance.
	 * @param args host, port, schedule id, interval in milliseconds
	 * @throws InterruptedException never in practice: the process is killed
	 */
	public static void main(String[] args) throws InterruptedException {
		RedisTaskBackend backend = ChildJvm.backend(args[0], args[1]);
		TaskEngine engine = TaskEngine.builder()
			.backend(backend)
			.applicationName("schedule-jvm")
			.settings(EngineSettings.defaults().withWorkerEnabled(false))
			.handler(HandlerDefinition.of("tick", "ticks", (payload, context) -> null))
			.build();
		engine.upsertSchedule(declared(args[2], Duration.ofMillis(Long.parseLong(args[3]))));
		engine.start();
		System.out.println("ready");
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

	/**
	 * The schedule every instance declares.
	 * @param id its id
	 * @param every its interval
	 * @return the request
	 */
	static ScheduleRequest declared(String id, Duration every) {
		return ScheduleRequest.builder(id, "tick")
			.every(every)
			.options(TaskOptions.builder().queue("ticks").build())
			.declared(true)
			.build();
	}

}
