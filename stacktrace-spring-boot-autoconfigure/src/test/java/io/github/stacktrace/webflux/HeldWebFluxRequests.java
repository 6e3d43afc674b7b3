package io.github.stacktrace.webflux;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.webflux.WebFluxTestApplication.Gates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the WebFlux tests of either context-propagation mode share: holding a request of {@link WebFluxTestApplication}
 * while the threads are captured over real HTTP, and what holds in both modes: a handler that blocks the event loop is
 * shown there, a {@code handle} operator's callback on another thread is shown there (Reactor sets thread locals from
 * the request's context for it in either mode).
 */
abstract class HeldWebFluxRequests {

	@LocalServerPort
	protected int port;

	@Autowired
	protected Gates gates;

	@Autowired
	protected RequestContextRegistry registry;

	protected HttpTestClient http;

	protected final Gate gate = new Gate();

	@BeforeEach
	void setUp() {
		this.http = HttpTestClient.local(this.port);
	}

	@AfterEach
	void releaseHeldRequests() {
		this.gate.release.countDown();
		this.gates.held.set(null);
	}

	@Test
	void aHandlerThatBlocksTheEventLoopIsShownOnTheEventLoopWithItsTrace() throws Exception {
		CompletableFuture<HttpResponse<String>> held = hold("/blocking/7");
		String json = capture();
		// Reactor Netty's event loops: webflux-http-epoll-2 in a Boot application on Linux, reactor-http-nio-3, …
		assertThat(threadsServing(json, "GET /blocking/{id}")).singleElement()
			.asString()
			.matches("[a-z]+-http-[a-z]+-\\d+");
		// Read from the request's observation: in either mode, whatever the thread has in scope.
		assertThat(JsonPath.<List<String>>read(json, "$.threads[?(@.request == 'GET /blocking/{id}')].trace_id"))
			.singleElement()
			.asString()
			.matches("[0-9a-f]+");
		this.gate.release.countDown();
		assertThat(held.get().body()).isEqualTo("blocked\n");
		awaitServedByNoThread("GET /blocking/{id}");
	}

	@Test
	void aHandleOperatorOnAnotherThreadShowsTheRequestFromItsContext() throws Exception {
		CompletableFuture<HttpResponse<String>> held = hold("/handled/5");
		// The event loop that mapped the request may still be returning from it when the handler's thread holds it.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(threadsServing("GET /handled/{id}")).singleElement()
				.asString()
				.startsWith("boundedElastic-"));
		this.gate.release.countDown();
		assertThat(held.get().body()).isEqualTo("handled\n");
		awaitServedByNoThread("GET /handled/{id}");
	}

	/**
	 * Sends a request whose handler reaches the gate, and waits until it is there.
	 * @param path the request's path and query
	 * @return its response, once released
	 */
	protected CompletableFuture<HttpResponse<String>> hold(String path) throws InterruptedException {
		this.gates.held.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(this.http.request(path));
		this.gate.entered.await();
		return held;
	}

	/**
	 * Captures the threads serving a request, in JSON.
	 * @return the report
	 */
	protected String capture() throws Exception {
		return this.http.get("/actuator/stacktrace?format=json&min_elapsed_ms=0").body();
	}

	/**
	 * The names of the threads a new capture shows serving a request.
	 * @param request the request as reports describe it
	 * @return the names
	 */
	protected List<String> threadsServing(String request) throws Exception {
		return threadsServing(capture(), request);
	}

	/**
	 * The names of the threads a capture shows serving a request.
	 * @param json the capture
	 * @param request the request as reports describe it
	 * @return the names
	 */
	protected static List<String> threadsServing(String json, String request) {
		return JsonPath.read(json, "$.threads[?(@.request == '" + request + "')].name");
	}

	/**
	 * Waits until no thread is shown serving a request: it ended, or its thread moved on.
	 * @param request the request as reports describe it
	 */
	protected void awaitServedByNoThread(String request) {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(threadsServing(request)).isEmpty());
	}

}
