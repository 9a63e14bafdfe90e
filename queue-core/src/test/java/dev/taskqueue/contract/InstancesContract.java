package dev.taskqueue.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.taskqueue.TaskInstance;
import dev.taskqueue.TaskInstance.Worker;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.engine.EngineSettings;
import dev.taskqueue.engine.TaskEngine;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The registry of running engines: every started engine is listed by every engine sharing
 * the backend, with its queues and running tasks, until it stops (at once) or its
 * heartbeats stop (after their time to live, by the backend's clock).
 */
public abstract class InstancesContract extends ContractTestSupport {

	/** Short, so that running counts show soon after they change. */
	private static final Duration FAST_HEARTBEATS = Duration.ofMillis(100);

	protected InstancesContract(TaskQueueContractTests suite) {
		super(suite);
	}

	@Test
	void everyRunningEngineIsListedWithItsQueuesAndTheTasksItRuns() {
		Gate gate = new Gate();
		EngineSettings settings = settings().withHeartbeatInterval(FAST_HEARTBEATS);
		TaskEngine billing = newEngine(backend(), settings, "billing",
				handler("email", "emails", 3, (payload, context) -> {
					gate.pass();
					return null;
				}));
		TaskEngine reporting = newEngine(peerBackend(), settings, "reporting",
				handler("report", "reports", 2, (payload, context) -> {
					gate.pass();
					return null;
				}));
		billing.start();
		Instant reportingStart = this.clock.advance(Duration.ofSeconds(1));
		reporting.start();
		try {
			billing.enqueue("email", 1);
			billing.enqueue("email", 2);
			reporting.enqueue("report", 3);

			for (TaskQueue view : List.of(billing, reporting)) {
				await().untilAsserted(() -> assertThat(view.instances()).satisfiesExactly(
						(instance) -> assertListed(instance, billing, "billing", START, new Worker("emails", 3, 2)),
						(instance) -> assertListed(instance, reporting, "reporting", reportingStart,
								new Worker("reports", 2, 1))));
			}
			gate.open();
			await().untilAsserted(() -> assertThat(billing.instances()).extracting(TaskInstance::queues)
				.containsExactly(List.of(new Worker("emails", 3, 0)), List.of(new Worker("reports", 2, 0))));
		}
		finally {
			gate.open();
		}
	}

	@Test
	void anEngineWithoutWorkersIsListedWithNoQueues() {
		TaskEngine producer = newEngine(backend(), settings().withWorkerEnabled(false), "producer",
				handler("email", "emails", 3, (payload, context) -> null));
		producer.start();

		await().untilAsserted(() -> assertThat(producer.instances()).singleElement()
			.satisfies((instance) -> assertListed(instance, producer, "producer", START)));
	}

	@Test
	void aStoppedEngineLeavesAtOnceAndARestartIsANewInstance() {
		TaskEngine staying = startEngine(handler("email", "emails", 1, (payload, context) -> null));
		TaskEngine leaving = newEngine(peerBackend(), settings(),
				handler("report", "reports", 1, (payload, context) -> null));
		leaving.start();
		String firstId = leaving.instanceId().orElseThrow();
		await().untilAsserted(() -> assertThat(staying.instances()).extracting(TaskInstance::id)
			.containsExactlyInAnyOrder(staying.instanceId().orElseThrow(), firstId));

		leaving.stop();

		assertThat(staying.instances()).extracting(TaskInstance::id)
			.containsExactly(staying.instanceId().orElseThrow());
		assertThat(leaving.instanceId()).isEmpty();
		Instant restart = this.clock.advance(Duration.ofSeconds(5));
		leaving.start();
		String secondId = leaving.instanceId().orElseThrow();
		assertThat(secondId).isNotEqualTo(firstId);
		await()
			.untilAsserted(() -> assertThat(staying.instances()).extracting(TaskInstance::id, TaskInstance::startedAt)
				.containsExactly(tuple(staying.instanceId().orElseThrow(), START), tuple(secondId, restart)));
	}

	@Test
	void anInstanceWhoseHeartbeatsStoppedIsListedUntilItsRecordExpires() {
		Duration ttl = Duration.ofSeconds(15);
		TaskInstance killed = new TaskInstance("other-host-4242-k1ll3d00", "billing", "other-host", 4242, "0.0.9",
				START.minusSeconds(3600), START, List.of(new Worker("emails", 5, 1), new Worker("reports", 2, 0)));
		backend().heartbeat(killed, ttl);
		TaskEngine survivor = startEngine(settings().withHeartbeatInterval(Duration.ofSeconds(5)),
				handler("email", "emails", 1, (payload, context) -> null));
		String survivorId = survivor.instanceId().orElseThrow();
		await().untilAsserted(() -> assertThat(survivor.instances()).extracting(TaskInstance::id)
			.containsExactly(killed.id(), survivorId));
		assertThat(survivor.instances().get(0)).as("the record as written").isEqualTo(killed);

		// the survivor's heartbeat keeps it listed past the killed one's expiry
		advance(Duration.ofSeconds(10), survivor);
		await().untilAsserted(() -> assertThat(survivor.instances()).last()
			.extracting(TaskInstance::lastHeartbeat)
			.isEqualTo(START.plusSeconds(10)));
		this.clock.set(START.plus(ttl).minusMillis(1));
		assertThat(survivor.instances()).extracting(TaskInstance::id).containsExactly(killed.id(), survivorId);

		this.clock.set(START.plus(ttl));

		assertThat(survivor.instances()).extracting(TaskInstance::id).containsExactly(survivorId);
		assertThat(peerBackend().instances()).extracting(TaskInstance::id).containsExactly(survivorId);
	}

	@Test
	void aHeartbeatReplacesTheRecordOfItsIdAndLeavingRemovesIt() {
		TaskInstance first = new TaskInstance("host-1-aaaaaaaa", "billing", "host", 1, "1.0.0", START, START,
				List.of(new Worker("emails", 5, 1)));
		TaskInstance second = new TaskInstance("host-2-bbbbbbbb", "billing", "host", 2, "1.0.0", START, START,
				List.of());
		TaskInstance firstLater = new TaskInstance(first.id(), "billing", "host", 1, "1.0.0", START,
				START.plusSeconds(5), List.of(new Worker("emails", 5, 4)));
		TaskEngine reader = newEngine(backend(), settings());
		backend().heartbeat(second, Duration.ofMinutes(1));
		backend().heartbeat(first, Duration.ofMinutes(1));
		this.clock.advance(Duration.ofSeconds(5));

		backend().heartbeat(firstLater, Duration.ofMinutes(1));

		assertThat(reader.instances()).as("the same start time, by id").containsExactly(firstLater, second);
		backend().leave("never-started");
		peerBackend().leave(first.id());
		assertThat(reader.instances()).containsExactly(second);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(reader.instances()).isEmpty();
		for (Duration wrong : new Duration[] { null, Duration.ZERO, Duration.ofMillis(-1) }) {
			assertThatIllegalArgumentException().isThrownBy(() -> backend().heartbeat(first, wrong));
		}
		assertThat(reader.instances()).isEmpty();
	}

	private static void assertListed(TaskInstance instance, TaskEngine engine, String application, Instant startedAt,
			Worker... queues) {
		long pid = ProcessHandle.current().pid();
		assertThat(instance.id()).isEqualTo(engine.instanceId().orElseThrow())
			.startsWith(instance.host() + "-" + pid + "-");
		assertThat(instance.application()).isEqualTo(application);
		assertThat(instance.host()).isNotBlank();
		assertThat(instance.pid()).isEqualTo(pid);
		assertThat(instance.version()).isEqualTo(expectedVersion());
		assertThat(instance.startedAt()).isEqualTo(startedAt);
		assertThat(instance.lastHeartbeat()).isAfterOrEqualTo(startedAt);
		assertThat(instance.queues()).containsExactly(queues);
	}

	/** The queue-core jar's version, or {@code development} when run from classes. */
	private static String expectedVersion() {
		return Optional.ofNullable(TaskQueue.class.getPackage().getImplementationVersion()).orElse("development");
	}

}
