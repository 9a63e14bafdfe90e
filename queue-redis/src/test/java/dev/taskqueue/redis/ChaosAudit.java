package dev.taskqueue.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.taskqueue.Task;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.redis.RunHistory.Run;

/**
 * Checks a chaos run: the queue's final state and the durable run records against the
 * acknowledged enqueues and the kills, and explains every duplicate run by a kill.
 * <p>
 * A task ran more than once (a duplicate) only if a run before the last one was cut
 * short. A run is explained:
 * <ul>
 * <li>by the {@code kill -9} of its worker, when the queue did not answer its outcome
 * before the kill (no {@code F} record) and it was running at the kill or had just
 * finished: it ended, or, had it not ended, it started, at most {@link #window} before
 * the kill. The window is the command timeout plus a second: an outcome sent at the end
 * of a run is answered (or fails) within the command timeout, so a run that ended earlier
 * than that before the kill and has no answer is not explained by it;</li>
 * <li>by the crash of the queue's Redis, when it started before the restarted Redis
 * answered (so it was claimed before the crash), ended at most {@link #window} before the
 * crash or later, and its outcome was not recorded (no answer, a failed call, or
 * {@code fenced}: its lease expired while Redis was away and the task was
 * recovered).</li>
 * </ul>
 * Anything else is a violation: an acknowledged task missing or not completed, a task
 * whose outcome was recorded twice, a run after the recorded completion (a completed task
 * ran again), a failed attempt, or a run explained by neither kill.
 */
final class ChaosAudit {

	private final RunHistory history;

	private final Map<String, Long> kills;

	private final long redisCrashedAt;

	private final long redisBackAt;

	private final long window;

	private final List<String> violations = new ArrayList<>();

	private long duplicates;

	private long byWorkerKill;

	private long byRedisCrash;

	private long unansweredCompletions;

	private int mostRuns;

	/**
	 * An audit.
	 * @param history the run records
	 * @param kills the killed worker instances and when each was gone
	 * @param redisCrashedAt when the queue's Redis was killed
	 * @param redisBackAt when the restarted Redis answered again
	 * @param window how long before a kill a run may have ended and still be explained
	 */
	ChaosAudit(RunHistory history, Map<String, Long> kills, long redisCrashedAt, long redisBackAt, long window) {
		this.history = history;
		this.kills = kills;
		this.redisCrashedAt = redisCrashedAt;
		this.redisBackAt = redisBackAt;
		this.window = window;
	}

	/**
	 * Checks every task.
	 * @param acknowledged the ids whose enqueue was acknowledged
	 * @param stored every task of the queue at the end, by id
	 * @return this audit
	 */
	ChaosAudit check(Collection<String> acknowledged, Map<String, Task> stored) {
		for (String id : acknowledged) {
			if (!stored.containsKey(id)) {
				violation(id, null, "LOST: its enqueue was acknowledged but the queue does not hold it");
			}
		}
		for (Task task : stored.values()) {
			checkTask(task);
		}
		for (String id : this.history.taskIds()) {
			if (!stored.containsKey(id)) {
				violation(id, null, "ran, but the queue does not hold it");
			}
		}
		for (String line : this.history.brokenLines()) {
			String instance = line.substring(0, line.indexOf('.'));
			if (!line.contains("(last line)") || !this.kills.containsKey(instance)) {
				this.violations.add("unreadable record (only the last line of a killed worker may be cut): " + line);
			}
		}
		return this;
	}

	private void checkTask(Task task) {
		String id = task.id();
		List<Run> runs = this.history.runsOf(id);
		this.mostRuns = Math.max(this.mostRuns, runs.size());
		if (task.status() != TaskStatus.COMPLETED) {
			violation(id, task, "not completed");
		}
		if (runs.isEmpty()) {
			violation(id, task, "never ran according to the run records");
			return;
		}
		if (runs.size() > task.attempts()) {
			violation(id, task, "ran " + runs.size() + " times in " + task.attempts() + " attempt(s)");
		}
		List<Run> accepted = runs.stream().filter(Run::accepted).toList();
		for (Run run : accepted) {
			if (!run.answer().equals("ok/completed")) {
				violation(id, task, "an attempt did not complete: " + run.answer());
			}
		}
		if (accepted.size() > 1) {
			violation(id, task, "its outcome was recorded " + accepted.size() + " times");
			return;
		}
		Run completing;
		if (accepted.size() == 1) {
			completing = accepted.get(0);
			for (Run run : runs) {
				if (run.startedAt() > completing.startedAt()) {
					violation(id, task, "ran again after its outcome was recorded");
				}
			}
		}
		else {
			// the queue recorded the last run's outcome, but its answer was not: the
			// worker
			// died before it wrote it, or Redis died before it sent it (and a repeated
			// call was fenced)
			completing = runs.get(runs.size() - 1);
			if (completing.endedAt() == null || explanation(completing) == null) {
				violation(id, task, "completed, but no run's outcome was recorded, nor was one cut off by a kill");
			}
			else {
				this.unansweredCompletions++;
			}
		}
		for (Run run : runs) {
			if (run == completing) {
				continue;
			}
			this.duplicates++;
			String explanation = explanation(run);
			if (explanation == null) {
				violation(id, task, "a duplicate run explained by no kill: " + run);
			}
			else if (explanation.equals("worker")) {
				this.byWorkerKill++;
			}
			else {
				this.byRedisCrash++;
			}
		}
	}

	/**
	 * What explains that a run's outcome was not recorded.
	 * @return {@code worker}, {@code redis} or {@code null} for nothing
	 */
	private String explanation(Run run) {
		if (run.accepted()) {
			return null;
		}
		Long killedAt = this.kills.get(run.instance());
		if (killedAt != null && run.answer() == null) {
			long last = (run.endedAt() != null) ? run.endedAt() : run.startedAt();
			if (last >= killedAt - this.window && last <= killedAt) {
				return "worker";
			}
		}
		// the backend's answer (or the interrupt of a run whose lease renewal failed)
		// came
		// after the crash: the outcome was on its way when Redis died
		Long stoppedAt = (run.answer() != null) ? run.answeredAt() : run.interruptedAt();
		if (run.startedAt() <= this.redisBackAt && stoppedAt != null && stoppedAt >= this.redisCrashedAt
				&& (run.endedAt() == null || run.endedAt() >= this.redisCrashedAt - this.window)) {
			return "redis";
		}
		return null;
	}

	private void violation(String id, Task task, String what) {
		StringBuilder text = new StringBuilder("task ").append(id).append(": ").append(what);
		if (task != null) {
			text.append(" [queue: ")
				.append(task.status().value())
				.append(", ")
				.append(task.attempts())
				.append(" attempt(s)]");
		}
		for (Run run : this.history.runsOf(id)) {
			text.append("\n    ").append(run);
			Long killedAt = this.kills.get(run.instance());
			if (killedAt != null) {
				text.append("; ").append(run.instance()).append(" killed ").append(RunHistory.time(killedAt));
			}
		}
		this.violations.add(text.toString());
	}

	List<String> violations() {
		return this.violations;
	}

	/** Runs beyond the one that completed each task. */
	long duplicates() {
		return this.duplicates;
	}

	long byWorkerKill() {
		return this.byWorkerKill;
	}

	long byRedisCrash() {
		return this.byRedisCrash;
	}

	/** Tasks completed by a run whose answer the worker did not live to record. */
	long unansweredCompletions() {
		return this.unansweredCompletions;
	}

	int mostRuns() {
		return this.mostRuns;
	}

}
