package dev.taskqueue.engine;

/**
 * A {@link HandlerDefinition} with a value no engine can run: the one place where handler
 * settings are checked, whoever defines the handler.
 */
public class InvalidHandlerException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String handler;

	private final String problem;

	/**
	 * Creates the exception.
	 * @param handler where the handler comes from, as messages name it
	 * @param problem what is wrong, in the words of the setting
	 */
	public InvalidHandlerException(String handler, String problem) {
		super("Invalid handler " + handler + ": " + problem);
		this.handler = handler;
		this.problem = problem;
	}

	/**
	 * Where the handler comes from.
	 * @return for example the method
	 */
	public String handler() {
		return this.handler;
	}

	/**
	 * What is wrong, without naming the handler.
	 * @return for example {@code concurrency = -1 is negative; ...}
	 */
	public String problem() {
		return this.problem;
	}

}
