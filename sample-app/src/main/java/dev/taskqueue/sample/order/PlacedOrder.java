package dev.taskqueue.sample.order;

/**
 * An order placed, and the task that sends its receipt once the order is committed.
 *
 * @param orderId the order's id
 * @param receiptTaskId the id of the {@code send-email} task
 */
public record PlacedOrder(String orderId, String receiptTaskId) {

}
