package io.github.stacktrace;

/**
 * Thrown when a capture is asked for while another one runs: captures never queue.
 */
public class CaptureInProgressException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public CaptureInProgressException() {
		super("another thread stack trace request is running");
	}

}
