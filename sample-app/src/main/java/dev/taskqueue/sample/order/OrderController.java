package dev.taskqueue.sample.order;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Orders whose receipts are enqueued inside the order's transaction:
 * {@code POST /demo/orders} with {@code {"email", "item", "declinePayment"}} answers 201
 * with the order's id and its receipt task's id, or 402 when the payment is declined
 * (then neither the order nor the task exists); {@code GET /demo/orders} lists them.
 */
@RestController
@RequestMapping("/demo/orders")
public class OrderController {

	private final OrderService orders;

	public OrderController(OrderService orders) {
		this.orders = orders;
	}

	@PostMapping
	public ResponseEntity<PlacedOrder> place(@RequestBody OrderRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.orders.place(request.checked()));
	}

	@GetMapping
	public List<Order> orders() {
		return this.orders.orders();
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail invalid(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(PaymentDeclinedException.class)
	ProblemDetail declined(PaymentDeclinedException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.PAYMENT_REQUIRED, ex.getMessage());
	}

}
