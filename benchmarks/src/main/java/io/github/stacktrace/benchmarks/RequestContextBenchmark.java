package io.github.stacktrace.benchmarks;

import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.recording.RequestContextFilter;
import io.github.stacktrace.recording.RouteTemplateInterceptor;
import io.github.stacktrace.recording.TraceContextSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * What recording the request each thread serves costs a request: the servlet filter (slot lookup, start, end) and the
 * route interceptor, against the same chain without them. Run with {@code -t 1} and {@code -t 200}: each thread
 * writes only its own slot, so throughput should not fall as threads are added. On Java 21+, a virtual thread per
 * request against a bare virtual thread shows what its one slot per request costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class RequestContextBenchmark {

	private final RequestContextRegistry registry = new RequestContextRegistry();

	private final RequestContextFilter filter = new RequestContextFilter(this.registry, TraceContextSource.NONE);

	private final RouteTemplateInterceptor interceptor = new RouteTemplateInterceptor(this.registry);

	private final HttpServletResponse response = proxy(HttpServletResponse.class);

	private HttpServletRequest request;

	// Made once: what a request allocates is then the filter's and the interceptor's own.
	private FilterChain handler;

	private FilterChain mappedHandler;

	// An annotated controller's method, as most requests have: its pattern is always one it declares.
	private HandlerMethod handlerMethod;

	@Setup
	public void setUp(Blackhole blackhole) throws NoSuchMethodException {
		this.handlerMethod = new HandlerMethod(this, getClass().getMethod("chainAlone"));
		this.request = new BenchmarkRequest(proxy(HttpServletRequest.class));
		this.handler = (request, response) -> handle(request, response, blackhole);
		this.mappedHandler = (request, response) -> {
			this.interceptor.preHandle((HttpServletRequest) request, this.response, this.handlerMethod);
			handle(request, response, blackhole);
		};
	}

	@Benchmark
	public void chainAlone() throws Exception {
		this.handler.doFilter(this.request, this.response);
	}

	@Benchmark
	public void chainWithFilter() throws Exception {
		this.filter.doFilter(this.request, this.response, this.handler);
	}

	@Benchmark
	public void chainWithFilterAndRoute() throws Exception {
		this.filter.doFilter(this.request, this.response, this.mappedHandler);
	}

	@Benchmark
	public void slotBeginRouteEnd() {
		RequestContextSlot slot = this.registry.slot();
		slot.begin("GET", System.nanoTime(), null, null);
		slot.route("/orders/{id}");
		slot.end();
	}

	@Benchmark
	public void virtualThreadAlone(Blackhole blackhole) throws Exception {
		BenchmarkSupport.runOnVirtualThread(() -> blackhole.consume(Thread.currentThread()));
	}

	@Benchmark
	public void virtualThreadWithRequest(Blackhole blackhole) throws Exception {
		BenchmarkSupport.runOnVirtualThread(() -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("GET", System.nanoTime(), "/orders/{id}", null);
			blackhole.consume(Thread.currentThread());
			slot.end();
		});
	}

	private static void handle(Object request, ServletResponse response, Blackhole blackhole) {
		blackhole.consume(request);
		blackhole.consume(response);
	}

	private static <T> T proxy(Class<T> type) {
		return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
			throw new UnsupportedOperationException(method.getName());
		}));
	}

	/** The few request methods the filter and the interceptor call, without a container. */
	private static final class BenchmarkRequest extends HttpServletRequestWrapper {

		BenchmarkRequest(HttpServletRequest request) {
			super(request);
		}

		@Override
		public String getMethod() {
			return "GET";
		}

		@Override
		public DispatcherType getDispatcherType() {
			return DispatcherType.REQUEST;
		}

		@Override
		public boolean isAsyncStarted() {
			return false;
		}

		@Override
		public Object getAttribute(String name) {
			return HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE.equals(name) ? "/orders/{id}" : null;
		}

	}

}
