package io.github.stacktrace.actuate;

/**
 * Thrown when a query parameter of the stacktrace endpoint is invalid. The message is one line naming the parameter
 * and its (escaped, cut) value.
 */
public class InvalidStackTraceRequestException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	public InvalidStackTraceRequestException(String message) {
		super(message);
	}

}
