package dev.taskqueue.sample.order;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.taskqueue.TaskQueue;
import dev.taskqueue.sample.email.EmailRequest;

/**
 * Places orders in the app's database (H2 in memory) and enqueues each order's receipt in
 * the same transaction: the task is stored once the order is committed, and dropped with
 * it when the payment fails ({@code taskqueue.enqueue.transactional=after-commit}, the
 * default).
 */
@Service
public class OrderService {

	private final JdbcClient jdbc;

	private final TaskQueue taskQueue;

	public OrderService(JdbcClient jdbc, TaskQueue taskQueue) {
		this.jdbc = jdbc;
		this.taskQueue = taskQueue;
	}

	@Transactional
	public PlacedOrder place(OrderRequest request) {
		String id = UUID.randomUUID().toString();
		this.jdbc.sql("insert into orders (id, email, item) values (?, ?, ?)")
			.params(id, request.email(), request.item())
			.update();
		String receipt = this.taskQueue.enqueue("send-email", new EmailRequest(List.of(request.email()),
				"Your order: " + request.item(), "Thank you for ordering " + request.item() + ".", null));
		if (Boolean.TRUE.equals(request.declinePayment())) {
			throw new PaymentDeclinedException(request.item());
		}
		return new PlacedOrder(id, receipt);
	}

	@Transactional(readOnly = true)
	public List<Order> orders() {
		return this.jdbc.sql("select id, email, item from orders order by item").query(Order.class).list();
	}

}
