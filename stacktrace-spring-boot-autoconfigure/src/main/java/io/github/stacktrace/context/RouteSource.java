package io.github.stacktrace.context;

import org.jspecify.annotations.Nullable;

/**
 * The route template of a request that is known only once its handler is mapped, which may happen after the thread
 * started serving it and without the thread telling its slot (a reactive request's handler is mapped inside the
 * reactive pipeline). It is read when a report is made, from the capturing thread, so it must be safe to call from
 * any thread and cheap.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface RouteSource {

	/**
	 * The route template as Spring's {@code http.server.requests} observation names it.
	 * @return the route, or {@code null} while no handler is mapped
	 */
	@Nullable String route();

}
