package io.github.stacktrace;

/**
 * Thrown when a capture fails as a whole (not one thread of it).
 *
 * @since 0.1.0
 */
public class StackTraceCaptureException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what failed
	 * @param cause why
	 */
	public StackTraceCaptureException(String message, Throwable cause) {
		super(message, cause);
	}

}
