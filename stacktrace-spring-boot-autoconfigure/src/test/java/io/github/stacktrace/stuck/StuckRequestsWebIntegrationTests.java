package io.github.stacktrace.stuck;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.StrictJson;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stuck requests of a real servlet application: a request held on a gate past a threshold of a second is logged once with its stack, counted, reported, and its end logged; nothing is logged for a quick
 * request, for a long poll waiting without a thread, or for the endpoint's own requests.
 */
@SpringBootTest(classes = StuckRequestsTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace,health",
				"management.endpoint.health.show-details=always", "stacktrace.stuck-requests.threshold=1s",
				"stacktrace.stuck-requests.health.enabled=true", "stacktrace.stuck-requests.health.min-count=2" })
class StuckRequestsWebIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final HttpTestClient http;

	private final StuckRequestLogEvents log = new StuckRequestLogEvents();

	@Autowired
	private StuckRequestsTestApplication.Gates gates;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private RequestContextRegistry requests;

	StuckRequestsWebIntegrationTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port);
	}

	@BeforeEach
	void captureLog() throws Exception {
		// Every route once, unheld: the first request of a route may be slow on a busy machine while Spring warms up.
		this.gates.held.set(null);
		this.gates.callable.set(null);
		assertThat(this.http.get("/held/0").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/callable/0").statusCode()).isEqualTo(200);
		this.log.start();
	}

	@AfterEach
	void stopCapturing() {
		this.log.stop();
	}

	@Test
	void heldRequestIsLoggedOnceWithItsStackAndTraceThenItsEnd() throws Exception {
		Gate gate = hold(this.gates.held);
		CompletableFuture<HttpResponse<String>> response = this.http
			.sendAsync(this.http.request("/held/secret-42?token=hunter2"));
		assertThat(gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
		await().atMost(WAIT).until(() -> !warnings("HeldController.held(").isEmpty());
		ILoggingEvent stuck = warnings("HeldController.held(").get(0);
		String message = stuck.getFormattedMessage();
		assertThat(message).startsWith("Stuck request: GET /held/{id} for ")
			.contains("StuckRequestsTestApplication$HeldController.held(StuckRequestsTestApplication.java:")
			.contains("virtual=false")
			.contains("trace_id=\"");
		assertThat(stuck.getMDCPropertyMap()).containsKeys("traceId", "spanId");
		assertThat(message).contains(stuck.getMDCPropertyMap().get("traceId"));
		assertThat(this.meters.get("stacktrace.requests.stuck").tags("method", "GET", "uri", "/held/{id}").gauge().value())
			.isEqualTo(1.0);
		String json = this.http.get("/actuator/stacktrace/stuck?format=json").body();
		// Strictly valid JSON: the reader refuses anything a strict parser (jq) refuses.
		StrictJson.parse(json);
		JsonNode report = JsonMapper.builder().build().readTree(json);
		assertThat(report.get("stuck")).hasSize(1);
		assertThat(report.get("stuck").get(0).get("request").asString()).isEqualTo("GET /held/{id}");
		assertThat(report.get("stuck").get(0).get("frames")).isNotEmpty();
		gate.release.countDown();
		assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		await().atMost(WAIT).until(() -> this.log.all().stream()
			.anyMatch((event) -> event.getLevel() == Level.INFO && event.getFormattedMessage()
				.startsWith("Stuck request ended: GET /held/{id} after ")));
		assertThat(warnings("HeldController.held(")).hasSize(1);
		assertThat(this.meters.get("stacktrace.requests.stuck").tags("method", "GET", "uri", "/held/{id}").gauge().value())
			.isZero();
		assertThat(this.meters.get("stacktrace.requests.stuck.detected").tags("method", "GET", "uri", "/held/{id}")
			.counter()
			.count()).isGreaterThanOrEqualTo(1.0);
		String text = this.http.get("/actuator/stacktrace/stuck").body();
		assertThat(text).contains("----- ended stuck request ").contains("ended=completed");
		for (ILoggingEvent event : this.log.all()) {
			assertThat(event.getFormattedMessage()).doesNotContain("secret-42").doesNotContain("hunter2");
		}
		assertThat(text).doesNotContain("secret-42").doesNotContain("hunter2");
	}

	@Test
	void callableHeldOnItsThreadIsStuck() throws Exception {
		Gate gate = hold(this.gates.callable);
		CompletableFuture<HttpResponse<String>> response = this.http.sendAsync(this.http.request("/callable/7"));
		assertThat(gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
		try {
			await().atMost(WAIT).until(() -> !warnings("HeldController.lambda$callable$").isEmpty());
			assertThat(warnings("HeldController.lambda$callable$").get(0).getFormattedMessage())
				.startsWith("Stuck request: GET /callable/{id} for ");
		}
		finally {
			gate.release.countDown();
		}
		assertThat(response.get(20, TimeUnit.SECONDS).body()).isEqualTo("callable 7");
	}

	@Test
	void scheduledTaskHeldPastTheThresholdIsStuck() throws Exception {
		Gate gate = hold(this.gates.scheduled);
		assertThat(gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
		try {
			await().atMost(WAIT).until(() -> !warnings("ScheduledJobs.reconcile(StuckRequestsTestApplication.java:").isEmpty());
			assertThat(warnings("ScheduledJobs.reconcile(StuckRequestsTestApplication.java:").get(0).getFormattedMessage())
				.startsWith("Stuck request: SCHEDULED ScheduledJobs.reconcile for ");
		}
		finally {
			gate.release.countDown();
		}
	}

	@Test
	void healthTurnsDownOnceEnoughRequestsAreStuck() throws Exception {
		Gate gate = hold(this.gates.held);
		try {
			CompletableFuture<HttpResponse<String>> first = this.http.sendAsync(this.http.request("/held/1"));
			assertThat(gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
			await().atMost(WAIT).until(() -> stuckRequestsHealth().path("details").path("stuck").asInt() == 1);
			assertThat(stuckRequestsHealth().path("status").asString()).isEqualTo("UP");
			CompletableFuture<HttpResponse<String>> second = this.http.sendAsync(this.http.request("/held/2"));
			await().atMost(WAIT).until(() -> this.http.get("/actuator/health").statusCode() == 503);
			JsonNode health = stuckRequestsHealth();
			assertThat(health.path("status").asString()).isEqualTo("DOWN");
			assertThat(health.path("details").path("oldestRequest").asString()).isEqualTo("GET /held/{id}");
			gate.release.countDown();
			first.get(20, TimeUnit.SECONDS);
			second.get(20, TimeUnit.SECONDS);
		}
		finally {
			gate.release.countDown();
		}
		await().atMost(WAIT).until(() -> this.http.get("/actuator/health").statusCode() == 200);
	}

	@Test
	void quickRequestsLongPollsAndTheEndpointsOwnRequestsAreNeverStuck() throws Exception {
		long detected = detectedSinceStart();
		CompletableFuture<HttpResponse<String>> poll = this.http.sendAsync(this.http.request("/poll/1"));
		await().atMost(WAIT).until(() -> this.gates.poll.get() != null);
		assertThat(this.http.get("/quick").body()).isEqualTo("quick");
		// A hot-threads window of 2.5 s: longer than the threshold, on a thread serving the endpoint's request.
		HttpResponse<String> hot = this.http.get("/actuator/stacktrace/hot?interval_ms=2500&threads=1");
		assertThat(hot.statusCode()).isEqualTo(200);
		this.gates.poll.get().setResult("done");
		assertThat(poll.get(20, TimeUnit.SECONDS).body()).isEqualTo("done");
		// The checker looked every 100 ms meanwhile.
		assertThat(detectedSinceStart()).isEqualTo(detected);
		assertThat(this.log.all()).noneMatch((event) -> event.getFormattedMessage().contains("/quick")
				|| event.getFormattedMessage().contains("/poll") || event.getFormattedMessage().contains("actuator"));
	}

	@Test
	void endpointRequestsHeldBeforeTheirHandlerIsMappedAreNeverStuck() throws Exception {
		long detected = detectedSinceStart();
		Gate gate = hold(this.gates.beforeMapping);
		CompletableFuture<HttpResponse<String>> response;
		try {
			response = this.http.sendAsync(this.http.request("/actuator/stacktrace/stuck"));
			assertThat(gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
			// Held for more than twice the threshold, while the checker looks every 100 ms.
			await().atMost(WAIT).until(() -> servingLongerThan("/actuator/stacktrace", Duration.ofMillis(2500)));
		}
		finally {
			gate.release.countDown();
			this.gates.beforeMapping.set(null);
		}
		assertThat(response.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(detectedSinceStart()).isEqualTo(detected);
		assertThat(this.log.all()).noneMatch((event) -> event.getLevel() == Level.WARN);
	}

	private boolean servingLongerThan(String route, Duration elapsed) {
		boolean[] found = new boolean[1];
		this.requests.forEachServing(System.nanoTime(), (thread, id, virtual, request) -> found[0] |= request
			.route()
			.equals(route) && request.elapsed().compareTo(elapsed) > 0);
		return found[0];
	}

	private JsonNode stuckRequestsHealth() throws Exception {
		String json = this.http.get("/actuator/health").body();
		return JsonMapper.builder().build().readTree(json).path("components").path("stuckRequests");
	}

	private long detectedSinceStart() throws Exception {
		String json = this.http.get("/actuator/stacktrace/stuck?format=json").body();
		return JsonMapper.builder().build().readTree(json).get("detected_since_start").asLong();
	}

	private List<ILoggingEvent> warnings(String request) {
		return this.log.all().stream()
			.filter((event) -> event.getLevel() == Level.WARN && event.getFormattedMessage().contains(request))
			.toList();
	}

	private static Gate hold(java.util.concurrent.atomic.AtomicReference<Gate> slot) {
		Gate gate = new Gate();
		slot.set(gate);
		return gate;
	}

}
