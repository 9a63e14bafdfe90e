package dev.taskqueue.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.ObjectMapper;

import dev.taskqueue.Task;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.engine.ManualRunner;
import dev.taskqueue.engine.TaskEngine;
import dev.taskqueue.event.TaskEvent;
import dev.taskqueue.event.TaskEventType;

/**
 * Drives the task queue from a test: {@link #runDue()} runs what is due on the test's
 * thread, {@link #advanceClock(Duration)} makes delayed tasks, retries and schedules due
 * without sleeping, {@link #awaitIdle(Duration)} waits for running workers,
 * {@link #enqueued()} and {@link #assertThat()} check what was enqueued, and
 * {@link #setInline(boolean) inline mode} runs each task as it is enqueued.
 * <p>
 * Two ways to test, on either backend:
 * <ul>
 * <li><b>Deterministic</b>, with {@code taskqueue.worker.enabled=false}: nothing runs
 * until the test calls {@link #runDue()} (or enqueues in inline mode), on its own thread,
 * one task at a time in a fixed order; exceptions of the engine surface in the test.</li>
 * <li><b>Real workers</b> (the default): tasks run on worker threads as in production;
 * {@link #awaitIdle(Duration)} waits until they are done. {@link #runDue()} still works
 * then, but races the workers for tasks.</li>
 * </ul>
 * The auto-configuration of this module provides the tester and the
 * {@link TaskQueueTestClock} as the task queue's clock, and resets the tester
 * ({@link #reset()}) before each test method of a Spring test. Thread-safe.
 */
public class TaskQueueTester {

	private static final Set<TaskStatus> BUSY = EnumSet.of(TaskStatus.WAITING, TaskStatus.ACTIVE, TaskStatus.DELAYED,
			TaskStatus.RETRYING);

	private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

	private final TaskEngine engine;

	private final TaskQueueTestClock clock;

	private final ObjectMapper mapper;

	private final ManualRunner runner;

	private volatile boolean inline;

	/**
	 * Creates a tester.
	 * @param engine the engine under test
	 * @param clock the engine's clock (the engine must have been built with it)
	 * @param mapper binds payloads in {@link #payload(Task, Class)} and the assertions
	 */
	public TaskQueueTester(TaskEngine engine, TaskQueueTestClock clock, ObjectMapper mapper) {
		this.engine = Objects.requireNonNull(engine, "engine must not be null");
		this.clock = Objects.requireNonNull(clock, "clock must not be null");
		this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
		this.runner = ManualRunner.of(engine);
		engine.addLocalListener(this::onAdded, EnumSet.of(TaskEventType.ADDED));
	}

	/**
	 * The engine under test.
	 * @return the engine
	 */
	public TaskEngine engine() {
		return this.engine;
	}

