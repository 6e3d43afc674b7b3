package io.github.stacktrace.actuate;

import java.io.IOException;
import java.util.function.Supplier;

import io.github.stacktrace.context.RequestContextRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Names the endpoint's own requests by the endpoint's path from the moment they are recorded, before their handler is
 * mapped: the filters in between (Spring Security hashing a password, say) may take longer than a stuck-request
 * threshold, and a request still {@code UNKNOWN} then could not be told from the application's. The route template
 * the handler mapping gives later replaces it. Runs right after the filter that records the request.
 *
 * @since 0.1.0
 */
public class EndpointRouteFilter implements Filter {

	private final RequestContextRegistry registry;

	private final Supplier<String> endpointPath;

	/**
	 * Creates the filter.
	 * @param registry where the request is recorded
	 * @param endpointPath the path the endpoint is mapped to, asked for per request
	 */
	public EndpointRouteFilter(RequestContextRegistry registry, Supplier<String> endpointPath) {
		this.registry = registry;
		this.endpointPath = endpointPath;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http) {
			String path = this.endpointPath.get();
			if (isEndpoint(http, path)) {
				// The endpoint's fixed path, never the raw one: a template like the handler's.
				this.registry.slot().route(path);
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether a request is for the endpoint or one of its sub-paths, by its path. Only an early name hangs on it: a
	 * request this misses (another servlet path, say) is named by its handler mapping a moment later, as any other.
	 */
	static boolean isEndpoint(HttpServletRequest request, String endpointPath) {
		// Compared in place: this runs on every request, which must allocate nothing.
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		if (!uri.startsWith(contextPath) || !uri.startsWith(endpointPath, contextPath.length())) {
			return false;
		}
		int end = contextPath.length() + endpointPath.length();
		return uri.length() == end || uri.charAt(end) == '/' || uri.charAt(end) == ';';
	}

}
