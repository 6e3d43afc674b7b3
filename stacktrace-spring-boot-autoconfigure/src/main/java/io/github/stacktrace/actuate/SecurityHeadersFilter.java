package io.github.stacktrace.actuate;

import java.io.IOException;
import java.util.function.Supplier;

import io.github.stacktrace.render.HtmlReportRenderer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Adds {@code X-Content-Type-Options: nosniff} and the HTML page's {@code Content-Security-Policy} to every response
 * of the endpoint in servlet applications. An actuator operation cannot set headers, so they are set here, before the
 * operation runs. The policy lets the page run its own inline script and style and nothing else; on a text or JSON
 * response it changes nothing, and {@code nosniff} keeps a browser from reading a text report as a page.
 *
 * @since 0.1.0
 */
public class SecurityHeadersFilter implements Filter {

	private final Supplier<String> endpointPath;

	/**
	 * Creates the filter.
	 * @param endpointPath the endpoint's path below the context path, e.g. {@code /actuator/stacktrace}, asked for
	 * lazily because endpoints are mapped after filters are made
	 */
	public SecurityHeadersFilter(Supplier<String> endpointPath) {
		this.endpointPath = endpointPath;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
				&& RetryAfterFilter.isEndpoint(http, this.endpointPath.get())) {
			httpResponse.setHeader("X-Content-Type-Options", "nosniff");
			httpResponse.setHeader("Content-Security-Policy", HtmlReportRenderer.CONTENT_SECURITY_POLICY);
		}
		chain.doFilter(request, response);
	}

}
