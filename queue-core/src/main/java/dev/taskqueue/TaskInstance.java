package dev.taskqueue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A running engine sharing the backend, as its last heartbeat announced it: who it is and
 * which queues it works on. Every started engine announces itself every
 * {@code heartbeat-interval}; its record disappears at once when it stops gracefully, and
 * three intervals after its last heartbeat when it dies. Immutable.
 *
 * @param id unique per start of an engine ({@code <host>-<pid>-<random>})
 * @param application the application's name ({@code spring.application.name} under Spring
 * Boot)
 * @param host the host name of the machine it runs on
 * @param pid the operating system's id of its process
 * @param version the task queue's version it runs, or {@code development} when it runs
 * from classes rather than the released jar
 * @param startedAt when the engine started
 * @param lastHeartbeat when it last announced itself
 * @param queues its workers, one per queue, sorted by queue; empty when its workers are
 * disabled
 */
public record TaskInstance(String id, String application, String host, long pid, String version, Instant startedAt,
		Instant lastHeartbeat, List<Worker> queues) {

	/**
	 * Checks that nothing is missing and copies the list.
	 * @param id the id
	 * @param application the application
	 * @param host the host
	 * @param pid the process id
	 * @param version the version
	 * @param startedAt the start
	 * @param lastHeartbeat the last heartbeat
	 * @param queues the workers
	 */
	public TaskInstance {
		Objects.requireNonNull(id, "id must not be null");
		Objects.requireNonNull(application, "application must not be null");
		Objects.requireNonNull(host, "host must not be null");
		Objects.requireNonNull(version, "version must not be null");
		Objects.requireNonNull(startedAt, "startedAt must not be null");
		Objects.requireNonNull(lastHeartbeat, "lastHeartbeat must not be null");
		queues = List.copyOf(queues);
	}

	/**
	 * An instance's worker of one queue, at its last heartbeat.
	 *
	 * @param queue the queue
	 * @param concurrency the most tasks it runs at once
	 * @param running the tasks it was running
	 */
	public record Worker(String queue, int concurrency, int running) {

		/**
		 * Checks the queue.
		 * @param queue the queue
		 * @param concurrency the concurrency
		 * @param running the running tasks
		 */
		public Worker {
			Objects.requireNonNull(queue, "queue must not be null");
		}

	}

}
