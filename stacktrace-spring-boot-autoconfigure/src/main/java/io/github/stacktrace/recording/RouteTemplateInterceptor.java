package io.github.stacktrace.recording;

import io.github.stacktrace.context.RequestContextRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Fills in the route template of the request the thread serves once a handler mapping has chosen its handler: the
 * best-matching pattern, as Spring's {@code http.server.requests} observation names it. Registered as a mapped
 * interceptor, so that every handler mapping applies it, the actuator's included.
 *
 * @since 0.1.0
 */
public class RouteTemplateInterceptor implements HandlerInterceptor {

	private final RequestContextRegistry registry;

	/**
	 * Creates the interceptor.
	 * @param registry where the request is recorded
	 */
	public RouteTemplateInterceptor(RequestContextRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String route = RequestContextFilter.routeOf(request);
		if (route != null) {
			this.registry.slot().route(route);
		}
		return true;
	}

}
