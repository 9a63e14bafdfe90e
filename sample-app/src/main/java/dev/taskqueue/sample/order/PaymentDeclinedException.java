package dev.taskqueue.sample.order;

/**
 * The payment of an order failed: its transaction rolls back.
 */
public class PaymentDeclinedException extends RuntimeException {

	public PaymentDeclinedException(String item) {
		super("The payment for '" + item + "' was declined");
	}

}
