package dev.taskqueue.sample.demo;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A webhook receiver to deliver to, which refuses the first {@code failFirst} calls per
 * key with 503 so that retries can be watched.
 */
@RestController
@RequestMapping("/demo/webhook-receiver")
public class WebhookReceiverController {

	private final WebhookReceiver receiver;

	public WebhookReceiverController(WebhookReceiver receiver) {
		this.receiver = receiver;
	}

	@PostMapping("/{key}")
	public ResponseEntity<Object> receive(@PathVariable String key, @RequestParam(defaultValue = "0") int failFirst,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@RequestHeader(name = "X-Webhook-Event", required = false) String event, @RequestBody JsonNode body) {
		return this.receiver.receive(key, failFirst, idempotencyKey, event, body)
			.<ResponseEntity<Object>>map(ResponseEntity::ok)
			.orElseGet(() -> {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
						"refusing the first " + failFirst + " calls for key '" + key + "' on purpose");
				return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
			});
	}

	@GetMapping("/{key}")
	public ResponseEntity<WebhookInbox> inbox(@PathVariable String key) {
		return ResponseEntity.of(this.receiver.inbox(key));
	}

}
