package dev.taskqueue.boot.web;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.taskqueue.Schedule;
import dev.taskqueue.ScheduleNotFoundException;
import dev.taskqueue.ScheduleRequest;
import dev.taskqueue.TaskQueue;

/**
 * The REST API of recurring schedules: list, read, create or replace, remove, pause,
 * resume and trigger, under {@code taskqueue.web.base-path}. Errors are answered by
 * {@link TaskQueueProblemHandler}; writes are refused by {@link OperationsGuard} unless
 * enabled.
 */
@RestController
@RequestMapping(path = "${taskqueue.web.base-path:/api/tasks}", produces = MediaType.APPLICATION_JSON_VALUE)
public class ScheduleController {

	private final TaskQueue taskQueue;

	/**
	 * Creates the controller.
	 * @param taskQueue the task queue
	 */
	public ScheduleController(TaskQueue taskQueue) {
		this.taskQueue = taskQueue;
	}

	/**
	 * Every schedule.
	 * @return the schedules, by id
	 */
	@GetMapping("/schedules")
	public List<Schedule> list() {
		return this.taskQueue.schedules();
	}

	/**
	 * One schedule.
	 * @param id its id
	 * @return the schedule, with the status of its last task
	 */
	@GetMapping("/schedules/{id}")
	public Schedule get(@PathVariable String id) {
		return this.taskQueue.getSchedule(id).orElseThrow(() -> new ScheduleNotFoundException(id));
	}

	/**
	 * Creates a schedule or replaces it in place.
	 * @param id its id
	 * @param body the schedule
	 * @return 201 with the schedule when it is new, 200 when it replaced one
	 */
	@PutMapping(path = "/schedules/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<Schedule> put(@PathVariable String id, @RequestBody ScheduleBody body) {
		ScheduleRequest request = body.toRequest(id);
		boolean existed = this.taskQueue.getSchedule(id).isPresent();
		Schedule schedule = this.taskQueue.upsertSchedule(request);
		if (existed) {
			return ResponseEntity.ok(schedule);
		}
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri().build().toUri();
		return ResponseEntity.created(location).body(schedule);
	}

	/**
	 * Removes a schedule (the tasks it made stay).
	 * @param id its id
	 * @return 204
	 */
	@DeleteMapping("/schedules/{id}")
	public ResponseEntity<Void> remove(@PathVariable String id) {
		if (!this.taskQueue.removeSchedule(id)) {
			throw new ScheduleNotFoundException(id);
		}
		return ResponseEntity.noContent().build();
	}

	/**
	 * Pauses a schedule.
	 * @param id its id
	 * @return the schedule as paused
	 */
	@PostMapping("/schedules/{id}/pause")
	public Schedule pause(@PathVariable String id) {
		return this.taskQueue.pauseSchedule(id);
	}

	/**
	 * Resumes a schedule at its next due time from now.
	 * @param id its id
	 * @return the schedule as resumed
	 */
	@PostMapping("/schedules/{id}/resume")
	public Schedule resume(@PathVariable String id) {
		return this.taskQueue.resumeSchedule(id);
	}

	/**
	 * Makes one task of a schedule now.
	 * @param id its id
	 * @return 202 with {@code {id}}, the task's id, and the task's location
	 */
	@PostMapping("/schedules/{id}/trigger")
	public ResponseEntity<Map<String, String>> trigger(@PathVariable String id) {
		String taskId = this.taskQueue.triggerSchedule(id);
		// the task's own resource: {base-path}/{taskId} (a schedule id holds no slash)
		String path = ServletUriComponentsBuilder.fromCurrentRequestUri().build().getPath();
		String base = path.substring(0, path.lastIndexOf("/schedules/"));
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.replacePath(base)
			.pathSegment(taskId)
			.build()
			.toUri();
		return ResponseEntity.accepted().location(location).body(Map.of("id", taskId));
	}

}