	/**
	 * The task queue's current time.
	 * @return the clock's instant, system time plus every advance
	 */
	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * Runs what is due now, on the calling thread: makes due delayed and retrying tasks
	 * ready, fires due schedules, then claims and runs ready tasks one at a time (queues
	 * by name, each by priority then FIFO) until none is ready, including tasks those
	 * attempts enqueued. A failed attempt is recorded as on a worker (retrying with its
	 * backoff, or failed); it does not throw here.
	 * @return one entry per attempt made, in order: the task as recorded after the
	 * attempt (as claimed, if retention already removed it); empty if nothing was due
	 * @throws IllegalStateException after {@value ManualRunner#MAX_ATTEMPTS_PER_RUN}
	 * attempts (a handler that enqueues a new task each time it runs)
	 */
	public List<Task> runDue() {
		List<Task> ran = new ArrayList<>();
		for (TaskEvent event : this.runner.runDue()) {
			ran.add(this.engine.get(event.taskId()).orElse(event.task()));
		}
		return ran;
	}

	/**
	 * Moves the task queue's clock ahead and wakes the engine, so that what became due is
	 * made ready (and run, by workers when they are on) without waiting for the engine's
	 * next planned look. With workers off, follow it with {@link #runDue()}.
	 * @param amount how far, zero or more
	 * @return the new time
	 * @throws IllegalArgumentException if the amount is negative
	 */
	public Instant advanceClock(Duration amount) {
		Instant now = this.clock.advance(amount);
		this.engine.wakeUp();
		return now;
	}

	/**
	 * Waits until the queue is idle: no task waiting, active, or delayed or retrying with
	 * its time come. Tasks due later (after the clock's now) do not count; waiting tasks
	 * of a paused queue do. Meant for tests where workers run; with workers off,
	 * {@link #runDue()} does the work instead.
	 * @param timeout the longest wait
	 * @throws AssertionError if it is not idle in time, listing the tasks left
	 */
	public void awaitIdle(Duration timeout) {
		Objects.requireNonNull(timeout, "timeout must not be null");
		try {
			Awaitility.await("task queue idle")
				.atMost(timeout)
				.pollDelay(Duration.ZERO)
				.pollInterval(POLL_INTERVAL)
				.until(() -> busy().isEmpty());
		}
		catch (ConditionTimeoutException ex) {
			List<Task> left = busy();
			if (left.isEmpty()) {
				return; // idle just after the last poll
			}
			StringBuilder message = new StringBuilder("The task queue was not idle after " + timeout + ": "
					+ left.size() + " task(s) left (at " + now() + ")");
			if (!this.engine.settings().workerEnabled()) {
				message.append("; workers are off (taskqueue.worker.enabled=false): call runDue() to run them");
			}
			left.stream().limit(50).forEach((task) -> message.append("\n  ").append(describe(task)));
			if (left.size() > 50) {
				message.append("\n  ... and ").append(left.size() - 50).append(" more");
			}
			throw new AssertionError(message.toString(), ex);
		}
	}

	/** The tasks that keep the queue from being idle, oldest first. */
	private List<Task> busy() {
		Instant now = now();
		return tasks(null, BUSY).stream()
			.filter((task) -> task.status() == TaskStatus.WAITING || task.status() == TaskStatus.ACTIVE
					|| !task.scheduledAt().isAfter(now))
			.toList();
	}

	/**
	 * Every task the backend holds, in any status, oldest first: since the last
	 * {@link #reset()}, what was enqueued (unless retention removed it meanwhile).
	 * @return the tasks
	 */
	public List<Task> enqueued() {
		return tasks(null, Set.of());
	}

	/**
	 * The tasks of one type the backend holds, in any status, oldest first.
	 * @param type the task type
	 * @return the tasks
	 */
	public List<Task> enqueued(String type) {
		return tasks(Objects.requireNonNull(type, "type must not be null"), Set.of());
	}

	private List<Task> tasks(String type, Set<TaskStatus> statuses) {
		List<Task> tasks = new ArrayList<>();
		String cursor = null;
		do {
			var page = this.engine.list(new TaskQuery(null, type, statuses, TaskQuery.MAX_LIMIT, cursor));
			tasks.addAll(page.items());
			cursor = page.nextCursor();
		}
		while (cursor != null);
		tasks.sort(Comparator.comparing(Task::createdAt).thenComparing(Task::id));
		return tasks;
	}

	/**
	 * A task's payload bound to a type, as its handler would receive it.
	 * @param <T> the type
	 * @param task the task
	 * @param type the payload's class
	 * @return the payload
	 */
	public <T> T payload(Task task, Class<T> type) {
		return this.mapper.treeToValue(task.payload(), type);
	}

	/**
	 * Assertions on what the queue holds, read when each assertion runs.
	 * @return the assertions
	 */
	public TaskQueueAssertions assertThat() {
		return new TaskQueueAssertions(this, this.mapper);
	}

	/**
	 * Turns inline mode on or off. In inline mode each enqueue on this engine runs
	 * {@link #runDue()} on the enqueuing thread before it returns, so the handler of a
	 * task that is ready at once has run (and any task it enqueued too) when
	 * {@code enqueue} returns. A delayed task, or the retry of a failed attempt, waits
	 * for {@link #advanceClock(Duration)} as usual. Meant for tests with workers off;
	 * {@link #reset()} turns it off.
	 * @param inline whether enqueues run their tasks at once
	 */
	public void setInline(boolean inline) {
		this.inline = inline;
	}

	/**
	 * Whether inline mode is on.
	 * @return true if enqueues run their tasks at once
	 */
	public boolean isInline() {
		return this.inline;
	}

	/**
	 * Starts afresh: turns inline mode off and removes every task of every queue, in any
	 * status (a running one too). Schedules stay (an application declares them at start)
	 * and so does the clock's offset: time only moves forward.
	 */
	public void reset() {
		this.inline = false;
		for (String queue : this.engine.queues()) {
			this.engine.obliterate(queue);
		}
	}

	private void onAdded(TaskEvent event) {
		if (this.inline) {
			this.runner.runDue();
		}
	}

	/**
	 * A task as messages of the tester show it.
	 * @param task the task
	 * @return one line
	 */
	static String describe(Task task) {
		String line = task.id() + " " + task.type() + " (queue " + task.queue() + ") " + task.status().value()
				+ ", attempt " + task.attempts() + "/" + task.maxAttempts();
		if (task.status() == TaskStatus.DELAYED || task.status() == TaskStatus.RETRYING) {
			line += ", due " + task.scheduledAt();
		}
		if (task.error() != null) {
			line += ", error: " + task.error().message();
		}
		return line + ", payload " + task.payload();
	}

	static String describe(List<Task> tasks) {
		if (tasks.isEmpty()) {
			return "  (none)";
		}
		return tasks.stream().map((task) -> "  " + describe(task)).collect(Collectors.joining("\n"));
	}

}
