package dev.taskqueue.boot.web;

/**
 * Thrown when one element of a bulk enqueue is refused: answered as its cause would be
 * for a single enqueue, with the element's index in front of the detail ({@code [3].type
 * is required ...}), in {@code parameter} and as {@code index}.
 */
class BulkElementException extends RuntimeException {

	private final int index;

	BulkElementException(int index, RuntimeException cause) {
		super("[" + index + "]: " + cause.getMessage(), cause);
		this.index = index;
	}

	/**
	 * The position of the refused element in the request's array, from 0.
	 * @return the index
	 */
	int getIndex() {
		return this.index;
	}

	@Override
	public synchronized RuntimeException getCause() {
		return (RuntimeException) super.getCause();
	}

}
