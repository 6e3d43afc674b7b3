package io.github.stacktrace.recording;

import org.jspecify.annotations.Nullable;

/**
 * Gives the trace context current on the calling thread, for a request's slot to keep.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TraceContextSource {

	/** No tracing: no trace context. */
	TraceContextSource NONE = () -> null;

	/**
	 * The trace context current on the calling thread.
	 * @return an immutable object of the tracer's, or {@code null} when no trace is current
	 */
	@Nullable Object current();

}
