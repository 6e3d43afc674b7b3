package io.github.stacktrace.context;

import org.jspecify.annotations.Nullable;

/**
 * Reads the trace and span ids out of the trace context a slot holds. The ids are read when a report is made, not
 * when a request starts, so that a request pays for no id strings.
 *
 * @since 0.1.0
 */
public interface TraceIdReader {

	/** Reads no ids: for applications without tracing. */
	TraceIdReader NONE = new TraceIdReader() {

		@Override
		public @Nullable String traceId(Object traceContext) {
			return null;
		}

		@Override
		public @Nullable String spanId(Object traceContext) {
			return null;
		}

	};

	/**
	 * The trace id of a trace context.
	 * @param traceContext what the request's thread stored, an immutable object of the tracer's
	 * @return the id, or {@code null} when it has none
	 */
	@Nullable String traceId(Object traceContext);

	/**
	 * The span id of a trace context.
	 * @param traceContext what the request's thread stored, an immutable object of the tracer's
	 * @return the id, or {@code null} when it has none
	 */
	@Nullable String spanId(Object traceContext);

}
