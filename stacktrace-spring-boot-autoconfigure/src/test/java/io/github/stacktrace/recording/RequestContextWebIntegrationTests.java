package io.github.stacktrace.recording;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.recording.RequestContextTestApplication.Gates;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reports name the request each thread serves, over real HTTP: the route template, never the raw path; the elapsed
 * time; the trace and span ids of the request's span; the scheduled task by its method.
 */
@RequestContextTest
class RequestContextWebIntegrationTests {

	private static final Pattern ORDER_SECTION = Pattern
		.compile("----- thread (\\d+) \\(([^)]*)\\) status=ok [^\\n]*request=\"GET /orders/\\{id\\}\" elapsed_ms=(\\d+)"
				+ " trace_id=([0-9a-f]+) span_id=([0-9a-f]+) -----");

	@LocalServerPort
	private int port;

	@Autowired
	private Gates gates;

	private HttpTestClient http;

	private final Gate gate = new Gate();

	@BeforeEach
	void setUp() {
		this.http = HttpTestClient.local(this.port);
	}

	@AfterEach
	void releaseHeldRequests() {
		this.gate.release.countDown();
		this.gates.order.set(null);
		this.gates.scheduled.set(null);
	}

	@Test
	void aHeldRequestIsShownByItsRouteTemplateWithItsTrace() throws Exception {
		this.gates.order.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http
			.sendAsync(this.http.request("/orders/order-q4711x?secret=hunter2"));
		this.gate.entered.await();
		String report = this.http.get("/actuator/stacktrace").body();
		Matcher section = ORDER_SECTION.matcher(report);
		assertThat(section.find()).as(report).isTrue();
		assertThat(section.group(2)).startsWith("http-nio-");
		// Values no report line could hold by chance (a bare number may occur in any hex id or address).
		assertThat(report).doesNotContain("order-q4711x").doesNotContain("hunter2");
		// The capturing request shows itself too, named by the actuator's own route.
		assertThat(report).contains("request=\"GET /actuator/stacktrace\"");
		this.gate.release.countDown();
		assertThat(held.get().statusCode()).isEqualTo(200);
	}

	@Test
	void minElapsedKeepsOnlyThreadsServingForThatLong() throws Exception {
		this.gates.order.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(this.http.request("/orders/1"));
		this.gate.entered.await();
		String json = null;
		// The held request runs until released: soon it has run long enough, whatever the machine's load.
		for (int attempt = 0; attempt < 600; attempt++) {
			json = this.http.get("/actuator/stacktrace?min_elapsed_ms=50&format=json").body();
			if (JsonPath.<Integer>read(json, "$.thread_count") > 0) {
				break;
			}
			this.gate.entered.await();
		}
		List<String> requests = JsonPath.read(json, "$.threads[*].request");
		assertThat(requests).containsExactly("GET /orders/{id}");
		assertThat(JsonPath.<Integer>read(json, "$.threads[0].elapsed_ms")).isGreaterThanOrEqualTo(50);
		assertThat(JsonPath.<String>read(json, "$.threads[0].trace_id")).matches("[0-9a-f]+");
		// The capturing request never passes the filter: it is the capture, not what is stuck.
		assertThat(this.http.get("/actuator/stacktrace?min_elapsed_ms=0").body())
			.doesNotContain("request=\"GET /actuator/stacktrace\"");
		this.gate.release.countDown();
		assertThat(held.get().statusCode()).isEqualTo(200);
	}

	@Test
	void aCallableIsShownOnTheThreadThatRunsIt() throws Exception {
		this.gates.order.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(this.http.request("/callable/9"));
		this.gate.entered.await();
		String json = this.http.get("/actuator/stacktrace?min_elapsed_ms=0&format=json").body();
		List<String> requests = JsonPath.read(json, "$.threads[*].request");
		// Handed off: the request thread no longer shows it; the thread running the Callable does, once.
		assertThat(requests).containsOnlyOnce("GET /callable/{id}");
		List<String> names = JsonPath.read(json, "$.threads[?(@.request == 'GET /callable/{id}')].name");
		assertThat(names.get(0)).doesNotStartWith("http-nio-");
		this.gate.release.countDown();
		assertThat(held.get().body()).isEqualTo("called\n");
	}

	@Test
	void groupsSayHowManyOfTheirThreadsServeARequest() throws Exception {
		this.gates.order.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(this.http.request("/orders/2"));
		this.gate.entered.await();
		String json = this.http.get("/actuator/stacktrace?format=json&group=true").body();
		List<Integer> serving = JsonPath.read(json, "$.groups[?(@.serving)].serving");
		assertThat(serving.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(2);
		List<String> requests = JsonPath.read(json, "$.groups[*].threads[*].request");
		assertThat(requests).contains("GET /orders/{id}", "GET /actuator/stacktrace");
		this.gate.release.countDown();
		assertThat(held.get().statusCode()).isEqualTo(200);
	}

	@Test
	void hotThreadsNameTheRequestAShownThreadServes() throws Exception {
		this.gates.order.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(this.http.request("/orders/3"));
		this.gate.entered.await();
		// Among the request threads only the held one is not waiting for work, so it is shown whatever it measures.
		String hot = "/actuator/stacktrace/hot?name=http-nio-*&threads=3&interval_ms=20&snapshots=2";
		String json = this.http.get(hot + "&format=json").body();
		List<String> requests = JsonPath.read(json, "$.threads[*].request");
		assertThat(requests).as(json).containsExactly("GET /orders/{id}");
		assertThat(JsonPath.<List<Integer>>read(json, "$.threads[?(@.request)].elapsed_ms")).singleElement()
			.satisfies((elapsed) -> assertThat(elapsed).isNotNegative());
		assertThat(JsonPath.<List<String>>read(json, "$.threads[?(@.request)].trace_id")).singleElement()
			.asString()
			.matches("[0-9a-f]+");
		String text = this.http.get(hot).body();
		assertThat(text).containsPattern("\n----- thread \\d+ \\(http-nio-[^)]*\\) [^\\n]*"
				+ "request=\"GET /orders/\\{id\\}\" elapsed_ms=\\d+ trace_id=[0-9a-f]+ span_id=[0-9a-f]+ -----\n");
		assertThat(text).doesNotContain("request=\"GET /actuator/stacktrace");
		this.gate.release.countDown();
		assertThat(held.get().statusCode()).isEqualTo(200);
	}

	@Test
	void aScheduledTaskIsShownByItsMethod() throws Exception {
		this.gates.scheduled.set(this.gate);
		this.gate.entered.await();
		String report = this.http.get("/actuator/stacktrace?min_elapsed_ms=0").body();
		assertThat(report).contains("request=\"SCHEDULED ScheduledJobs.reconcile\" elapsed_ms=");
	}

}
