package io.github.stacktrace;

import io.github.stacktrace.report.ReportName;

/**
 * How a whole request ended.
 *
 * @since 0.1.0
 */
public enum CaptureOutcome implements ReportName {

	/** A report was produced. */
	OK,

	/** The request was invalid and nothing was captured. */
	BAD_REQUEST,

	/** Another capture was running. */
	CONFLICT,

	/** The capture failed. */
	ERROR,

	/**
	 * The request was cancelled before its report was made: its client went away (or its caller was interrupted). Not
	 * an error: nothing failed.
	 */
	CANCELLED,

	/** The request was refused while the reports being sent to clients were at their bound (a 503). */
	UNAVAILABLE,

	/** The request named no operation of the endpoint (a 404). */
	NOT_FOUND

}
