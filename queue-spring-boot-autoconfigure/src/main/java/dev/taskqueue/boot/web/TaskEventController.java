package dev.taskqueue.boot.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of tasks, under {@code taskqueue.web.base-path}. Each event is named
 * after its type ({@code added}, {@code active}, {@code progress}, {@code completed},
 * ...) and carries the task as JSON. Request threads return at once; events are written
 * as they happen.
 */
@RestController
@RequestMapping("${taskqueue.web.base-path:/api/tasks}")
public class TaskEventController {

	private final TaskEventStreams streams;

	/**
	 * Creates the controller.
	 * @param streams the streams
	 */
	public TaskEventController(TaskEventStreams streams) {
		this.streams = streams;
	}

	/**
	 * The events of one task: its current state first, then every event until a final one
	 * ({@code completed}, {@code failed}, {@code cancelled}, {@code removed}), after
	 * which the stream ends.
	 * @param id the task id
	 * @return the stream
	 */
	@GetMapping("/{id}/events")
	public SseEmitter task(@PathVariable String id) {
		return this.streams.task(id);
	}

	/**
	 * The events of every task, or of one queue's tasks; the stream does not end.
	 * @param queue only this queue
	 * @return the stream
	 */
	@GetMapping("/events")
	public SseEmitter all(@RequestParam(required = false) String queue) {
		return this.streams.all((queue == null || queue.isBlank()) ? null : queue);
	}

	/**
	 * What a {@code GET} of the events of one task would answer, without opening a stream
	 * (a {@code HEAD} must not leave a listener behind).
	 * @param id the task id
	 * @return 200 with the stream's content type, or 404 when the task does not exist
	 */
	@RequestMapping(path = "/{id}/events", method = RequestMethod.HEAD)
	public ResponseEntity<Void> taskHead(@PathVariable String id) {
		this.streams.checkExists(id);
		return headOfStream();
	}

	/**
	 * What a {@code GET} of every task's events would answer, without opening a stream.
	 * @return 200 with the stream's content type
	 */
	@RequestMapping(path = "/events", method = RequestMethod.HEAD)
	public ResponseEntity<Void> allHead() {
		return headOfStream();
	}

	private static ResponseEntity<Void> headOfStream() {
		return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).build();
	}

}
