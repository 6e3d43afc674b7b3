package io.github.stacktrace.context;

/**
 * The names Spring's {@code http.server.requests} observation gives requests, so that a request reads the same in a
 * report as in its metrics.
 *
 * @since 0.1.0
 */
public final class RouteTemplates {

	/** The route of a request whose handler is not known (yet), as the metric's {@code uri} tag names it. */
	public static final String UNKNOWN = "UNKNOWN";

	/** The route of a request mapped to the empty pattern. */
	public static final String ROOT = "root";

	private static final String[] METHODS = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE" };

	private RouteTemplates() {
	}

	/**
	 * The method as the metric's {@code method} tag names it: a standard HTTP method, or {@code UNKNOWN}. The constant
	 * is returned, so no request keeps its own copy and no made-up method reaches a report.
	 * @param method the request's method
	 * @return one of the standard methods' names, or {@code UNKNOWN}
	 */
	public static String method(String method) {
		for (String known : METHODS) {
			if (known.equals(method)) {
				return known;
			}
		}
		return UNKNOWN;
	}

	/**
	 * The route as the metric's {@code uri} tag names it: the pattern, or {@code root} for the empty one.
	 * @param pattern the best-matching pattern of the handler
	 * @return the route
	 */
	public static String route(String pattern) {
		return pattern.isEmpty() ? ROOT : pattern;
	}

}
