package io.github.stacktrace.actuate;

import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The raw {@code Accept} header of the request the calling thread serves, where the web stack tells it: Spring MVC's
 * dispatcher binds each request to its thread ({@link RequestContextHolder}), on the main port and on a management
 * port alike. An operation gets only what Boot resolved from that header, token by token and without q-values; this
 * lets the endpoint negotiate as Spring does. WebFlux binds no request to a thread: there it is not known, and
 * {@link AcceptQualityWebFilter} negotiates before Boot resolves the header instead.
 */
final class RequestAcceptHeader {

	private static final boolean SERVLET = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
			RequestAcceptHeader.class.getClassLoader());

	private RequestAcceptHeader() {
	}

	/**
	 * The header's values.
	 * @return the values, empty when the request has none, or {@code null} when no request is bound to this thread
	 */
	static @Nullable List<String> current() {
		return SERVLET ? Servlet.current() : null;
	}

	/** Loaded only where the servlet API is present. */
	private static final class Servlet {

		static @Nullable List<String> current() {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes instanceof ServletRequestAttributes servlet) {
				return Collections.list(servlet.getRequest().getHeaders("Accept"));
			}
			return null;
		}

	}

}
