package io.github.stacktrace.recording;

import java.util.Map;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RouteSource;
import io.github.stacktrace.context.RouteTemplates;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.util.pattern.PathPattern;

/**
 * A reactive request as its Reactor {@code Context} carries it, for whichever thread runs it to show: its method and
 * start, fixed when it reached the filter; its trace context; and its route template, read from the exchange's
 * attributes (where the handler mapping puts the best-matching pattern) when a report is made, since the handler is
 * mapped after the filter has run. Created once per request and never changed; two requests are told apart by
 * identity.
 *
 * @since 0.1.0
 */
public final class ReactiveRequest implements RouteSource {

	/** The key of the request in a Reactor {@code Context} and in context snapshots. */
	public static final String CONTEXT_KEY = "io.github.stacktrace.request";

	private final RequestContextRegistry registry;

	private final String method;

	private final long startedNanos;

	private final Map<String, Object> attributes;

	private final @Nullable Object traceContext;

	private final @Nullable String lookupPath;

	/**
	 * Creates the request.
	 * @param registry where the threads that run it record it
	 * @param method the HTTP method, one of the constants of {@link RouteTemplates#method(String)}
	 * @param startedNanos the {@link System#nanoTime()} it reached the filter at
	 * @param attributes the exchange's attributes, a concurrent map
	 * @param traceContext the tracer's context of the request, or {@code null}
	 */
	public ReactiveRequest(RequestContextRegistry registry, String method, long startedNanos,
			Map<String, Object> attributes, @Nullable Object traceContext) {
		this(registry, method, startedNanos, attributes, traceContext, null);
	}

	/**
	 * Creates the request.
	 * @param registry where the threads that run it record it
	 * @param method the HTTP method, one of the constants of {@link RouteTemplates#method(String)}
	 * @param startedNanos the {@link System#nanoTime()} it reached the filter at
	 * @param attributes the exchange's attributes, a concurrent map
	 * @param traceContext the tracer's context of the request, or {@code null}
	 * @param lookupPath the request's path within the application, which a pattern given as a string must not be, or
	 * {@code null} when not known
	 */
	public ReactiveRequest(RequestContextRegistry registry, String method, long startedNanos,
			Map<String, Object> attributes, @Nullable Object traceContext, @Nullable String lookupPath) {
		this.registry = registry;
		this.method = method;
		this.startedNanos = startedNanos;
		this.attributes = attributes;
		this.traceContext = traceContext;
		this.lookupPath = lookupPath;
	}

	/**
	 * The route: WebFlux's handler mappings give the best-matching pattern as a parsed {@link PathPattern}, one they
	 * registered; a pattern given as a plain string (by some other mapping) is taken only when it is not the request's
	 * own path, which may hold whatever the client put in it.
	 */
	@Override
	public @Nullable String route() {
		Object pattern = this.attributes.get(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern == null) {
			return null;
		}
		if (pattern instanceof PathPattern parsed) {
			return RouteTemplates.route(parsed.getPatternString());
		}
		String route = RouteTemplates.route(pattern.toString());
		boolean lookupPathOnly = !route.equals("/") && !route.equals(RouteTemplates.ROOT)
				&& route.equals(this.lookupPath);
		return lookupPathOnly ? RouteTemplates.UNKNOWN : route;
	}

	RequestContextRegistry registry() {
		return this.registry;
	}

	/**
	 * Records on the calling thread's slot that it runs this request now.
	 */
	void showOnCurrentThread() {
		this.registry.slot().beginWithRouteSource(this.method, this.startedNanos, this, this.traceContext);
	}

}
