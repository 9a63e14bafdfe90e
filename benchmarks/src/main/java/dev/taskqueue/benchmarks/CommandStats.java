package dev.taskqueue.benchmarks;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Redis commands run between two {@code INFO commandstats} snapshots, per task. Redis
 * counts the commands its scripts run as well as those clients send, so two figures are
 * given: every command, and the calls clients make (scripts, blocking pops, stream
 * reads), which is the number of requests on the wire.
 */
final class CommandStats {

	/** Commands our clients send and no script runs. */
	private static final Set<String> CLIENT_CALLS = Set.of("evalsha", "eval", "bzpopmin", "xread", "xreadgroup");

	/** The benchmark's own commands, not counted. */
	private static final Set<String> IGNORED = Set.of("info", "flushall", "config|resetstat", "ping");

	private final Map<String, Long> calls;

	private CommandStats(Map<String, Long> calls) {
		this.calls = calls;
	}

	static CommandStats between(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> calls = new HashMap<>();
		after.forEach((command, count) -> {
			long delta = count - before.getOrDefault(command, 0L);
			if (delta > 0 && !IGNORED.contains(command)) {
				calls.put(command, delta);
			}
		});
		return new CommandStats(calls);
	}

	/**
	 * Adds the per-task figures to a result.
	 * @param result the result
	 * @param tasks the tasks the commands served
	 */
	void addTo(Result result, long tasks) {
		long all = this.calls.values().stream().mapToLong(Long::longValue).sum();
		long client = this.calls.entrySet()
			.stream()
			.filter((entry) -> CLIENT_CALLS.contains(entry.getKey()))
			.mapToLong(Map.Entry::getValue)
			.sum();
		result.extra("redis_calls_per_task", (double) client / tasks);
		Map<String, Object> calls = new LinkedHashMap<>();
		this.calls.entrySet()
			.stream()
			.filter((entry) -> CLIENT_CALLS.contains(entry.getKey()))
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((entry) -> calls.put(entry.getKey(), Result.round((double) entry.getValue() / tasks)));
		result.extra("calls_per_task", calls);
		result.extra("redis_commands_per_task", (double) all / tasks);
		Map<String, Object> top = new LinkedHashMap<>();
		this.calls.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.limit(10)
			.forEach((entry) -> top.put(entry.getKey(), Result.round((double) entry.getValue() / tasks)));
		result.extra("top_commands_per_task", top);
	}

}
