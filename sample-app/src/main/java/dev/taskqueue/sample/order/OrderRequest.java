package dev.taskqueue.sample.order;

/**
 * An order to place.
 *
 * @param email where the receipt goes
 * @param item what is ordered
 * @param declinePayment make the payment fail after the order and its receipt task were
 * written, to show that the transaction's rollback drops both (absent: false)
 */
public record OrderRequest(String email, String item, Boolean declinePayment) {

	/**
	 * Checks what the orders table can hold.
	 * @return this request
	 * @throws IllegalArgumentException naming the field that is missing or too long
	 */
	public OrderRequest checked() {
		check("email", this.email, 320);
		check("item", this.item, 200);
		return this;
	}

	private static void check(String field, String value, int maxLength) {
		if (value == null || value.isBlank() || value.length() > maxLength) {
			throw new IllegalArgumentException(field + " must be 1 to " + maxLength + " characters");
		}
	}

}
