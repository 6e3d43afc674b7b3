package io.github.stacktrace.recording;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RouteTemplates;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Records which thread runs a WebFlux request. A reactive request hops threads and an event-loop thread runs parts of
 * many requests in turn, so the request is recorded on the thread that runs it at the moment, never for its whole
 * life on one thread:
 * <ul>
 * <li>the thread that subscribes to the rest of the filter chain shows the request while it does, which covers the
 * handler mapping and a handler that runs (or blocks) synchronously;</li>
 * <li>the request is put into the Reactor {@code Context} under {@link ReactiveRequest#CONTEXT_KEY}, where
 * {@link ReactiveRequestAccessor} lets Reactor set it on a thread wherever Reactor sets thread locals from a context
 * ({@code handle} and {@code tap} in either mode; with automatic context propagation also every {@code contextWrite}
 * boundary and source from outside Reactor), and, with automatic context propagation, Reactor passes it on to every
 * task a thread that shows it schedules.</li>
 * </ul>
 * The route template is read from the exchange when a report is made; the trace context is the one of the request's
 * observation, where Micrometer Tracing started a span for it.
 *
 * @since 0.1.0
 */
public class RequestContextWebFilter implements WebFilter, Ordered {

	private final RequestContextRegistry registry;

	private final TraceContextSource traces;

	private final boolean propagated;

	private final int order;

	/**
	 * Creates the filter.
	 * @param registry where to record
	 * @param traces gives the trace context of a request
	 * @param propagated whether to put the request into the Reactor {@code Context}, for context propagation to follow
	 * @param order the filter's order
	 */
	public RequestContextWebFilter(RequestContextRegistry registry, TraceContextSource traces, boolean propagated,
			int order) {
		this.registry = registry;
		this.traces = traces;
		this.propagated = propagated;
		this.order = order;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ReactiveRequest request = new ReactiveRequest(this.registry,
				RouteTemplates.method(exchange.getRequest().getMethod().name()), System.nanoTime(),
				exchange.getAttributes(), traceContextOf(exchange),
				exchange.getRequest().getPath().pathWithinApplication().value());
		Mono<Void> served = new ShownWhileSubscribing(chain.filter(exchange), request);
		return this.propagated ? served.contextWrite(Context.of(ReactiveRequest.CONTEXT_KEY, request)) : served;
	}

	private @Nullable Object traceContextOf(ServerWebExchange exchange) {
		Object observation = exchange
			.getAttribute(ServerRequestObservationContext.CURRENT_OBSERVATION_CONTEXT_ATTRIBUTE);
		Object traceContext = (observation instanceof Observation.Context context) ? this.traces.of(context) : null;
		return (traceContext != null) ? traceContext : this.traces.current();
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	/**
	 * Shows the subscribing thread running the request while the subscription runs through the chain, and what it ran
	 * before once it is back.
	 */
	private static final class ShownWhileSubscribing extends Mono<Void> {

		private final Mono<Void> source;

		private final ReactiveRequest request;

		ShownWhileSubscribing(Mono<Void> source, ReactiveRequest request) {
			this.source = source;
			this.request = request;
		}

		@Override
		public void subscribe(CoreSubscriber<? super Void> actual) {
			ReactiveRequest previous = ReactiveRequestThreads.enter(this.request);
			try {
				this.source.subscribe(actual);
			}
			finally {
				ReactiveRequestThreads.restore(previous);
			}
		}

	}

}
