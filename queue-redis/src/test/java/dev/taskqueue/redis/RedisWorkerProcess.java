package dev.taskqueue.redis;

import java.time.Duration;
import java.util.Map;

import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.HandlerDefinition;
import dev.taskqueue.engine.TaskEngine;

/**
 * An application instance in a JVM of its own, for crash tests: runs the {@code job}
 * handler of queue {@code jobs} against the Redis at the given host and port as
 * application {@code worker-jvm}, prints {@code instance <id>} and {@code ready} once
 * started and {@code started <id>} when a task starts, and then blocks for a long time,
 * until it is killed.
 */
public final class RedisWorkerProcess {

	private RedisWorkerProcess() {
	}

	/**
	 * Runs the instance.
	 * @param args host, port, lease in milliseconds, and optionally the heartbeat
	 * interval in milliseconds
	 * @throws InterruptedException never in practice: the process is killed
	 */
	public static void main(String[] args) throws InterruptedException {
		RedisTaskBackend backend = ChildJvm.backend(args[0], args[1]);
		Duration heartbeat = (args.length > 3) ? Duration.ofMillis(Long.parseLong(args[3]))
				: EngineSettings.defaults().heartbeatInterval();
		TaskEngine engine = TaskEngine.builder()
			.backend(backend)
			.applicationName("worker-jvm")
			.settings(EngineSettings.defaults()
				.withConcurrency(1, Map.of())
				.withLease(Duration.ofMillis(Long.parseLong(args[2])), 2)
				.withHeartbeatInterval(heartbeat))
			.handler(HandlerDefinition.of("job", "jobs", (payload, context) -> {
				System.out.println("started " + context.taskId());
				System.out.flush();
				Thread.sleep(600_000);
				return "never";
			}))
			.build();
		engine.start();
		System.out.println("instance " + engine.instanceId().orElseThrow());
		System.out.println("ready");
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
