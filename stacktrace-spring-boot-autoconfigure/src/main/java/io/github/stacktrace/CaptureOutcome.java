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
	ERROR

}
