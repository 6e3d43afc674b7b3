package io.github.stacktrace.actuate;

import io.github.stacktrace.render.TextEscaper;

/**
 * Thrown when a request names a sub-path of the stacktrace endpoint that is no operation of it; only {@code hot}
 * is. The message is one line naming the (escaped, cut) value.
 *
 * @since 0.1.0
 */
public class NoSuchOperationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param operation the sub-path as received
	 */
	public NoSuchOperationException(String operation) {
		super("no such stacktrace operation: "
				+ TextEscaper.escapeAndCut(operation, StackTraceRequestParser.MAX_ECHOED_CHARS) + ", expected hot");
	}

}
