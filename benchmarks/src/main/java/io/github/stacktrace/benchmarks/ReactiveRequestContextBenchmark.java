package io.github.stacktrace.benchmarks;

import java.util.concurrent.TimeUnit;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.recording.RequestContextWebFilter;
import io.github.stacktrace.recording.TraceContextSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;

/**
 * What recording the request a thread serves costs a WebFlux request: the chain alone (a handler that completes at
 * once), the same behind {@link RequestContextWebFilter} without putting the request into the Reactor context (what
 * {@code spring.reactor.context-propagation=limited} without the accessor needs), and with it. Each operation
 * subscribes to the filter's {@code Mono} and sees it complete on the calling thread, as a handler that answers at
 * once does; {@code -prof gc} gives the bytes each adds.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ReactiveRequestContextBenchmark {

	private final RequestContextRegistry registry = new RequestContextRegistry();

	private final RequestContextWebFilter shownOnly = new RequestContextWebFilter(this.registry,
			TraceContextSource.NONE, false, 0);

	private final RequestContextWebFilter propagated = new RequestContextWebFilter(this.registry,
			TraceContextSource.NONE, true, 0);

	private ServerWebExchange exchange;

	private WebFilterChain chain;

	private Completion completion;

	@Setup
	public void setUp(Blackhole blackhole) {
		this.exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/orders/42"));
		Mono<Void> handled = Mono.empty();
		this.chain = (exchange) -> handled;
		this.completion = new Completion(blackhole);
	}

	@Benchmark
	public void chainAlone() {
		this.chain.filter(this.exchange).subscribe(this.completion);
	}

	@Benchmark
	public void behindTheFilter() {
		this.shownOnly.filter(this.exchange, this.chain).subscribe(this.completion);
	}

	@Benchmark
	public void behindTheFilterWithTheContext() {
		this.propagated.filter(this.exchange, this.chain).subscribe(this.completion);
	}

	/**
	 * A subscriber made once, which hands every signal to the blackhole.
	 */
	private static final class Completion implements CoreSubscriber<Void> {

		private final Blackhole blackhole;

		Completion(Blackhole blackhole) {
			this.blackhole = blackhole;
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(Void value) {
			this.blackhole.consume(value);
		}

		@Override
		public void onError(Throwable error) {
			this.blackhole.consume(error);
		}

		@Override
		public void onComplete() {
			this.blackhole.consume(this);
		}

	}

}
