package io.github.stacktrace.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Adds the endpoint's headers to each of its answers in Spring MVC applications, as the answer is written:
 * {@code X-Content-Type-Options: nosniff} and the HTML page's {@code Content-Security-Policy} on every one, and
 * {@code Retry-After} on a 503 refusal. An actuator operation sets a status, a body and a content type, never a
 * header, so they are set here, just before Spring MVC writes the body the operation returned.
 * <p>
 * The answer is recognised by the handler that made it, the endpoint's operation as Boot's actuator maps it, not by
 * its path: so the headers come however the endpoint is reached (a separate management port, a servlet path, path
 * parameters). Every other answer of the application costs one class check. Spring MVC applies it as a
 * {@code @ControllerAdvice} bean, which the auto-configuration declares.
 *
 * @since 0.1.0
 */
public class StackTraceResponseHeaders implements ResponseBodyAdvice<Object> {

	// Boot's handler of every actuator operation over Spring MVC, in Boot 4 and in Boot 3.5 (another package).
	private static final String OPERATION_HANDLER = "AbstractWebMvcEndpointHandlerMapping$OperationHandler";

	private final String retryAfterSeconds;

	/**
	 * Creates the advice.
	 * @param retryAfterSeconds what {@code Retry-After} says on a 503, in seconds
	 */
	public StackTraceResponseHeaders(long retryAfterSeconds) {
		this.retryAfterSeconds = Long.toString(retryAfterSeconds);
	}

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return returnType.getContainingClass().getName().endsWith(OPERATION_HANDLER);
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (request instanceof ServletServerHttpRequest servlet
				&& StackTraceHandlers.isStackTraceOperation(servlet.getServletRequest().getAttribute(
						HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE))) {
			int status = (response instanceof ServletServerHttpResponse servletResponse)
					? servletResponse.getServletResponse().getStatus() : 0;
			StackTraceHandlers.addHeaders(response.getHeaders(), status, this.retryAfterSeconds);
		}
		return body;
	}

}
