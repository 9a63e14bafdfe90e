package dev.taskqueue.engine;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.taskqueue.TaskInstance;

/**
 * Announces a started engine to its backend: writes its record ({@link TaskInstance}) at
 * start and every heartbeat interval on the engine's timer, never on a worker nor a
 * caller's thread, and removes it at once when the engine stops. One backend call per
 * interval, whatever the engine runs; none per task. A heartbeat that fails is logged and
 * tried again at the next interval (the record stays listed for
 * {@value EngineSettings#HEARTBEATS_TO_EXPIRY} intervals). Thread-safe.
 */
final class InstanceHeartbeat {

	/** The order of {@link TaskEngine#instances()}: by start time, then id. */
	static final Comparator<TaskInstance> LISTING_ORDER = Comparator.comparing(TaskInstance::startedAt)
		.thenComparing(TaskInstance::id);

	private static final System.Logger logger = System.getLogger(InstanceHeartbeat.class.getName());

	private static final char[] ID_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

	private static final int ID_RANDOM_LENGTH = 8;

	private final EngineServices services;

	private final String application;

	private final Supplier<List<WorkerState>> workers;

	private final SecureRandom random = new SecureRandom();

	/**
	 * The record of the current start, or {@code null} while stopped; guarded by this.
	 */
	private TaskInstance current;

	private ScheduledFuture<?> future;

	private volatile String id;

	/**
	 * Creates the heartbeat of an engine.
	 * @param services the engine's services
	 * @param application the application's name
	 * @param workers the engine's workers now
	 */
	InstanceHeartbeat(EngineServices services, String application, Supplier<List<WorkerState>> workers) {
		this.services = services;
		this.application = application;
		this.workers = workers;
	}

	/**
	 * Makes the id of a new start, without a heartbeat yet; {@link #start()} then starts
	 * them under it.
	 */
	synchronized void newId() {
		ProcessIdentity process = ProcessIdentity.current();
		Instant now = this.services.clock().instant();
		String newId = process.host() + "-" + process.pid() + "-" + randomPart();
		this.current = new TaskInstance(newId, this.application, process.host(), process.pid(), process.version(), now,
				now, List.of());
		this.id = newId;
	}

	/**
	 * Starts the heartbeats, the first at once, under the id {@link #newId()} made (or a
	 * new one).
	 */
	synchronized void start() {
		if (this.current == null) {
			newId();
		}
		long every = this.services.settings().heartbeatInterval().toMillis();
		this.future = this.services.timer().scheduleWithFixedDelay(this::beat, 0, every, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops the heartbeats and removes the record; waits for a heartbeat being written,
	 * so that none lands after the removal.
	 */
	synchronized void stop() {
		if (this.future != null) {
			this.future.cancel(false);
			this.future = null;
		}
		TaskInstance leaving = this.current;
		this.current = null;
		this.id = null;
		if (leaving == null) {
			return;
		}
		try {
			this.services.backend().leave(leaving.id());
		}
		catch (RuntimeException ex) {
			logger.log(BackendFailures.level(ex),
					"Could not remove the record of instance " + leaving.id() + " (it expires by itself): " + ex);
		}
	}

	/** Writes a heartbeat now, on the timer (a test moved its clock). */
	synchronized void runNow() {
		if (this.current == null) {
			return;
		}
		try {
			this.services.timer().execute(this::beat);
		}
		catch (RejectedExecutionException ex) {
			// the timer is gone: nothing to announce
		}
	}

	/**
	 * The id of the current start.
	 * @return the id, or empty while stopped
	 */
	Optional<String> id() {
		return Optional.ofNullable(this.id);
	}

	private synchronized void beat() {
		TaskInstance last = this.current;
		if (last == null) {
			return;
		}
		List<TaskInstance.Worker> queues = new ArrayList<>();
		for (WorkerState worker : this.workers.get()) {
			queues.add(new TaskInstance.Worker(worker.queue(), worker.concurrency(), worker.active()));
		}
		queues.sort(Comparator.comparing(TaskInstance.Worker::queue));
		TaskInstance record = new TaskInstance(last.id(), last.application(), last.host(), last.pid(), last.version(),
				last.startedAt(), this.services.clock().instant(), queues);
		try {
			this.services.backend().heartbeat(record, this.services.settings().instanceTtl());
			this.current = record;
		}
		catch (RuntimeException ex) {
			logger.log(BackendFailures.level(ex), "Could not announce instance " + record.id() + ": " + ex);
		}
	}

	private String randomPart() {
		char[] chars = new char[ID_RANDOM_LENGTH];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = ID_ALPHABET[this.random.nextInt(ID_ALPHABET.length)];
		}
		return new String(chars);
	}

}
