package io.github.stacktrace.report;

/**
 * What happened when one thread's stack was asked for.
 *
 * @since 0.1.0
 */
public enum CaptureStatus implements ReportName {

	/** The stack was captured. */
	OK,

	/** The thread serving the request, captured directly. */
	OK_CURRENT_THREAD,

	/** Not captured: the request asked to skip threads blocked in a blocking native call. */
	SKIPPED_BLOCKING_SYSCALL,

	/** No live thread has that id: it never existed or it died during the capture. */
	THREAD_EXITED,

	/** The capture did not finish within the per-thread timeout or the request's budget. */
	TIMEOUT,

	/** The JVM refused or failed to give the stack. */
	CAPTURE_ERROR;


	/**
	 * Whether a thread with this status counts as captured.
	 * @return {@code true} for the two {@code ok} statuses
	 */
	public boolean isCaptured() {
		return this == OK || this == OK_CURRENT_THREAD;
	}

}
