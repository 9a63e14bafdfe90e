package dev.taskqueue.boot.web;

/**
 * Thrown when a request parameter or body field of the REST API has a value that cannot
 * be used; answered with 400 and a problem detail naming the parameter.
 */
class InvalidParameterException extends IllegalArgumentException {

	private final String parameter;

	InvalidParameterException(String parameter, String message) {
		super(message);
		this.parameter = parameter;
	}

	InvalidParameterException(String parameter, String message, Throwable cause) {
		super(message, cause);
		this.parameter = parameter;
	}

	/**
	 * The parameter or field.
	 * @return its name
	 */
	String getParameter() {
		return this.parameter;
	}

}
