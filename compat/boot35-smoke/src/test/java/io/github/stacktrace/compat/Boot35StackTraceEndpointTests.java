package io.github.stacktrace.compat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.CountDownLatch;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code /actuator/stacktrace}, its {@code hot} sub-path and its metrics in a Spring Boot 3.5 application over real HTTP.
 */
// Boot's tests turn metrics export off unless asked; the Prometheus scrape needs it on.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = Boot35SmokeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=stacktrace,prometheus")
class Boot35StackTraceEndpointTests {

	private final HttpTestClient http;

	private final TestThreads threads = new TestThreads();

	Boot35StackTraceEndpointTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port);
	}

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
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
			.containsPattern(
					"\nsummary: captured=\\d+ skipped=\\d+ timed_out=\\d+ exited=\\d+ errors=\\d+ virtual=\\d+\n");
	}

	@Test
	void virtualParameterIsReadAndBadValueIsBadRequest() throws Exception {
		HttpResponse<String> excluded = get("/actuator/stacktrace?virtual=exclude");
		assertThat(excluded.statusCode()).isEqualTo(200);
		assertThat(excluded.body()).contains("\nvirtual_threads: excluded\n");
		HttpResponse<String> bad = get("/actuator/stacktrace?virtual=maybe");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(bad.body()).isEqualTo("invalid virtual: maybe, expected one of include, exclude, only\n");
	}

	@Test
	void stackTraceWithThreadIdShowsThatThread() throws Exception {
		CountDownLatch parked = new CountDownLatch(1);
		Thread marker = this.threads.start("boot35-marker", () -> parkInMarker(parked));
		parked.await();
		TestThreads.awaitState(marker, Thread.State.WAITING);
		long id = TestThreads.id(marker);
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
		HttpResponse<String> response = get("/actuator/stacktrace", "application/json");
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
			assertThat(response.body()).as(accept).isEqualTo("invalid mode: f\u017fll,"
					+ " expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE\n");
		}
		HttpResponse<String> html = get("/actuator/stacktrace?thread_id=1", "text/html");
		assertThat(html.statusCode()).isEqualTo(200);
		assertThat(contentType(html)).isEqualTo("text/html;charset=UTF-8");
		assertThat(html.headers().firstValue("Content-Security-Policy")).get().asString().startsWith("default-src 'none'");
		HttpResponse<String> xml = get("/actuator/stacktrace?thread_id=1", "application/xml");
		assertThat(xml.statusCode()).isEqualTo(406);
		assertThat(contentType(xml)).isEqualTo("text/plain;charset=UTF-8");
		assertThat(xml.body()).startsWith("not acceptable: ").doesNotContain("JVM thread stack traces");
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
	void hotThreadsAnswersTextReport() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace/hot?interval_ms=10&snapshots=2&threads=1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).startsWith("text/plain");
		assertThat(response.body()).startsWith("JVM hot threads\n")
			.contains("\ninterval_ms: 10\n")
			.contains("\nsnapshots: 2\n")
			.containsPattern("\ntotals: process_cpu=\\S+");
	}

	@Test
	void hotThreadsWithBadParameterReturnsBadRequest() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace/hot?snapshots=101");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(contentType(response)).startsWith("text/plain");
		assertThat(response.body()).isEqualTo("invalid snapshots: 101, expected range [1, 100]\n");
	}

	@Test
	void otherStackTraceSubPathIsNotFound() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace/cold");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(contentType(response)).startsWith("text/plain");
		assertThat(response.body()).isEqualTo("no such stacktrace operation: cold, expected hot\n");
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

	// A frame of this class's own, for the report to show.
	private static void parkInMarker(CountDownLatch parked) {
		TestThreads.parkUntilInterrupted(parked);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.get(path);
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		return this.http.get(path, accept);
	}

	private static String contentType(HttpResponse<String> response) {
		return response.headers().firstValue("Content-Type").orElse("");
	}

}
