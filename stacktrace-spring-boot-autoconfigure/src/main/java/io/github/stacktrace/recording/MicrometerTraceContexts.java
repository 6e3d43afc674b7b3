package io.github.stacktrace.recording;

import java.util.function.Supplier;

import io.github.stacktrace.context.TraceIdReader;
import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import org.jspecify.annotations.Nullable;

/**
 * Trace contexts from Micrometer Tracing: a request keeps its {@link TraceContext}, and the ids are read from it only
 * when a report is made. The tracer is looked up once, on the first request.
 *
 * @since 0.1.0
 */
public final class MicrometerTraceContexts implements TraceContextSource, TraceIdReader {

	private final Supplier<@Nullable Tracer> tracerLookup;

	private volatile @Nullable Tracer tracer;

	private volatile boolean looked;

	/**
	 * Creates the source.
	 * @param tracerLookup finds the application's tracer, or gives {@code null} when it has none
	 */
	public MicrometerTraceContexts(Supplier<@Nullable Tracer> tracerLookup) {
		this.tracerLookup = tracerLookup;
	}

	@Override
	public @Nullable Object current() {
		Tracer tracer = tracer();
		return (tracer != null) ? tracer.currentTraceContext().context() : null;
	}

	@Override
	public @Nullable Object of(Observation.Context observation) {
		TracingContext tracing = observation.get(TracingContext.class);
		Span span = (tracing != null) ? tracing.getSpan() : null;
		return (span != null) ? span.context() : null;
	}

	private @Nullable Tracer tracer() {
		if (!this.looked) {
			this.tracer = this.tracerLookup.get();
			this.looked = true;
		}
		return this.tracer;
	}

	@Override
	public @Nullable String traceId(Object traceContext) {
		return (traceContext instanceof TraceContext context) ? idOrNull(context.traceId()) : null;
	}

	@Override
	public @Nullable String spanId(Object traceContext) {
		return (traceContext instanceof TraceContext context) ? idOrNull(context.spanId()) : null;
	}

	private static @Nullable String idOrNull(@Nullable String id) {
		return (id != null && !id.isEmpty()) ? id : null;
	}

}
