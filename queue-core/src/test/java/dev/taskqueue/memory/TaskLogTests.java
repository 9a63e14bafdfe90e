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
 * Tests for {@link TaskLog}.
 */
class TaskLogTests {

	private final QueueState queue = new QueueState("q", new ReentrantLock().newCondition());

	private final TaskLog log = new TaskLog();

	@Test
	void listsNewestFirstWhateverTheOrderTasksWereAddedIn() {
		add("b", "d", "a", "e", "c");
		assertThat(ids(null)).containsExactly("e", "d", "c", "b", "a");
	}

	@Test
	void cursorStartsBelowItsIdWhetherOrNotThatIdIsStored() {
		add("b", "d", "f");
		assertThat(ids("d")).containsExactly("b");
		assertThat(ids("e")).containsExactly("d", "b");
		assertThat(ids("a")).isEmpty();
		assertThat(ids("z")).containsExactly("f", "d", "b");
	}

	@Test
	void forgottenTasksAreSkippedAndDroppedOnceTheyOutnumberTheRest() {
		List<TaskRecord> records = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			records.add(add(String.format("%05d", i)).get(0));
		}
		for (int i = 0; i < 1500; i++) {
			this.log.forget(records.get(i));
			// forgetting twice counts once
			this.log.forget(records.get(i));
		}
		// half forgotten: skipped, still in place
		assertThat(this.log.before(null)).isEqualTo(2999);
		assertThat(ids("01500")).isEmpty();
		this.log.forget(records.get(1500));
		// more than half: dropped, the rest moved down in order
		assertThat(this.log.before(null)).isEqualTo(1498);
		assertThat(ids(null)).hasSize(1499).startsWith("02999", "02998").endsWith("01501");
		add("03001", "03000");
		assertThat(ids(null)).startsWith("03001", "03000", "02999");
		assertThat(ids("03001")).startsWith("03000", "02999");
	}

	private List<TaskRecord> add(String... ids) {
		List<TaskRecord> added = new ArrayList<>();
		for (String id : ids) {
			Instant now = Instant.EPOCH;
			TaskRecord record = new TaskRecord(
					new NewTask(id, "q", "work", 0, IntNode.valueOf(1), 1, null, null, null, null, 1, now, now, null),
					this.queue);
			this.log.add(record);
			added.add(record);
		}
		return added;
	}

	private List<String> ids(String cursor) {
		List<String> ids = new ArrayList<>();
		for (int i = this.log.before(cursor); i >= 0; i--) {
			TaskRecord record = this.log.at(i);
			if (record != null) {
				ids.add(record.id);
			}
		}
		return ids;
	}

}
