package io.github.stacktrace.actuate;

/**
 * Thrown when a report is asked for while the reports being sent to clients are at their bound: answered 503.
 *
 * @since 0.1.0
 */
public class ReportsInFlightException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the exception.
	 * @param message the one-line reason
	 */
	public ReportsInFlightException(String message) {
		super(message);
	}

}
