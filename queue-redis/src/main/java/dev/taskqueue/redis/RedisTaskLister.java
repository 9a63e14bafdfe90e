package dev.taskqueue.redis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import dev.taskqueue.Task;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskStatus;
import dev.taskqueue.redis.OperationArgs.ListTasks;
import dev.taskqueue.redis.RedisScripts.Call;

import static dev.taskqueue.redis.ScriptValues.text;

/**
 * Pages through tasks newest first: each queue's {@code ids} sorted set orders its task
 * ids (which are time-ordered), a script reads one queue below a cursor and filters by
 * type and status on the server, and pages of several queues are merged here. Each script
 * call examines a bounded number of ids, so a rare filter over a long queue costs several
 * short calls rather than one long one that would stall Redis. Thread-safe.
 */
final class RedisTaskLister {

	/** The most ids one script call examines. */
	private static final int SCAN_BUDGET = 2000;

	private final RedisScripts scripts;

	private final TaskRecords records;

	private final RedisQueueRegistry registry;

	RedisTaskLister(RedisScripts scripts, TaskRecords records, RedisQueueRegistry registry) {
		this.scripts = scripts;
		this.records = records;
		this.registry = registry;
	}

	/**
	 * A page of the tasks of the query's queue, or of every queue (their list read
	 * again).
	 * @param query the query
	 * @return the page
	 */
	TaskPage list(TaskQuery query) {
		Objects.requireNonNull(query, "query must not be null");
		List<String> queues = (query.queue() != null) ? List.of(query.queue()) : this.registry.refresh();
		String statuses = query.statuses().stream().map(TaskStatus::value).sorted().collect(Collectors.joining(","));
		int wanted = query.limit() + 1;
		List<Scan> scans = new ArrayList<>();
		for (String queue : queues) {
			scans.add(new Scan(queue, query.cursor()));
		}
		List<Task> found = new ArrayList<>();
		while (true) {
			List<Scan> open = scans.stream().filter((scan) -> !scan.exhausted).toList();
			String boundary = boundary(open);
			long settled = found.stream()
				.filter((task) -> boundary == null || task.id().compareTo(boundary) >= 0)
				.count();
			if (open.isEmpty() || settled >= wanted) {
				break;
			}
			List<Call> calls = new ArrayList<>(open.size());
			for (Scan scan : open) {
				calls.add(new Call(scan.queue,
						new ListTasks(scan.position, wanted, query.type(), statuses, SCAN_BUDGET)));
			}
			List<Object> replies = this.scripts.runAll(calls);
			for (int i = 0; i < open.size(); i++) {
				Scan scan = open.get(i);
				List<?> reply = (List<?>) replies.get(i);
				scan.exhausted = ((Long) reply.get(0)) == 1L;
				String last = text(reply.get(1));
				if (!last.isEmpty()) {
					scan.position = last;
				}
				for (int j = 2; j + 1 < reply.size(); j += 2) {
					found.add(this.records.task(scan.queue, text(reply.get(j)), (byte[]) reply.get(j + 1)));
				}
			}
		}
		String boundary = boundary(scans.stream().filter((scan) -> !scan.exhausted).toList());
		List<Task> settled = found.stream()
			.filter((task) -> boundary == null || task.id().compareTo(boundary) >= 0)
			.sorted(Comparator.comparing(Task::id).reversed())
			.toList();
		if (settled.size() > query.limit()) {
			List<Task> page = settled.subList(0, query.limit());
			return new TaskPage(page, page.get(page.size() - 1).id());
		}
		return new TaskPage(settled, null);
	}

	/**
	 * Below this id some queue has not been read yet; {@code null} when every queue is
	 * read to its end.
	 */
	private static String boundary(List<Scan> open) {
		String boundary = null;
		for (Scan scan : open) {
			String position = (scan.position != null) ? scan.position : "\uffff";
			if (boundary == null || position.compareTo(boundary) > 0) {
				boundary = position;
			}
		}
		return boundary;
	}

	/** How far one queue has been read. */
	private static final class Scan {

		final String queue;

		/** Only ids below this are still to read; {@code null} for no bound. */
		String position;

		boolean exhausted;

		Scan(String queue, String cursor) {
			this.queue = queue;
			this.position = cursor;
		}

	}

}
