package dev.taskqueue.test;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;

/**
 * Assertions on a set of enqueued tasks, from
 * {@link TaskQueueAssertions#hasEnqueued(String)}. Each {@code with...} or {@code in...}
 * step narrows the set to the tasks that match and fails when none does, naming what the
 * others had; {@link #times(int)} and {@link #single()} check how many are left.
 * Immutable: a step returns a new set.
 */
public final class EnqueuedTasks {

	private final TaskQueueAssertions assertions;

	private final ObjectMapper mapper;

	private final String description;

	private final List<Task> tasks;

	EnqueuedTasks(TaskQueueAssertions assertions, ObjectMapper mapper, String description, List<Task> tasks) {
		this.assertions = assertions;
		this.mapper = mapper;
		this.description = description;
		this.tasks = List.copyOf(tasks);
	}

	/**
	 * Narrows to the tasks whose payload equals the given value once written as JSON, as
	 * the engine writes payloads.
	 * @param expected the payload (an object, a map, a string, a number...)
	 * @return the matching tasks
	 * @throws AssertionError if none matches
	 */
	public EnqueuedTasks withPayload(Object expected) {
		JsonNode json = this.mapper.valueToTree(expected);
		return narrow("with payload " + json, (task) -> json.equals(task.payload()));
	}

	/**
	 * Narrows to the tasks whose payload, bound to a type as a handler would receive it,
	 * meets a condition.
	 * @param <T> the payload type
	 * @param type the payload's class
	 * @param condition the condition
	 * @return the matching tasks
	 * @throws AssertionError if none matches, or a payload does not bind to the type
	 */
	public <T> EnqueuedTasks withPayloadMatching(Class<T> type, Predicate<? super T> condition) {
		Objects.requireNonNull(condition, "condition must not be null");
		return narrow("with a " + type.getSimpleName() + " payload matching the condition",
				(task) -> condition.test(bind(task, type)));
	}

	private <T> T bind(Task task, Class<T> type) {
		try {
			return this.mapper.treeToValue(task.payload(), type);
		}
		catch (RuntimeException ex) {
			throw new AssertionError("The payload of task " + task.id() + " (" + task.payload() + ") does not bind to "
					+ type.getName() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Narrows to the tasks of a queue.
	 * @param queue the queue
	 * @return the matching tasks
	 * @throws AssertionError if none matches
	 */
	public EnqueuedTasks inQueue(String queue) {
		return narrow("in queue '" + queue + "'", (task) -> task.queue().equals(queue));
	}

	/**
	 * Narrows to the tasks of a status.
	 * @param status the status
	 * @return the matching tasks
	 * @throws AssertionError if none matches
	 */
	public EnqueuedTasks withStatus(TaskStatus status) {
		return narrow("with status " + status.value(), (task) -> task.status() == status);
	}

	/**
	 * Narrows to the tasks of a priority.
	 * @param priority the priority
	 * @return the matching tasks
	 * @throws AssertionError if none matches
	 */
	public EnqueuedTasks withPriority(int priority) {
		return narrow("with priority " + priority, (task) -> task.priority() == priority);
	}

	/**
	 * Asserts how many tasks are in the set.
	 * @param count the expected number
	 * @return this set
	 * @throws AssertionError if there are more or fewer
	 */
	public EnqueuedTasks times(int count) {
		if (this.tasks.size() != count) {
			throw new AssertionError("Expected " + count + " task(s) " + this.description + ", but there are "
					+ this.tasks.size() + ":\n" + TaskQueueTester.describe(this.tasks));
		}
		return this;
	}

	/**
	 * The one task in the set.
	 * @return the task
	 * @throws AssertionError if there are several
	 */
	public Task single() {
		return times(1).tasks.get(0);
	}

	/**
	 * The tasks in the set, oldest first.
	 * @return the tasks
	 */
	public List<Task> tasks() {
		return this.tasks;
	}

	/**
	 * Back to the assertions on the whole queue.
	 * @return them
	 */
	public TaskQueueAssertions and() {
		return this.assertions;
	}

	private EnqueuedTasks narrow(String what, Predicate<Task> matches) {
		List<Task> matching = this.tasks.stream().filter(matches).toList();
		if (matching.isEmpty()) {
			throw new AssertionError("Expected a task " + this.description + " " + what + ", but none of these is:\n"
					+ TaskQueueTester.describe(this.tasks));
		}
		return new EnqueuedTasks(this.assertions, this.mapper, this.description + " " + what, matching);
	}

}
