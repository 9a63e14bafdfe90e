package dev.taskqueue.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.taskqueue.TaskInstance;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.TaskQueueUnavailableException;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.RetentionPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The engine's heartbeat: what it costs, what it survives, and its settings.
 */
class InstanceHeartbeatTests {

	private final InMemoryTaskBackend memory = new InMemoryTaskBackend(Clock.systemUTC(), RetentionPolicy.defaults());

	private final List<TaskEngine> engines = new ArrayList<>();

	@AfterEach
	void stopEngines() {
		this.engines.forEach(TaskEngine::stop);
	}

	@Test
	void aHeartbeatIsOneBackendCallPerIntervalAndNonePerTask() {
		CountingBackend backend = new CountingBackend(this.memory, 0);
		TaskEngine engine = start(backend, Duration.ofMinutes(10));
		List<String> ids = new ArrayList<>();

		for (int i = 0; i < 300; i++) {
			ids.add(engine.enqueue("job", i));
		}

		await()
			.until(() -> ids.stream().allMatch((id) -> engine.get(id).orElseThrow().status() == TaskStatus.COMPLETED));
		assertThat(backend.heartbeats).as("the one at start").hasValue(1);
		engine.stop();
		assertThat(backend.leaves).hasValue(1);
		assertThat(this.memory.instances()).isEmpty();
	}

	@Test
	void aFailedHeartbeatIsTriedAgainAtTheNextIntervalWhileTasksRun() {
		CountingBackend backend = new CountingBackend(this.memory, 3);
		TaskEngine engine = start(backend, Duration.ofMillis(100));
		String id = engine.enqueue("job", 1);

		await().untilAsserted(() -> assertThat(engine.instances()).extracting(TaskInstance::id)
			.containsExactly(engine.instanceId().orElseThrow()));
		assertThat(backend.heartbeats).hasValueGreaterThanOrEqualTo(4);
		await().until(() -> engine.get(id).orElseThrow().status() == TaskStatus.COMPLETED);
	}

	@Test
	void aStopThatCannotReachTheBackendStillStops() {
		CountingBackend backend = new CountingBackend(this.memory, 0) {

			@Override
			public void leave(String id) {
				super.leave(id);
				throw new TaskQueueUnavailableException("Redis is unreachable", null);
			}

		};
		TaskEngine engine = start(backend, Duration.ofMinutes(1));
		await().until(() -> !this.memory.instances().isEmpty());

		engine.stop();

		assertThat(engine.isRunning()).isFalse();
		assertThat(engine.instanceId()).isEmpty();
		assertThat(backend.leaves).hasValue(1);
	}

	@Test
	void theIntervalIsBetween100MillisecondsAnd10MinutesAndRecordsLiveThreeOfThem() {
		EngineSettings defaults = EngineSettings.defaults();
		assertThat(defaults.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(defaults.instanceTtl()).isEqualTo(Duration.ofSeconds(15));
		assertThat(defaults.withHeartbeatInterval(Duration.ofMillis(100)).instanceTtl())
			.isEqualTo(Duration.ofMillis(300));
		assertThat(defaults.withHeartbeatInterval(Duration.ofMinutes(10)).heartbeatInterval())
			.isEqualTo(Duration.ofMinutes(10));
		for (Duration wrong : new Duration[] { null, Duration.ZERO, Duration.ofMillis(99), Duration.ofSeconds(-5),
				Duration.ofMinutes(10).plusNanos(1), Duration.ofSeconds(Long.MAX_VALUE) }) {
			assertThatIllegalArgumentException().isThrownBy(() -> defaults.withHeartbeatInterval(wrong))
				.withMessage("heartbeat interval must be between 100ms and 10min, was " + wrong);
		}
	}

	@Test
	void theApplicationNameMustNotBeBlank() {
		for (String wrong : new String[] { null, "", "  " }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> TaskEngine.builder().backend(this.memory).applicationName(wrong).build())
				.withMessageContaining("application name must not be blank");
		}
	}

	@Test
	void theVersionIsTheJarsOrDevelopmentWhenRunFromClasses() {
		assertThat(ProcessIdentity.versionOf(null)).isEqualTo("development");
		assertThat(TaskQueue.class.getProtectionDomain().getCodeSource().getLocation().getPath())
			.as("queue-core's own tests run from classes")
			.endsWith("/classes/");
		assertThat(ProcessIdentity.versionOf(TaskQueue.class.getPackage())).isEqualTo("development");
		assertThat(ProcessIdentity.current().pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(ProcessIdentity.current().host()).isNotBlank();
	}

	private TaskEngine start(CountingBackend backend, Duration heartbeatInterval) {
		TaskEngine engine = TaskEngine.builder()
			.backend(backend)
			.settings(EngineSettings.defaults()
				.withHeartbeatInterval(heartbeatInterval)
				.withShutdownTimeout(Duration.ofMillis(200)))
			.handler(HandlerDefinition.of("job", "jobs", (payload, context) -> null))
			.build();
		this.engines.add(engine);
		engine.start();
		return engine;
	}

	/** Counts heartbeats and leaves; the first {@code failing} heartbeats fail. */
	private static class CountingBackend extends ForwardingTaskBackend {

		final AtomicInteger heartbeats = new AtomicInteger();

		final AtomicInteger leaves = new AtomicInteger();

		private final int failing;

		CountingBackend(InMemoryTaskBackend delegate, int failing) {
			super(delegate);
			this.failing = failing;
		}

		@Override
		public void heartbeat(TaskInstance instance, Duration ttl) {
			if (this.heartbeats.incrementAndGet() <= this.failing) {
				throw new TaskQueueUnavailableException("Redis is unreachable", null);
			}
			super.heartbeat(instance, ttl);
		}

		@Override
		public void leave(String id) {
			this.leaves.incrementAndGet();
			super.leave(id);
		}

	}

}
