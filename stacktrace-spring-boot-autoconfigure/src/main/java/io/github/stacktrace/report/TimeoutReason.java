package io.github.stacktrace.report;

/**
 * Why a thread's capture was given up: the {@code reason=} of a {@code timeout} section.
 *
 * @since 0.1.0
 */
public enum TimeoutReason implements ReportName {

	/** The thread's own capture outlasted the per-thread timeout. */
	PER_THREAD_TIMEOUT,

	/** One bulk call for many threads outlasted the per-thread timeout times the number of threads. */
	BULK_CAPTURE_TIMEOUT,

	/** The request's overall budget ran out before the thread was reached or finished. */
	REQUEST_BUDGET_EXHAUSTED,

	/** The request abandoned as many stalled captures as it may and gave up on the threads left. */
	TOO_MANY_STALLED_CAPTURES,

	/** Every capture thread is held by stalled captures, so none could take the stack. */
	CAPTURE_THREADS_EXHAUSTED

}
