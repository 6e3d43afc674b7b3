package io.github.stacktrace;

/**
 * Thrown when a capture is asked for while another one runs: captures never queue.
 *
 * @since 0.1.0
 */
public class CaptureInProgressException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception; its message is the one line the endpoint answers with its 409.
	 */
	public CaptureInProgressException() {
		super("another thread stack trace request is running");
	}

}
