package io.github.stacktrace.compat41;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.stacktrace.compat41.Boot41SmokeApplication.HeldController;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.StrictJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs {@code /actuator/stacktrace} and its {@code hot} sub-path in a Spring Boot 4.1 application over real HTTP: text,
 * strictly parsed JSON, the HTML page, a bad parameter, and a held request shown by its route template.
 */
@SpringBootTest(classes = Boot41SmokeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=stacktrace")
class Boot41StackTraceEndpointTests {

	private final HttpTestClient http;

	@Autowired
	private HeldController controller;

	private final Gate gate = new Gate();

	Boot41StackTraceEndpointTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port);
	}

	@AfterEach
	void release() {
		this.gate.release.countDown();
		this.controller.held.set(null);
	}

	@Test
	void runsOnBoot41() {
		assertThat(SpringBootVersion.getVersion()).startsWith("4.1.");
	}

	@Test
	void stackTraceWithoutParametersReturnsTextReport() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace", "*/*");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).isEqualTo("text/plain;charset=UTF-8");
		assertThat(response.body()).startsWith("JVM thread stack traces\n")
			.containsPattern(
					"\nsummary: captured=\\d+ skipped=\\d+ timed_out=\\d+ exited=\\d+ errors=\\d+ virtual=\\d+\n");
	}

	@Test
	void stackTraceWithFormatJsonReturnsStrictJson() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace?format=json", "*/*");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).startsWith("application/json");
		Map<?, ?> report = (Map<?, ?>) StrictJson.parse(response.body());
		List<?> threads = (List<?>) report.get("threads");
		assertThat(threads).isNotEmpty();
		assertThat(((Number) report.get("thread_count")).intValue()).isEqualTo(threads.size());
	}

	@Test
	void stackTraceWithFormatHtmlReturnsThePageUnderItsPolicy() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace?format=html", "*/*");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(contentType(response)).isEqualTo("text/html;charset=UTF-8");
		assertThat(response.headers().firstValue("Content-Security-Policy")).get()
			.asString()
			.startsWith("default-src 'none'; script-src 'sha256-");
		assertThat(response.body()).startsWith("<!DOCTYPE html>");
	}

	@Test
	void hotThreadsAnswersTextReport() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace/hot?interval_ms=10&snapshots=2&threads=1", "*/*");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("JVM hot threads\n")
			.contains("\nsnapshots: 2\n")
			.containsPattern("\ntotals: process_cpu=\\S+");
	}

	@Test
	void badParameterIsBadRequestWithOneLineNamingIt() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace?thread_id=abc", "application/json");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(contentType(response)).isEqualTo("text/plain;charset=UTF-8");
		assertThat(response.body()).isEqualTo("invalid thread_id: abc\n");
		// The parameter as it was sent, not its long name.
		assertThat(get("/actuator/stacktrace?mode=bogus", "*/*").body())
			.isEqualTo("invalid mode: bogus, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE\n");
	}

	@Test
	void aHeldRequestIsShownByItsRouteTemplate() throws Exception {
		this.controller.held.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(this.http.request("/held/order-q41x"));
		this.gate.entered.await();

		String report = get("/actuator/stacktrace?min_elapsed_ms=0", "*/*").body();
		assertThat(report).containsPattern("\\n----- thread \\d+ \\([^)]+\\) status=ok [^\\n]*"
				+ "request=\"GET /held/\\{id\\}\" elapsed_ms=\\d+");
		// The route template only, never the raw path.
		assertThat(report).doesNotContain("order-q41x");

		this.gate.release.countDown();
		assertThat(held.get().body()).isEqualTo("held order-q41x\n");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(get("/actuator/stacktrace?min_elapsed_ms=0", "*/*").body())
				.doesNotContain("GET /held/{id}"));
	}

	private HttpResponse<String> get(String path, String accept) throws IOException, InterruptedException {
		return this.http.get(path, accept);
	}

	private static String contentType(HttpResponse<String> response) {
		return response.headers().firstValue("Content-Type").orElse("");
	}

}
