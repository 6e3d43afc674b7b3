package io.github.stacktrace;

/**
 * Thrown when a request is cancelled before its report is made: its caller was interrupted, as a web server does when
 * the client that asked went away. Not a failure of the capture: the request's work is ended and its slot released.
 *
 * @since 0.1.0
 */
public class CaptureCancelledException extends StackTraceCaptureException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message what was cancelled
	 * @param cause the interruption, or the failure it caused
	 */
	public CaptureCancelledException(String message, Throwable cause) {
		super(message, cause);
	}

}
