package io.github.stacktrace.capture;

/**
 * Thrown when the JVM fails a call that a whole capture depends on (not the capture of one thread).
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
