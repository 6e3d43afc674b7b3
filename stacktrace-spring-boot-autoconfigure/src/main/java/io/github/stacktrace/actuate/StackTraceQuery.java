package io.github.stacktrace.actuate;

import java.util.Objects;

import io.github.stacktrace.report.StackTraceRequest;
import org.jspecify.annotations.Nullable;

/**
 * A validated stacktrace query: what to capture, and how to render it.
 *
 * @param request the threads to capture and how, with the state and name filter
 * @param format the format asked for with {@code format}, or {@code null} when none was given
 * @param grouped whether threads with identical stacks share one section
 * @since 0.1.0
 */
public record StackTraceQuery(StackTraceRequest request, @Nullable ReportFormat format, boolean grouped) {

	/**
	 * Creates a query.
	 * @param request the threads to capture and how, with the state and name filter
	 * @param format the format asked for with {@code format}, or {@code null} when none was given
	 * @param grouped whether threads with identical stacks share one section
	 */
	public StackTraceQuery {
		Objects.requireNonNull(request, "request");
	}

	/**
	 * The format asked for, or another when none was.
	 * @param fallback the format to use when the query names none, e.g. the one negotiated from {@code Accept}
	 * @return the format
	 */
	public ReportFormat formatOr(ReportFormat fallback) {
		return (this.format != null) ? this.format : fallback;
	}

}
