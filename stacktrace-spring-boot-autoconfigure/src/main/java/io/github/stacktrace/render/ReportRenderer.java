package io.github.stacktrace.render;

import io.github.stacktrace.report.StackTraceReport;

/**
 * Renders a {@link StackTraceReport} in one format. A renderer keeps no state between reports and is safe for
 * concurrent use; the {@link ReportText} it returns can be joined into a string or streamed.
 *
 * @since 0.1.0
 */
public interface ReportRenderer {

	/**
	 * Renders the report.
	 * @param report the report
	 * @param grouped whether threads that look the same share one section (see
	 * {@link io.github.stacktrace.report.StackGroup}); a format that always groups ignores it
	 * @return the rendered report
	 */
	ReportText render(StackTraceReport report, boolean grouped);

}
