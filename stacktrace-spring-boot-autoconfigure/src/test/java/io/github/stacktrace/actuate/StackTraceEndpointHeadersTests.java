package io.github.stacktrace.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.render.HtmlReportRenderer;
import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The endpoint's headers come on every answer of its own however it is mapped: on a separate management port (a
 * child context of its own), below a servlet path, and with path parameters; {@code Retry-After} on its 503.
 */
class StackTraceEndpointHeadersTests {

	@Nested
	@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=stacktrace", "management.server.port=0",
					"stacktrace.in-flight.max-reports=1", "stacktrace.in-flight.retry-after=9s" })
	class OnASeparateManagementPort extends Deployment {

		OnASeparateManagementPort(@LocalManagementPort int port) {
			super(HttpTestClient.local(port));
		}

	}

	@Nested
	@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=stacktrace", "spring.mvc.servlet.path=/api",
					"stacktrace.in-flight.max-reports=1", "stacktrace.in-flight.retry-after=9s" })
	class BelowAServletPath extends Deployment {

		BelowAServletPath(@LocalServerPort int port) {
			super(HttpTestClient.local(port).withBasePath("/api"));
		}

	}

	abstract static class Deployment {

		private final HttpTestClient http;

		@Autowired
		private RecordingListener listener;

		@Autowired
		private StackTraceCaptureService service;

		Deployment(HttpTestClient http) {
			this.http = http;
		}

		@AfterEach
		void release() {
			this.listener.release();
		}

		@Test
		void textReportHasTheHeaders() throws Exception {
			assertHeaders(this.http.get("/actuator/stacktrace?mode=disabled"), 200);
		}

		@Test
		void htmlPageHasTheHeaders() throws Exception {
			HttpResponse<String> page = this.http.get("/actuator/stacktrace?mode=disabled", "text/html");
			assertHeaders(page, 200);
			assertThat(page.body()).startsWith("<!DOCTYPE html>");
		}

		@Test
		void hotThreadsPageHasTheHeaders() throws Exception {
			assertHeaders(this.http.get("/actuator/stacktrace/hot?interval_ms=10&format=html"), 200);
		}

		@Test
		void badRequestAndUnknownSubPathHaveTheHeaders() throws Exception {
			assertHeaders(this.http.get("/actuator/stacktrace?thread_id=x"), 400);
			assertHeaders(this.http.get("/actuator/stacktrace/cold"), 404);
		}

		@Test
		void pathParametersDoNotLoseTheHeaders() throws Exception {
			assertHeaders(this.http.get("/actuator/stacktrace;x=y?mode=disabled"), 200);
			assertHeaders(this.http.get("/actuator/stacktrace;x=y/hot;a=b?interval_ms=10"), 200);
		}

		@Test
		void refusalWhileTheReportsInFlightAreAtTheirBoundHasRetryAfter() throws Exception {
			// The held capture keeps the only place among the reports in flight: the next request is refused.
			this.listener.holdNextCapture();
			CompletableFuture<HttpResponse<String>> held = this.http
				.sendAsync(this.http.request("/actuator/stacktrace?mode=disabled"));
			await().atMost(Duration.ofSeconds(20)).until(this.service::isCaptureRunning);
			HttpResponse<String> refused = this.http.get("/actuator/stacktrace?mode=disabled");
			assertHeaders(refused, 503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("9");
			this.listener.release();
			HttpResponse<String> answered = held.get(30, TimeUnit.SECONDS);
			assertHeaders(answered, 200);
			assertThat(answered.headers().firstValue("Retry-After")).isEmpty();
		}

		private static void assertHeaders(HttpResponse<String> response, int status) {
			assertThat(response.statusCode()).isEqualTo(status);
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("Content-Security-Policy"))
				.hasValue(HtmlReportRenderer.CONTENT_SECURITY_POLICY);
		}

	}

}
