package io.github.stacktrace.report;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a thread was serving when its stack was taken: an HTTP request, named by its method and route template as
 * Boot's {@code http.server.requests} metric names it (never the raw path or query), or a scheduled task, named by its
 * method; how long it had been running; and its trace, where Micrometer Tracing is on.
 *
 * @param method the HTTP method ({@code GET}, …, {@code UNKNOWN}), {@link #SCHEDULED} for a scheduled task, or
 * {@link #ASYNC} for an executor's task
 * @param route the route template ({@code /orders/{id}}, {@code root}, {@code UNKNOWN} while no handler is known), the
 * scheduled or {@code @Async} method as {@code SimpleClassName.method}, or an executor task's class
 * @param startedNanos the {@link System#nanoTime()} at which it started, which tells two requests of one thread apart
 * @param elapsed how long it had been running when it was read
 * @param traceId the trace id, or {@code null} when not traced
 * @param spanId the span id, or {@code null} when not traced
 * @since 0.1.0
 */
public record RequestContext(String method, String route, long startedNanos, Duration elapsed,
		@Nullable String traceId, @Nullable String spanId) {

	/** The method of a scheduled task's context. */
	public static final String SCHEDULED = "SCHEDULED";

	/** The method of the context of a task run by a Spring-managed executor ({@code @Async} among them). */
	public static final String ASYNC = "ASYNC";

	/**
	 * Creates a request context.
	 * @param method the HTTP method, or {@link #SCHEDULED} for a scheduled task
	 * @param route the route template, or the scheduled method
	 * @param startedNanos the {@link System#nanoTime()} at which it started
	 * @param elapsed how long it had been running when it was read
	 * @param traceId the trace id, or {@code null} when not traced
	 * @param spanId the span id, or {@code null} when not traced
	 */
	public RequestContext {
		Objects.requireNonNull(method, "method");
		Objects.requireNonNull(route, "route");
		Objects.requireNonNull(elapsed, "elapsed");
	}

	/**
	 * The request as one line shows it: {@code GET /orders/{id}}, {@code SCHEDULED Jobs.cleanup}.
	 * @return the method and route
	 */
	public String description() {
		return this.method + " " + this.route;
	}

}
