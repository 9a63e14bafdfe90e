package dev.taskqueue.test;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tester with real workers: awaitIdle waits for them, and advanceClock wakes the
 * engine so that what became due runs without a runDue.
 */
@SpringBootTest(classes = TesterTestApplication.class)
class TaskQueueTesterWorkersTests {

	@Autowired
	TaskQueueTester tester;

	@Autowired
	TaskQueue taskQueue;

	@Autowired
	TesterTestApplication.Handlers handlers;

	@Test
	void awaitIdleWaitsForTheWorkers() {
		String id = this.taskQueue.enqueue("fan-out", 3);

		this.tester.awaitIdle(Duration.ofSeconds(10));

		assertThat(this.taskQueue.get(id).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
		this.tester.assertThat()
			.hasEnqueued("record")
			.withStatus(TaskStatus.COMPLETED)
			.times(3)
			.and()
			.hasEnqueued("record")
			.withStatus(TaskStatus.DELAYED)
			.single();
	}

	@Test
	void advanceClockLetsTheWorkersRunWhatBecameDue() {
		String id = this.taskQueue.enqueue("record", "in an hour",
				TaskOptions.builder().delay(Duration.ofHours(1)).build());
		this.tester.awaitIdle(Duration.ofSeconds(10));
		assertThat(this.taskQueue.get(id).orElseThrow().status()).isEqualTo(TaskStatus.DELAYED);

		this.tester.advanceClock(Duration.ofHours(1));
		this.tester.awaitIdle(Duration.ofSeconds(10));

		assertThat(this.taskQueue.get(id).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
		assertThat(this.handlers.runs).anyMatch((run) -> run.startsWith("record:in an hour@taskqueue-"));
	}

}
