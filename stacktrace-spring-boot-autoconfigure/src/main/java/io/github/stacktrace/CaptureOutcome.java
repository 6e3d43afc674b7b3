package io.github.stacktrace;

import java.util.Locale;

/**
 * How a whole request ended.
 */
public enum CaptureOutcome {

	/** A report was produced. */
	OK,

	/** The request was invalid and nothing was captured. */
	BAD_REQUEST,

	/** Another capture was running. */
	CONFLICT,

	/** The capture failed. */
	ERROR;

	/**
	 * The lower-case name used in metrics.
	 * @return e.g. {@code bad_request}
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
