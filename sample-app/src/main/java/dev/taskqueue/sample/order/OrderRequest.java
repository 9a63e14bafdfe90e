package dev.taskqueue.sample.order;

/**
 * An order to place.
 *
 * @param email where the receipt goes
 * @param item what is ordered
 * @param declinePayment make the payment fail after the order and its receipt task were
 * written, to show that the transaction's rollback drops both
 */
public record OrderRequest(String email, String item, boolean declinePayment) {

}
