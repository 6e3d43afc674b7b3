package io.github.stacktrace.webflux;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.test.Gate;
import io.github.stacktrace.tracing.SimpleTracingConfiguration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A WebFlux application on Reactor Netty whose requests can be held, on a bounded-elastic thread or on the event loop,
 * while a test captures the threads, and whose requests end in every way a reactive request can end. Traced by
 * Micrometer Tracing's simple tracer through the observation of each request.
 */
@SpringBootApplication
@Import(SimpleTracingConfiguration.class)
class WebFluxTestApplication {

	@Bean
	Gates gates() {
		return new Gates();
	}

	/**
	 * Where a test holds a request, and counts how requests ended.
	 */
	static final class Gates {

		final AtomicReference<@Nullable Gate> held = new AtomicReference<>();

		final AtomicInteger cancelled = new AtomicInteger();

		final AtomicInteger aborted = new AtomicInteger();

	}

	@RestController
	static class OrdersController {

		private final Gates gates;

		OrdersController(Gates gates) {
			this.gates = gates;
		}

		/** Blocks a bounded-elastic thread, as a reactive application wraps a blocking call. */
		@GetMapping("/orders/{id}")
		Mono<String> order(@PathVariable String id) {
			return Mono.fromCallable(() -> {
				Gate.pass(this.gates.held);
				return "order\n";
			}).subscribeOn(Schedulers.boundedElastic());
		}

		/** Blocks the event loop that runs the request, as a handler that should not block does. */
		@GetMapping("/blocking/{id}")
		String blocking(@PathVariable String id) {
			Gate.pass(this.gates.held);
			return "blocked\n";
		}

		/** Blocks a bounded-elastic thread inside {@code handle}, where Reactor sets thread locals from the context. */
		@GetMapping("/handled/{id}")
		Mono<String> handled(@PathVariable String id) {
			return Mono.just(id).publishOn(Schedulers.boundedElastic()).handle((value, sink) -> {
				Gate.pass(this.gates.held);
				sink.next("handled\n");
			});
		}

		@GetMapping("/leak/ok")
		Mono<String> ok() {
			return Mono.just("ok\n");
		}

		@GetMapping("/leak/fail")
		Mono<String> fail() {
			return Mono.error(new IllegalStateException("failing on purpose"));
		}

		@GetMapping("/leak/elastic")
		Mono<String> elastic() {
			return Mono.fromCallable(() -> "elastic\n").subscribeOn(Schedulers.boundedElastic());
		}

		/** Sends one event, then waits minutes for the next: the client that disconnects meanwhile cancels it. */
		@GetMapping(path = "/leak/pending", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
		Flux<String> pending() {
			return Flux.concat(Mono.just("started"), Mono.delay(Duration.ofMinutes(5)).map((tick) -> "late"))
				.doOnCancel(this.gates.cancelled::incrementAndGet);
		}

		/** A long body: the client reads its first bytes and resets the connection. */
		@GetMapping("/leak/abort")
		Flux<DataBuffer> abort() {
			byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
			return Flux.range(0, 100_000)
				.<DataBuffer>map((i) -> DefaultDataBufferFactory.sharedInstance.wrap(chunk))
				.doOnCancel(this.gates.aborted::incrementAndGet);
		}

	}

}
