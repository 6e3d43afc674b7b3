package io.github.stacktrace.compat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code /actuator/stacktrace} and its metrics in a Spring Boot 3.5 application over real HTTP.
 */
// Boot's tests turn metrics export off unless asked; the Prometheus scrape needs it on.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = Boot35SmokeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=stacktrace,prometheus")
class Boot35StackTraceEndpointTests {

	private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	private Thread marker;

	@AfterEach
	void stopMarker() throws InterruptedException {
		if (this.marker != null) {
			this.marker.interrupt();
			this.marker.join(10_000);
		}
	}

	@Test
	void runsOnBoot35() {
		assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
	}

	@Test
	void stackTraceWithoutParametersReturnsTextReport() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).startsWith("text/plain");
		assertThat(response.body()).startsWith("JVM thread stack traces\n")
			.containsPattern("\nsummary: captured=\\d+ skipped=\\d+ timed_out=\\d+ exited=\\d+ errors=\\d+\n");
	}

	@Test
	void stackTraceWithThreadIdShowsThatThread() throws Exception {
		CountDownLatch parked = new CountDownLatch(1);
		this.marker = new Thread(() -> parkInMarker(parked), "boot35-marker");
		this.marker.setDaemon(true);
		this.marker.start();
		parked.await();
		await().until(() -> this.marker.getState() == Thread.State.WAITING);
		long id = this.marker.getId();
		HttpResponse<String> response = get("/actuator/stacktrace?thread_id=" + id);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("----- thread " + id + " (boot35-marker) status=ok state=WAITING")
			.contains("io.github.stacktrace.compat.Boot35StackTraceEndpointTests.parkInMarker(")
			.contains("summary: captured=1 ");
	}

	@Test
	void stackTraceWithBadThreadIdReturnsBadRequest() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace?thread_id=abc");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(contentType(response)).startsWith("text/plain");
		assertThat(response.body()).isEqualTo("invalid thread_id: abc\n");
	}

	@Test
	void stackTraceWithAcceptJsonReturnsJson() throws Exception {
		HttpResponse<String> response = client.send(request("/actuator/stacktrace").header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).startsWith("application/json");
		int threadCount = JsonPath.read(response.body(), "$.thread_count");
		assertThat(threadCount).isPositive();
		assertThat(JsonPath.<Integer>read(response.body(), "$.threads.length()")).isEqualTo(threadCount);
	}

	@Test
	void stackTraceAnswersErrorsAsOneTextLineAndReportsOnlyInOurTypesWhateverAccept() throws Exception {
		for (String accept : new String[] { "text/html", "application/xml", "application/json" }) {
			HttpResponse<String> response = get("/actuator/stacktrace?mode=f%C5%BFll", accept);
			assertThat(response.statusCode()).as(accept).isEqualTo(400);
			assertThat(contentType(response)).as(accept).isEqualTo("text/plain;charset=UTF-8");
			assertThat(response.body()).as(accept).isEqualTo("invalid dwarf_location_info_mode: f\u017fll,"
					+ " expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE\n");
		}
		HttpResponse<String> html = get("/actuator/stacktrace?thread_id=1", "text/html");
		assertThat(html.statusCode()).isEqualTo(406);
		assertThat(contentType(html)).isEqualTo("text/plain;charset=UTF-8");
		assertThat(html.body()).startsWith("not acceptable: ").doesNotContain("JVM thread stack traces");
		HttpResponse<String> empty = get("/actuator/stacktrace?thread_id=1", "");
		assertThat(empty.statusCode()).isEqualTo(200);
		assertThat(empty.body()).startsWith("JVM thread stack traces\n");
	}

	// Tomcat 10.1 decodes a byte that is not UTF-8 as U+FFFD, and the endpoint validates what it gets (Tomcat 11, in
	// Boot 4, refuses the request before the endpoint runs).
	@Test
	void stackTraceWithQueryThatIsNotUtf8SeesTheReplacementCharacter() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace?thread_id=%C3");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("invalid thread_id: \ufffd\n");
	}

	@Test
	void stackTraceWithFormatFoldedReturnsFoldedStacks() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace?format=folded");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().lines()).isNotEmpty().allMatch((line) -> line.matches("\\S.* \\d+"));
	}

	@Test
	void stackTraceWithGroupSharesSectionsBetweenIdenticalStacks() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace?group=true");
		assertThat(response.statusCode()).isEqualTo(200);
		// Tomcat's idle request threads all park in the same place.
		assertThat(response.body()).containsPattern("\n----- \\d+ threads status=ok ").contains("\nthreads: ");
	}

	@Test
	void stackTraceWithModeFullLooksForDeadlocks() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace?mode=full");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\ncapture_method: thread_mx_bean_chunked_locked_monitors\n")
			.contains("\ndeadlocks: none\n");
	}

	@Test
	void prometheusScrapeShowsCaptureAndCacheMeters() throws Exception {
		assertThat(get("/actuator/stacktrace").statusCode()).isEqualTo(200);
		HttpResponse<String> response = get("/actuator/prometheus");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body())
			.containsPattern("(?m)^stacktrace_capture_seconds_count\\{mode=\"fast\",outcome=\"ok\",scope=\"all\"} \\d+")
			.contains("cache_gets_total{cache=\"stacktrace.frames\"");
	}

	private static void parkInMarker(CountDownLatch parked) {
		parked.countDown();
		while (!Thread.currentThread().isInterrupted()) {
			LockSupport.park();
		}
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		return client.send(request(path).header("Accept", accept).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).GET();
	}

	private static String contentType(HttpResponse<String> response) {
		return response.headers().firstValue("Content-Type").orElse("");
	}

}
