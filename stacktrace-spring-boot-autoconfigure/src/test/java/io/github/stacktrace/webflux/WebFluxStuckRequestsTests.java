package io.github.stacktrace.webflux;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.stacktrace.stuck.StuckRequestLogEvents;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stuck requests of a WebFlux application: a handler blocking the event loop, and a blocking call moved to a
 * bounded-elastic thread, each held past a threshold of a few hundred milliseconds, are logged once with the route
 * template and the blocked stack, then their end.
 */
@SpringBootTest(classes = WebFluxTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "spring.reactor.context-propagation=auto",
				"management.endpoints.web.exposure.include=stacktrace", "stacktrace.stuck-requests.threshold=1s" })
class WebFluxStuckRequestsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final HttpTestClient http;

	private final StuckRequestLogEvents log = new StuckRequestLogEvents();

	@Autowired
	private WebFluxTestApplication.Gates gates;

	WebFluxStuckRequestsTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port);
	}

	@BeforeEach
	void captureLog() {
		this.log.start();
	}

	@AfterEach
	void stopCapturing() {
		this.log.stop();
	}

	@Test
	void handlerBlockingTheEventLoopIsStuckThenEnds() throws Exception {
		heldRequestIsLoggedOnceThenItsEnd("/blocking/1", "GET /blocking/{id}", "OrdersController.blocking(");
	}

	@Test
	void blockingCallOnBoundedElasticIsStuckThenEnds() throws Exception {
		heldRequestIsLoggedOnceThenItsEnd("/orders/1?secret=hunter2", "GET /orders/{id}", "OrdersController.lambda$order$");
	}

	private void heldRequestIsLoggedOnceThenItsEnd(String path, String request, String frame) throws Exception {
		// Once unheld first: the first request of a route may be slow on a busy machine while Spring warms up.
		this.gates.held.set(null);
		assertThat(this.http.get(path).statusCode()).isEqualTo(200);
		Gate gate = new Gate();
		this.gates.held.set(gate);
		CompletableFuture<HttpResponse<String>> response = this.http.sendAsync(this.http.request(path));
		try {
			assertThat(gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
			await().atMost(WAIT).until(() -> heldEvents(request, frame) == 1);
		}
		finally {
			gate.release.countDown();
		}
		assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		await().atMost(WAIT).until(() -> !logged(Level.INFO, "Stuck request ended: " + request).isEmpty());
		assertThat(heldEvents(request, frame)).isEqualTo(1);
		assertThat(logged(Level.WARN, "")).noneMatch((event) -> event.getFormattedMessage().contains("hunter2"));
	}

	private long heldEvents(String request, String frame) {
		return logged(Level.WARN, "Stuck request: " + request).stream()
			.filter((event) -> event.getFormattedMessage().contains(frame))
			.count();
	}

	private List<ILoggingEvent> logged(Level level, String start) {
		return this.log.all()
			.stream()
			.filter((event) -> event.getLevel() == level && event.getFormattedMessage().startsWith(start))
			.toList();
	}

}
