package io.github.stacktrace.actuate;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds the endpoint's headers to each of its answers in WebFlux applications, as the answer is committed:
 * {@code X-Content-Type-Options: nosniff} and the HTML page's {@code Content-Security-Policy} on every one, and
 * {@code Retry-After} on a 503 refusal, as {@link StackTraceResponseHeaders} does for Spring MVC.
 * <p>
 * A web filter runs before the handler is mapped, so the answer is recognised when it is committed, by the handler
 * that made it (the endpoint's operation as Boot's actuator names it), never by its path: the headers come however the
 * endpoint is reached. Every other answer of the application costs one attribute look-up at its commit.
 *
 * @since 0.1.0
 */
public class StackTraceWebFluxHeaders implements WebFilter {

	private final String retryAfterSeconds;

	/**
	 * Creates the filter.
	 * @param retryAfterSeconds what {@code Retry-After} says on a 503, in seconds
	 */
	public StackTraceWebFluxHeaders(long retryAfterSeconds) {
		this.retryAfterSeconds = Long.toString(retryAfterSeconds);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			if (StackTraceHandlers
				.isStackTraceOperation(exchange.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE))) {
				HttpStatusCode status = response.getStatusCode();
				StackTraceHandlers.addHeaders(response.getHeaders(), (status != null) ? status.value() : 0,
						this.retryAfterSeconds);
			}
			return Mono.empty();
		});
		return chain.filter(exchange);
	}

}
