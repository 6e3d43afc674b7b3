package io.github.stacktrace.actuate;

/**
 * Thrown when a query parameter of the stacktrace endpoint is invalid. The message is one line naming the parameter
 * and its (escaped, cut) value.
 *
 * @since 0.1.0
 */
public class InvalidStackTraceRequestException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message one line naming the parameter and its value
	 */
	public InvalidStackTraceRequestException(String message) {
		super(message);
	}

}
