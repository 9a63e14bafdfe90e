package dev.taskqueue.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventListener;
import dev.taskqueue.event.TaskEventType;
import dev.taskqueue.memory.InMemoryTaskBackend;
import dev.taskqueue.spi.RetentionPolicy;
import dev.taskqueue.testing.SettableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's one event pipeline: explicit demand handed to the backend, delivery by
 * type and in order, the event thread only while someone listens, local listeners apart.
 */
class EngineEventsTests {

	private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final InMemoryTaskBackend memory = new InMemoryTaskBackend(this.clock, RetentionPolicy.defaults());

	/** What the engine asked the backend for, call by call. */
	private final List<Set<TaskEventType>> demands = new CopyOnWriteArrayList<>();

	private final ForwardingTaskBackend backend = new ForwardingTaskBackend(this.memory) {

		@Override
		public void deliverEvents(Consumer<TaskEvent> sink, Set<TaskEventType> types) {
			EngineEventsTests.this.demands.add(Set.copyOf(types));
			super.deliverEvents(sink, types);
		}

	};

	private final EngineEvents events = new EngineEvents(this.backend, this.clock);

	@AfterEach
	void close() {
		this.memory.close();
	}

	@Test
	void theBackendIsAskedForTheUnionOfWhatListenersWant() {
		TaskEventListener pauses = (event) -> {
		};
		TaskEventListener cancellations = (event) -> {
		};
		this.events.addListener(pauses, EnumSet.of(TaskEventType.PAUSED));
		this.events.addListener(cancellations, EnumSet.of(TaskEventType.CANCELLED, TaskEventType.REMOVED));

		assertThat(this.demands).last()
			.isEqualTo(EnumSet.of(TaskEventType.PAUSED, TaskEventType.CANCELLED, TaskEventType.REMOVED));

		this.events.removeListener(pauses);
		assertThat(this.demands).last().isEqualTo(EnumSet.of(TaskEventType.CANCELLED, TaskEventType.REMOVED));
		this.events.removeListener(cancellations);
		assertThat(this.demands).last().isEqualTo(Set.of());
	}

	@Test
	void listenersHearOnlyTheirTypesInOrder() {
		List<TaskEventType> all = new CopyOnWriteArrayList<>();
		List<TaskEventType> resumes = new CopyOnWriteArrayList<>();
		this.events.addListener((event) -> all.add(event.type()), EnumSet.allOf(TaskEventType.class));
		this.events.addListener((event) -> resumes.add(event.type()), EnumSet.of(TaskEventType.RESUMED));

		for (int i = 0; i < 100; i++) {
			this.memory.setPaused("q", true);
			this.memory.setPaused("q", false);
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> all.size() == 200);
		for (int i = 0; i < 200; i++) {
			assertThat(all.get(i)).isEqualTo((i % 2 == 0) ? TaskEventType.PAUSED : TaskEventType.RESUMED);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> resumes.size() == 100);
		assertThat(resumes).containsOnly(TaskEventType.RESUMED);
	}

	@Test
	void aFailingListenerDoesNotStopTheOthers() {
		List<TaskEventType> heard = new CopyOnWriteArrayList<>();
		this.events.addListener((event) -> {
			throw new IllegalStateException("listener bug");
		}, EnumSet.allOf(TaskEventType.class));
		this.events.addListener((event) -> heard.add(event.type()), EnumSet.allOf(TaskEventType.class));

		this.memory.setPaused("q", true);
		this.memory.setPaused("q", false);

		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(heard).containsExactly(TaskEventType.PAUSED, TaskEventType.RESUMED));
	}

	@Test
	void theEventThreadRunsOnlyWhileSomeoneListens() {
		long before = eventThreads();
		TaskEventListener listener = (event) -> {
		};
		this.events.addListener(listener, EnumSet.of(TaskEventType.PAUSED));
		assertThat(eventThreads()).isEqualTo(before + 1);

		this.events.removeListener(listener);

		await().atMost(Duration.ofSeconds(10)).until(() -> eventThreads() == before);
	}

	@Test
	void localListenersHearThisEnginesChangesOnItsThreadWithoutTheBackend() {
		List<String> heard = new CopyOnWriteArrayList<>();
		TaskEngine engine = TaskEngine.builder()
			.backend(this.backend)
			.clock(this.clock)
			.handler(HandlerDefinition.of("t", "q", (payload, context) -> null))
			.build();
		engine.addLocalListener((event) -> heard.add(event.type().value() + "@" + Thread.currentThread().getName()),
				EnumSet.of(TaskEventType.ADDED));
		engine.enqueue("t", null);

		assertThat(heard).containsExactly("added@" + Thread.currentThread().getName());
		assertThat(this.demands).isEmpty();
	}

	private static long eventThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("taskqueue-events") && thread.isAlive())
			.count();
	}

}
