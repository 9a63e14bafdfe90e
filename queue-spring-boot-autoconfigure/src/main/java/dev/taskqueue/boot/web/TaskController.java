package dev.taskqueue.boot.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.taskqueue.Task;
import dev.taskqueue.TaskNotFoundException;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskPage;
import dev.taskqueue.TaskQuery;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.TaskRequest;
import dev.taskqueue.UnknownTaskTypeException;

/**
 * The REST API of tasks: enqueue, look up, list, retry, cancel, hold, release and remove,
 * under {@code taskqueue.web.base-path}. Errors are answered by
 * {@link TaskQueueProblemHandler}; writes are refused by {@link OperationsGuard} unless
 * enabled. No method waits for a task to run.
 */
@RestController
@RequestMapping(path = "${taskqueue.web.base-path:/api/tasks}", produces = MediaType.APPLICATION_JSON_VALUE)
public class TaskController {

	private final TaskQueue taskQueue;

	private final TaskRedaction redaction;

	private final BulkEnqueue bulk;

	/**
	 * Creates the controller.
	 * @param taskQueue the task queue
	 * @param redaction what of a task is shown
	 * @param bulk the rules of bulk enqueues
	 */
	TaskController(TaskQueue taskQueue, TaskRedaction redaction, BulkEnqueue bulk) {
		this.taskQueue = taskQueue;
		this.redaction = redaction;
		this.bulk = bulk;
	}

	/**
	 * Enqueues a task.
	 * @param request the task
	 * @return 202 with the task (or only its id if it is already gone) and its location
	 */
	@PostMapping
	public ResponseEntity<Object> enqueue(@RequestBody EnqueueRequest request) {
		String type = request.requiredType();
		TaskOptions options = request.toOptions();
		String id = this.taskQueue.enqueue(type, request.payloadValue(), options);
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().pathSegment(id).build().toUri();
		Object body = this.taskQueue.get(id).<Object>map(this.redaction::apply).orElseGet(() -> Map.of("id", id));
		return ResponseEntity.accepted().location(location).body(body);
	}

	/**
	 * Enqueues many tasks at once, all or none: every element is checked before any is
	 * stored, and a refusal names the element by its index. Elements with one idempotency
	 * key (in one queue) get one task and one id, as do those whose key an existing task
	 * holds.
	 * @param requests the tasks, each as {@link #enqueue} takes it
	 * @return 202 with {@code {ids: [...]}}, one id per element, in order
	 */
	@PostMapping("/bulk")
	public ResponseEntity<Map<String, List<String>>> enqueueAll(@RequestBody List<EnqueueRequest> requests) {
		List<TaskRequest> tasks = this.bulk.toTaskRequests(requests);
		List<String> ids;
		try {
			ids = this.taskQueue.enqueueAll(tasks);
		}
		catch (UnknownTaskTypeException | IllegalArgumentException ex) {
			throw this.bulk.refusal(requests, ex);
		}
		return ResponseEntity.accepted().body(Map.of("ids", ids));
	}

	/**
	 * One task.
	 * @param id the id
	 * @return the task
	 */
	@GetMapping("/{id}")
	public Task get(@PathVariable String id) {
		return this.redaction.apply(this.taskQueue.get(id).orElseThrow(() -> new TaskNotFoundException(id)));
	}

	/**
	 * One task, at the path some clients poll.
	 * @param id the id
	 * @return the task
	 */
	@GetMapping("/status/{id}")
	public Task status(@PathVariable String id) {
		return get(id);
	}

	/**
	 * The status of a task whose id is {@code events}: a path that the events of a task
	 * with the id {@code status} would match as well, and that is settled here.
	 * @return the task
	 */
	@GetMapping("/status/events")
	public Task statusOfEvents() {
		return get("events");
	}

	/**
	 * A page of tasks, newest first.
	 * @param queue only this queue
	 * @param type only this type
	 * @param status only these statuses (comma-separated)
	 * @param limit the page size, 1 to 1000 (default 50)
	 * @param cursor the previous page's {@code nextCursor}
	 * @return the page
	 */
	@GetMapping
	public TaskPage list(@RequestParam(required = false) String queue, @RequestParam(required = false) String type,
			@RequestParam(required = false) String status, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String cursor) {
		return this.redaction.apply(this.taskQueue
			.list(new TaskQuery(blankToNull(queue), blankToNull(type), ParameterParser.statuses("status", status),
					ParameterParser.limit("limit", limit), blankToNull(cursor))));
	}

	/**
	 * A page of all tasks, newest first.
	 * @param limit the page size, 1 to 1000 (default 50)
	 * @param cursor the previous page's {@code nextCursor}
	 * @return the page
	 */
	@GetMapping("/all")
	public TaskPage all(@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
		return list(null, null, null, limit, cursor);
	}

	/**
	 * Runs a finished task again.
	 * @param id the id
	 * @return the task as re-queued
	 */
	@PostMapping("/{id}/retry")
	public Task retry(@PathVariable String id) {
		return this.redaction.apply(this.taskQueue.retry(id));
	}

	/**
	 * Cancels a task.
	 * @param id the id
	 * @return the task as cancelled
	 */
	@PostMapping("/{id}/cancel")
	public Task cancel(@PathVariable String id) {
		return this.redaction.apply(this.taskQueue.cancel(id));
	}

	/**
	 * Holds a waiting, delayed or retrying task: no worker claims it until it is
	 * released.
	 * @param id the id
	 * @return the task as held
	 */
	@PostMapping("/{id}/hold")
	public Task hold(@PathVariable String id) {
		return this.redaction.apply(this.taskQueue.hold(id));
	}

	/**
	 * Releases a held task back to where it was.
	 * @param id the id
	 * @return the task as released
	 */
	@PostMapping("/{id}/release")
	public Task release(@PathVariable String id) {
		return this.redaction.apply(this.taskQueue.release(id));
	}

	/**
	 * Removes a task whatever its status.
	 * @param id the id
	 * @return {@code {id, removed: true}}
	 */
	@DeleteMapping("/{id}")
	public Map<String, Object> remove(@PathVariable String id) {
		if (!this.taskQueue.remove(id)) {
			throw new TaskNotFoundException(id);
		}
		return Map.of("id", id, "removed", true);
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

}
