package io.github.stacktrace.actuate;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Adds {@code Retry-After} to the endpoint's 503 refusals in servlet applications. An actuator operation sets a
 * status, a body and a content type, never a header, so the header is added here, when the status is set and before
 * the one-line body is written. Every other request passes through untouched after one prefix check.
 *
 * @since 0.1.0
 */
public class RetryAfterFilter implements Filter {

	private final Supplier<String> endpointPath;

	private final String retryAfterSeconds;

	/**
	 * Creates the filter.
	 * @param endpointPath the endpoint's path below the context path, e.g. {@code /actuator/stacktrace}, asked for
	 * lazily because endpoints are mapped after filters are made
	 * @param retryAfterSeconds what {@code Retry-After} says, in seconds
	 */
	public RetryAfterFilter(Supplier<String> endpointPath, long retryAfterSeconds) {
		this.endpointPath = endpointPath;
		this.retryAfterSeconds = Long.toString(retryAfterSeconds);
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
				&& isEndpoint(http, this.endpointPath.get())) {
			chain.doFilter(request, new RetryAfterOnRefusal(httpResponse, this.retryAfterSeconds));
			return;
		}
		chain.doFilter(request, response);
	}

	/**
	 * Whether a request is for the endpoint or one of its sub-paths.
	 * @param request the request
	 * @param endpointPath the endpoint's path below the context path
	 * @return {@code true} when the request's path is the endpoint's or below it
	 */
	static boolean isEndpoint(HttpServletRequest request, String endpointPath) {
		String uri = request.getRequestURI();
		String path = request.getContextPath() + endpointPath;
		return uri.startsWith(path) && (uri.length() == path.length() || uri.charAt(path.length()) == '/');
	}

	private static final class RetryAfterOnRefusal extends HttpServletResponseWrapper {

		private final String retryAfterSeconds;

		RetryAfterOnRefusal(HttpServletResponse response, String retryAfterSeconds) {
			super(response);
			this.retryAfterSeconds = retryAfterSeconds;
		}

		@Override
		public void setStatus(int status) {
			super.setStatus(status);
			if (status == SC_SERVICE_UNAVAILABLE) {
				setHeader("Retry-After", this.retryAfterSeconds);
			}
		}

	}

}
