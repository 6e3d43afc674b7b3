package io.github.stacktrace.recording;

import java.util.concurrent.Callable;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RouteTemplates;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;

/**
 * Records the request on the thread that runs a controller's {@code Callable}, while it runs: between the request
 * thread handing the request off and the async dispatch taking it back, that thread is the one serving it.
 *
 * @since 0.1.0
 */
public class AsyncRequestContextInterceptor implements CallableProcessingInterceptor {

	private final RequestContextRegistry registry;

	private final TraceContextSource traces;

	/**
	 * Creates the interceptor.
	 * @param registry where to record
	 * @param traces gives the current trace context
	 */
	public AsyncRequestContextInterceptor(RequestContextRegistry registry, TraceContextSource traces) {
		this.registry = registry;
		this.traces = traces;
	}

	@Override
	public <T> void beforeConcurrentHandling(NativeWebRequest request, Callable<T> task) {
		// On the request thread, before the task can start elsewhere: the task's thread shows the original start.
		HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
		if (http != null && http.getAttribute(RequestContextFilter.STARTED_ATTRIBUTE) == null) {
			http.setAttribute(RequestContextFilter.STARTED_ATTRIBUTE, this.registry.slot().startedNanos());
		}
		// The route too, for the same reason: the task may start before the handler's interceptors hear that
		// concurrent handling started.
		String route = this.registry.slot().route();
		if (http != null && route != null && http.getAttribute(RouteTemplateInterceptor.ROUTE_ATTRIBUTE) == null) {
			http.setAttribute(RouteTemplateInterceptor.ROUTE_ATTRIBUTE, route);
		}
	}

	@Override
	public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
		HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
		if (http != null) {
			this.registry.slot()
				.begin(RouteTemplates.method(http.getMethod()), RequestContextFilter.startOf(http),
						RequestContextFilter.routeOf(http), this.traces.current());
		}
	}

	@Override
	public <T> void postProcess(NativeWebRequest request, Callable<T> task, Object concurrentResult) {
		this.registry.slot().end();
	}

}
