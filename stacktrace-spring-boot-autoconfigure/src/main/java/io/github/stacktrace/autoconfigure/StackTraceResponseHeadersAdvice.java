package io.github.stacktrace.autoconfigure;

import io.github.stacktrace.actuate.StackTraceResponseHeaders;

import org.springframework.web.bind.annotation.ControllerAdvice;

/**
 * The {@link StackTraceResponseHeaders} as the {@code @ControllerAdvice} bean Spring MVC looks for, in every context
 * that serves the endpoint (a management context on its own port looks in its parent too). Annotated here rather than
 * in the actuate package, so that an application scanning that package does not pick it up as a component.
 */
@ControllerAdvice
class StackTraceResponseHeadersAdvice extends StackTraceResponseHeaders {

	StackTraceResponseHeadersAdvice(long retryAfterSeconds) {
		super(retryAfterSeconds);
	}

}
