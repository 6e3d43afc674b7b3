package io.github.stacktrace.actuate;

import io.github.stacktrace.render.HtmlReportRenderer;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * How the endpoint's answers are told from the application's, and the headers they carry, for Spring MVC and WebFlux
 * alike: neither stack's classes are touched here, so either can be absent.
 */
final class StackTraceHandlers {

	// How Boot's actuator names the handler of each of the endpoint's operations, over Spring MVC and WebFlux.
	private static final String OPERATION_NAME = "Actuator web endpoint 'stacktrace";

	static final int STATUS_SERVICE_UNAVAILABLE = 503;

	private StackTraceHandlers() {
	}

	/**
	 * Whether a handler is one of the endpoint's operations: Boot names them {@code Actuator web endpoint
	 * 'stacktrace'} and {@code Actuator web endpoint 'stacktrace-…'}.
	 * @param handler the handler that made the answer
	 * @return {@code true} for the endpoint's
	 */
	static boolean isStackTraceOperation(@Nullable Object handler) {
		if (handler == null) {
			return false;
		}
		String name = handler.toString();
		return name.startsWith(OPERATION_NAME) && name.length() > OPERATION_NAME.length()
				&& (name.charAt(OPERATION_NAME.length()) == '\'' || name.charAt(OPERATION_NAME.length()) == '-');
	}

	/**
	 * Adds the endpoint's headers to one of its answers.
	 * @param headers the answer's headers
	 * @param status the answer's status
	 * @param retryAfterSeconds what {@code Retry-After} says on a 503
	 */
	static void addHeaders(HttpHeaders headers, int status, String retryAfterSeconds) {
		headers.set("X-Content-Type-Options", "nosniff");
		headers.set("Content-Security-Policy", HtmlReportRenderer.CONTENT_SECURITY_POLICY);
		if (status == STATUS_SERVICE_UNAVAILABLE) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
		}
	}

}
