package dev.taskqueue.test;

import java.util.List;

import tools.jackson.databind.ObjectMapper;

import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;

/**
 * Assertions on the tasks a queue holds, from {@link TaskQueueTester#assertThat()}. Each
 * reads the backend when it runs and fails with an {@link AssertionError} whose message
 * lists the tasks it looked at; they work with any test framework (JUnit, AssertJ, none).
 * <pre class="code">
 * tester.assertThat().hasEnqueued("send-email").withPayload(new EmailRequest("ada@example.com"));
 * tester.assertThat().noFailedTasks().hasNotEnqueued("charge-card");
 * </pre>
 */
public final class TaskQueueAssertions {

	private final TaskQueueTester tester;

	private final ObjectMapper mapper;

	TaskQueueAssertions(TaskQueueTester tester, ObjectMapper mapper) {
		this.tester = tester;
		this.mapper = mapper;
	}

	/**
	 * Asserts that at least one task of a type was enqueued (in any status), and narrows
	 * further assertions to the tasks of that type.
	 * @param type the task type
	 * @return assertions on those tasks
	 * @throws AssertionError if there is none
	 */
	public EnqueuedTasks hasEnqueued(String type) {
		List<Task> tasks = this.tester.enqueued(type);
		if (tasks.isEmpty()) {
			throw new AssertionError("Expected a task of type '" + type + "' to have been enqueued, but there is none."
					+ " Tasks held:\n" + TaskQueueTester.describe(this.tester.enqueued()));
		}
		return new EnqueuedTasks(this, this.mapper, "of type '" + type + "'", tasks);
	}

	/**
	 * Asserts that no task of a type was enqueued (or none is held any more).
	 * @param type the task type
	 * @return these assertions, to chain more
	 * @throws AssertionError if there is one
	 */
	public TaskQueueAssertions hasNotEnqueued(String type) {
		List<Task> tasks = this.tester.enqueued(type);
		if (!tasks.isEmpty()) {
			throw new AssertionError("Expected no task of type '" + type + "', but there are " + tasks.size() + ":\n"
					+ TaskQueueTester.describe(tasks));
		}
		return this;
	}

	/**
	 * Asserts that no task failed for good.
	 * @return these assertions, to chain more
	 * @throws AssertionError listing the failed tasks with their errors
	 */
	public TaskQueueAssertions noFailedTasks() {
		List<Task> failed = this.tester.enqueued().stream().filter((t) -> t.status() == TaskStatus.FAILED).toList();
		if (!failed.isEmpty()) {
			throw new AssertionError(
					"Expected no failed task, but " + failed.size() + " failed:\n" + TaskQueueTester.describe(failed));
		}
		return this;
	}

	/**
	 * Asserts that every task held has completed: none is waiting, delayed, active,
	 * retrying, failed, cancelled or held.
	 * @return these assertions, to chain more
	 * @throws AssertionError listing the other tasks
	 */
	public TaskQueueAssertions allCompleted() {
		List<Task> other = this.tester.enqueued()
			.stream()
			.filter((task) -> task.status() != TaskStatus.COMPLETED)
			.toList();
		if (!other.isEmpty()) {
			throw new AssertionError("Expected every task to have completed, but " + other.size() + " did not:\n"
					+ TaskQueueTester.describe(other));
		}
		return this;
	}

}
