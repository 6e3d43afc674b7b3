package io.github.stacktrace.webflux;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Reactor's automatic context propagation, a WebFlux request is shown, over real HTTP, on the thread that runs it
 * at the moment (the bounded-elastic thread its handler moved to, or the event loop its handler blocks), by its route
 * template and with its trace; the thread stops showing it when the request moves on or ends, and nothing is left
 * behind after ten thousand requests.
 */
@WebFluxRequestContextTest
@TestPropertySource(properties = "spring.reactor.context-propagation=auto")
class WebFluxRequestContextTests extends HeldWebFluxRequests {

	// Boot sets the global hook when its context starts; a cached context may have outlived another test's reset.
	@BeforeAll
	static void automaticPropagation() {
		Hooks.enableAutomaticContextPropagation();
	}

	@AfterAll
	static void limitedPropagation() {
		Hooks.disableAutomaticContextPropagation();
	}

	@Test
	void aRequestHeldOnABoundedElasticThreadIsShownOnThatThreadOnly() throws Exception {
		CompletableFuture<HttpResponse<String>> held = hold("/orders/order-q4711x?secret=hunter2");
		// The event loop that mapped the request may still be returning from it when the handler's thread holds it.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(threadsServing("GET /orders/{id}")).singleElement()
				.asString()
				.startsWith("boundedElastic-"));
		List<String> traceIds = JsonPath.read(capture(), "$.threads[?(@.request == 'GET /orders/{id}')].trace_id");
		assertThat(traceIds).singleElement().asString().matches("[0-9a-f]+");
		String text = this.http.get("/actuator/stacktrace?min_elapsed_ms=0").body();
		assertThat(text).containsPattern("\\(boundedElastic-\\d+\\) status=ok [^\\n]*request=\"GET /orders/\\{id\\}\""
				+ " elapsed_ms=\\d+ trace_id=[0-9a-f]+ span_id=[0-9a-f]+ -----");
		// Values no report line could hold by chance: never the raw path or query.
		assertThat(text).doesNotContain("order-q4711x").doesNotContain("hunter2");
		this.gate.release.countDown();
		assertThat(held.get().body()).isEqualTo("order\n");
		awaitServedByNoThread("GET /orders/{id}");
	}

	@Test
	void theRegistryIsEmptyAfterTenThousandRequestsEndingEveryWay() throws Exception {
		new RequestEndings(this.port, this.gates).sendAndCheckNothingLeaks(10_000, this.registry);
	}

}
