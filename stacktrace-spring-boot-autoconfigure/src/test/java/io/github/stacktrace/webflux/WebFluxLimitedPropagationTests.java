package io.github.stacktrace.webflux;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without automatic context propagation (Boot's default, {@code limited}), a WebFlux request is shown only on the
 * thread that runs the filter chain while it does: a handler that blocks the event loop is shown there, a handler that
 * moved to another thread is shown nowhere. Nothing is left behind either way.
 */
@WebFluxRequestContextTest
@TestPropertySource(properties = "spring.reactor.context-propagation=limited")
class WebFluxLimitedPropagationTests extends HeldWebFluxRequests {

	@BeforeAll
	static void limitedPropagation() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void aHandlerThatMovedToAnotherThreadIsShownNowhere() throws Exception {
		CompletableFuture<HttpResponse<String>> held = hold("/orders/3");
		// Once the event loop has returned from subscribing, no thread shows the request it holds.
		awaitServedByNoThread("GET /orders/{id}");
		this.gate.release.countDown();
		assertThat(held.get().body()).isEqualTo("order\n");
	}

	@Test
	void theRegistryIsEmptyAfterRequestsEndingEveryWay() throws Exception {
		new RequestEndings(this.port, this.gates).sendAndCheckNothingLeaks(2_000, this.registry);
	}

}
