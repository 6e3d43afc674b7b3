package io.github.stacktrace.recording;

import java.io.IOException;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.context.RouteTemplates;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Records on the serving thread's slot that it serves a servlet request, from the moment the request reaches this
 * filter until it leaves it, whichever way it leaves (response, exception, client abort). A request put into async
 * mode leaves its first thread, which then shows nothing; the thread of its async dispatch shows it again, with its
 * original start. Register it for {@code REQUEST} and {@code ASYNC} dispatches, inside the observation filter so that
 * the request's span is current.
 * <p>
 * Per request it allocates nothing and takes no lock: the method is one of a few constants, the route is filled in by
 * {@link RouteTemplateInterceptor} once the handler is known.
 *
 * @since 0.1.0
 */
public class RequestContextFilter implements Filter {

	/** The request attribute that keeps the start of a request handed off to async processing. */
	static final String STARTED_ATTRIBUTE = RequestContextFilter.class.getName() + ".started";

	private final RequestContextRegistry registry;

	private final TraceContextSource traces;

	/**
	 * Creates the filter.
	 * @param registry where to record
	 * @param traces gives the current trace context
	 */
	public RequestContextFilter(RequestContextRegistry registry, TraceContextSource traces) {
		this.registry = registry;
		this.traces = traces;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest http)) {
			chain.doFilter(request, response);
			return;
		}
		RequestContextSlot slot = this.registry.slot();
		long started;
		String route = null;
		if (http.getDispatcherType() == DispatcherType.ASYNC) {
			started = startOf(http);
			route = routeOf(http);
		}
		else {
			started = System.nanoTime();
		}
		slot.begin(RouteTemplates.method(http.getMethod()), started, route, this.traces.current());
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (http.isAsyncStarted() && http.getAttribute(STARTED_ATTRIBUTE) == null) {
				http.setAttribute(STARTED_ATTRIBUTE, started);
			}
			slot.end();
		}
	}

	/**
	 * The start of a request resumed in an async dispatch, or now when it is not known.
	 * @param request the request
	 * @return its start as a {@link System#nanoTime()}
	 */
	static long startOf(HttpServletRequest request) {
		return (request.getAttribute(STARTED_ATTRIBUTE) instanceof Long started) ? started : System.nanoTime();
	}

	/**
	 * The route template of a request whose handler was mapped: the route {@link RouteTemplateInterceptor} chose for
	 * it, or {@code UNKNOWN} when it did not see the mapping (a pattern alone may be the raw path).
	 * @param request the request
	 * @return the route, or {@code null} when no handler was mapped
	 */
	static @Nullable String routeOf(HttpServletRequest request) {
		if (request.getAttribute(RouteTemplateInterceptor.ROUTE_ATTRIBUTE) instanceof String route) {
			return route;
		}
		return (patternRouteOf(request) != null) ? RouteTemplates.UNKNOWN : null;
	}

	/**
	 * The route the best-matching pattern of a request names, which may be the request's own lookup path.
	 * @param request the request
	 * @return the route, or {@code null} when no handler was mapped
	 */
	static @Nullable String patternRouteOf(HttpServletRequest request) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		return (pattern != null) ? RouteTemplates.route(pattern.toString()) : null;
	}

}
