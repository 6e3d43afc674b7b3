package io.github.stacktrace.actuate;

import java.util.Objects;

import io.github.stacktrace.report.HotThreadsRequest;
import org.jspecify.annotations.Nullable;

/**
 * A validated hot-threads query: what to measure, and how to render it.
 *
 * @param request what to measure, rank and sample
 * @param format the format asked for with {@code format}, or {@code null} when none was given
 * @since 0.1.0
 */
public record HotThreadsQuery(HotThreadsRequest request, @Nullable ReportFormat format) {

	/**
	 * Creates a query.
	 * @param request what to measure, rank and sample
	 * @param format the format asked for, or {@code null}
	 */
	public HotThreadsQuery {
		Objects.requireNonNull(request, "request");
	}

}
