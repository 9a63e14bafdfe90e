package dev.taskqueue.sample.demo;

import java.net.URI;
import java.util.UUID;

import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.taskqueue.Priority;
import dev.taskqueue.TaskOptions;
import dev.taskqueue.TaskQueue;
import dev.taskqueue.sample.email.EmailRequest;
import dev.taskqueue.sample.image.ResizeRequest;
import dev.taskqueue.sample.report.ReportRequest;
import dev.taskqueue.sample.webhook.WebhookRequest;

/**
 * Demo endpoints that enqueue one task each and answer 202 at once with the task's id;
 * the work happens on the queue's workers, never on the request thread.
 */
@RestController
@RequestMapping("/demo")
public class DemoController {

	private final TaskQueue taskQueue;

	public DemoController(TaskQueue taskQueue) {
		this.taskQueue = taskQueue;
	}

	@PostMapping("/report")
	public ResponseEntity<EnqueuedTask> report(@RequestParam(required = false) Integer rows,
			@RequestParam(required = false) Long delayMillisPerChunk,
			@RequestParam(required = false) Integer chunkSize) {
		ReportRequest request = new ReportRequest(rows, null, null, chunkSize, delayMillisPerChunk);
		return accepted("generate-report", this.taskQueue.enqueue("generate-report", request));
	}

	@PostMapping("/email")
	public ResponseEntity<EnqueuedTask> email(@RequestBody EmailRequest request) {
		// Someone is waiting for this one: ahead of bulk mail.
		TaskOptions options = TaskOptions.builder().priority(Priority.HIGH).build();
		return accepted("send-email", this.taskQueue.enqueue("send-email", request, options));
	}

	@PostMapping("/image")
	public ResponseEntity<EnqueuedTask> image(@RequestParam(defaultValue = "320") int width,
			@RequestParam(required = false) String source, @RequestParam(required = false) String format) {
		ResizeRequest request = new ResizeRequest(source, width, format);
		return accepted("resize-image", this.taskQueue.enqueue("resize-image", request));
	}

	/**
	 * Delivers a webhook to this app's own receiver, which refuses the first
	 * {@code failFirst} calls, so the task is retried with backoff before it completes.
	 * @param failFirst how many calls the receiver refuses
	 * @return the task
	 */
	@PostMapping("/webhook")
	public ResponseEntity<EnqueuedTask> webhook(@RequestParam(defaultValue = "2") int failFirst) {
		String key = UUID.randomUUID().toString();
		String url = ServletUriComponentsBuilder.fromCurrentContextPath()
			.path("/demo/webhook-receiver/{key}")
			.queryParam("failFirst", failFirst)
			.buildAndExpand(key)
			.toUriString();
		var body = JsonNodeFactory.instance.objectNode().put("order", key).put("status", "shipped");
		WebhookRequest request = new WebhookRequest(url, "order.shipped", body);
		return accepted("deliver-webhook", this.taskQueue.enqueue("deliver-webhook", request));
	}

	@ExceptionHandler(IllegalArgumentException.class)
	public ProblemDetail badRequest(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	private static ResponseEntity<EnqueuedTask> accepted(String type, String id) {
		EnqueuedTask task = EnqueuedTask.of(id, type);
		return ResponseEntity.accepted().location(URI.create(task.task())).body(task);
	}

}
