package io.github.stacktrace;

/**
 * Thrown when a capture fails as a whole (not one thread of it).
 */
public class StackTraceCaptureException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public StackTraceCaptureException(String message, Throwable cause) {
		super(message, cause);
	}

}
