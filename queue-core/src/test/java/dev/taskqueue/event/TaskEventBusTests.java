package dev.taskqueue.event;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery order, failing listeners and interest by event type.
 */
class TaskEventBusTests {

	private final TaskEventBus bus = new TaskEventBus(100);

	@AfterEach
	void close() {
		this.bus.close();
	}

	@Test
	void listenersGetOnlyTheTypesTheyAccept() {
		List<TaskEventType> all = new CopyOnWriteArrayList<>();
		List<TaskEventType> cancellations = new CopyOnWriteArrayList<>();
		this.bus.addListener((event) -> all.add(event.type()));
		this.bus.addListener(new TaskEventListener() {

			@Override
			public void onEvent(TaskEvent event) {
				cancellations.add(event.type());
			}

			@Override
			public boolean accepts(TaskEventType type) {
				return type == TaskEventType.CANCELLED;
			}

		});

		for (TaskEventType type : List.of(TaskEventType.ADDED, TaskEventType.CANCELLED, TaskEventType.PAUSED)) {
			this.bus.publish(TaskEvent.ofQueue(type, "q", Instant.now()));
		}

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(all).containsExactly(TaskEventType.ADDED, TaskEventType.CANCELLED,
					TaskEventType.PAUSED));
		assertThat(cancellations).containsExactly(TaskEventType.CANCELLED);
	}

	@Test
	void wantsOnlyTypesSomeListenerAccepts() {
		assertThat(this.bus.wants(TaskEventType.ADDED)).isFalse();
		this.bus.addListener(new TaskEventListener() {

			@Override
			public void onEvent(TaskEvent event) {
			}

			@Override
			public boolean accepts(TaskEventType type) {
				return type == TaskEventType.REMOVED;
			}

		});

		assertThat(this.bus.wants(TaskEventType.REMOVED)).isTrue();
		assertThat(this.bus.wants(TaskEventType.ADDED)).isFalse();
	}

}
