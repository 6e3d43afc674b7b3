package io.github.stacktrace.capture;

/**
 * Internal: public only for the capture service, which lives in another package and reports this failure as a
 * {@link io.github.stacktrace.StackTraceCaptureException}; applications call
 * {@link io.github.stacktrace.StackTraceCaptureService StackTraceCaptureService}.
 * <p>
 * Thrown when the JVM fails a call that a whole capture depends on (not the capture of one thread).
 *
 * @since 0.1.0
 */
public class CaptureFailedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what failed
	 * @param cause why
	 */
	public CaptureFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}
