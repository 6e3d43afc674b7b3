package io.github.stacktrace.render;

import io.github.stacktrace.report.HotThreadsReport;

/**
 * Renders a {@link HotThreadsReport} in one format. A renderer keeps no state between reports and is safe for
 * concurrent use.
 *
 * @since 0.1.0
 */
public interface HotThreadsRenderer {

	/**
	 * Renders the report.
	 * @param report the report
	 * @return the rendered report
	 */
	ReportText render(HotThreadsReport report);

}
