package io.github.stacktrace.recording;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * Gives the trace context of a request, for its slot to keep.
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

	/**
	 * The trace context of an observation, where the tracer keeps one on it: for requests whose span is not current on
	 * the thread that serves them (a reactive request's observation lives in its Reactor {@code Context}).
	 * @param observation the observation's context
	 * @return an immutable object of the tracer's, or {@code null} when the observation has no trace
	 */
	default @Nullable Object of(Observation.Context observation) {
		return null;
	}

}
