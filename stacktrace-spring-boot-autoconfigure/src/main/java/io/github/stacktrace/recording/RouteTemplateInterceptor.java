package io.github.stacktrace.recording;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RouteTemplates;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.AsyncHandlerInterceptor;
import org.springframework.web.servlet.handler.AbstractUrlHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Fills in the route template of the request the thread serves once a handler mapping has chosen its handler: the
 * best-matching pattern, as Spring's {@code http.server.requests} observation names it. Registered as a mapped
 * interceptor, so that every handler mapping applies it, the actuator's included.
 * <p>
 * A URL handler mapping's default handler is given the request's own lookup path as its "best-matching pattern", so
 * that pattern may be a raw path, with whatever the client put in it. A pattern is taken for a route only when it is
 * not that: an annotated handler's (always one of its declared patterns), the root, a pattern that differs from the
 * lookup path (a template such as {@code /orders/{id}} or {@code /**}), or a literal path a URL handler mapping
 * registers. Otherwise the route is {@code UNKNOWN}.
 *
 * @since 0.1.0
 */
public class RouteTemplateInterceptor implements AsyncHandlerInterceptor {

	/** The request attribute holding the route this interceptor chose, for the request's later dispatches. */
	static final String ROUTE_ATTRIBUTE = RouteTemplateInterceptor.class.getName() + ".route";

	private final RequestContextRegistry registry;

	private final Supplier<? extends Collection<? extends AbstractUrlHandlerMapping>> urlMappings;

	/**
	 * Creates an interceptor that knows no URL handler mapping: a pattern that is the request's lookup path is then
	 * never a route, unless the handler is an annotated one.
	 * @param registry where the request is recorded
	 */
	public RouteTemplateInterceptor(RequestContextRegistry registry) {
		this(registry, List::of);
	}

	/**
	 * Creates the interceptor.
	 * @param registry where the request is recorded
	 * @param urlMappings the application's URL handler mappings, whose registered paths are routes
	 */
	public RouteTemplateInterceptor(RequestContextRegistry registry,
			Supplier<? extends Collection<? extends AbstractUrlHandlerMapping>> urlMappings) {
		this.registry = registry;
		this.urlMappings = urlMappings;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String route = routeOf(request, handler);
		if (route != null) {
			this.registry.slot().route(route);
		}
		return true;
	}

	/**
	 * Keeps the chosen route for the request's async dispatch, whose filter records it before any handler mapping
	 * runs again. Only then: a request attribute costs an allocation, and the common request must cost none.
	 */
	@Override
	public void afterConcurrentHandlingStarted(HttpServletRequest request, HttpServletResponse response,
			Object handler) {
		String route = routeOf(request, handler);
		if (route != null) {
			request.setAttribute(ROUTE_ATTRIBUTE, route);
		}
	}

	private @Nullable String routeOf(HttpServletRequest request, Object handler) {
		String route = RequestContextFilter.patternRouteOf(request);
		if (route != null && isLookupPathOnly(request, route, handler)) {
			return RouteTemplates.UNKNOWN;
		}
		return route;
	}

	private boolean isLookupPathOnly(HttpServletRequest request, String route, Object handler) {
		if (handler instanceof HandlerMethod || route.equals(RouteTemplates.ROOT) || route.equals("/")
				|| !route.equals(lookupPath(request))) {
			return false;
		}
		for (AbstractUrlHandlerMapping mapping : this.urlMappings.get()) {
			if (mapping.getHandlerMap().containsKey(route)) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String lookupPath(HttpServletRequest request) {
		try {
			// The path the handler mappings looked up, parsed and cached by the dispatcher.
			return ServletRequestPathUtils.getCachedPathValue(request);
		}
		catch (IllegalArgumentException ex) {
			return request.getRequestURI().substring(request.getContextPath().length());
		}
	}

}
