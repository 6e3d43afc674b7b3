package io.github.stacktrace.report;

import java.util.Locale;

/**
 * An enum constant as reports, metrics and query parameters spell it: its name in lower case.
 *
 * @since 0.1.0
 */
public interface ReportName {

	/**
	 * The constant's name, as {@link Enum#name()} gives it.
	 * @return the name
	 */
	String name();

	/**
	 * The lower-case name used in reports and metrics.
	 * @return e.g. {@code thread_exited}
	 */
	default String reportName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
