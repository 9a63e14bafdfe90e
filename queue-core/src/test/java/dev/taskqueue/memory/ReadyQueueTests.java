package dev.taskqueue.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.taskqueue.spi.NewTask;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReadyQueue}.
 */
class ReadyQueueTests {

	private final QueueState queue = new QueueState("q", new ReentrantLock().newCondition());

	private final ReadyQueue ready = new ReadyQueue();

	private long sequence;

	@Test
	void takesHigherPriorityFirstThenTheTaskThatBecameReadyFirst() {
		TaskRecord low = ready("low", 0);
		TaskRecord high = ready("high", 5);
		TaskRecord lowSecond = ready("low-2", 0);
		assertThat(this.ready.longestWaiting()).isSameAs(low);
		assertThat(pollAll()).containsExactly("high", "low", "low-2");
		assertThat(this.ready.longestWaiting()).isNull();
		assertThat(high.readyEntry).isZero();
		assertThat(lowSecond.readyEntry).isZero();
	}

	@Test
	void aTaskHandedBackKeepsItsEarlierPlace() {
		TaskRecord first = ready("first", 0);
		ready("second", 0);
		assertThat(this.ready.poll()).isSameAs(first);
		ready("third", 0);
		// handed back: the same ready sequence, behind none of the later ones
		this.ready.add(first);
		assertThat(this.ready.longestWaiting()).isSameAs(first);
		assertThat(pollAll()).containsExactly("first", "second", "third");
	}

	@Test
	void aRemovedTaskIsNeverTakenAndOneAddedAgainIsTakenOnceAtItsNewPlace() {
		TaskRecord a = ready("a", 0);
		TaskRecord b = ready("b", 0);
		ready("c", 0);
		this.ready.remove(a);
		this.ready.remove(b);
		// b becomes ready again, behind c
		b.readySequence = ++this.sequence;
		this.ready.add(b);
		assertThat(snapshotIds()).containsExactlyInAnyOrder("b", "c");
		assertThat(pollAll()).containsExactly("c", "b");
	}

	@Test
	void manyRemovalsFromTheMiddleKeepTheOrderOfTheRest() {
		List<TaskRecord> records = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			records.add(ready(String.format("%04d", i), 0));
		}
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			if (i % 5 == 0) {
				expected.add(records.get(i).id);
			}
			else {
				this.ready.remove(records.get(i));
			}
		}
		assertThat(snapshotIds()).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(pollAll()).containsExactlyElementsOf(expected);
	}

	@Test
	void anEmptiedLevelIsKeptOnlyWhileItIsTheOnlyOne() {
		TaskRecord normal = ready("normal", 0);
		this.ready.remove(normal);
		assertThat(this.ready.poll()).isNull();
		ready("high", 9);
		ready("normal-2", 0);
		assertThat(pollAll()).containsExactly("high", "normal-2");
	}

	private TaskRecord ready(String id, int priority) {
		Instant now = Instant.EPOCH;
		TaskRecord record = new TaskRecord(new NewTask(id, "q", "work", priority, IntNode.valueOf(1), 1, null, null,
				null, null, 1, now, now, null), this.queue);
		record.readySequence = ++this.sequence;
		this.ready.add(record);
		return record;
	}

	private List<String> pollAll() {
		List<String> ids = new ArrayList<>();
		TaskRecord record;
		while ((record = this.ready.poll()) != null) {
			ids.add(record.id);
		}
		return ids;
	}

	private List<String> snapshotIds() {
		return this.ready.snapshot().stream().map((record) -> record.id).toList();
	}

}
