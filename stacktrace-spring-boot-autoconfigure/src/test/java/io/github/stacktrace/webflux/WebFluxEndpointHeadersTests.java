package io.github.stacktrace.webflux;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.render.HtmlReportRenderer;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In a WebFlux application the endpoint's headers come on every answer of its own, on the application's port and on a
 * separate management port: {@code Content-Security-Policy} and {@code nosniff} on every one, {@code Retry-After} on
 * its 503; the application's own answers get none of them.
 */
class WebFluxEndpointHeadersTests {

	@Nested
	@SpringBootTest(classes = { WebFluxTestApplication.class, HeldCaptures.class },
			webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.web-application-type=reactive",
					"management.endpoints.web.exposure.include=stacktrace", "stacktrace.in-flight.max-reports=1",
					"stacktrace.in-flight.retry-after=9s" })
	class OnTheApplicationPort extends Deployment {

		OnTheApplicationPort(@LocalServerPort int port) {
			super(HttpTestClient.local(port), HttpTestClient.local(port));
		}

	}

	@Nested
	@SpringBootTest(classes = { WebFluxTestApplication.class, HeldCaptures.class },
			webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "spring.main.web-application-type=reactive",
					"management.endpoints.web.exposure.include=stacktrace", "management.server.port=0",
					"stacktrace.in-flight.max-reports=1", "stacktrace.in-flight.retry-after=9s",
					// Tomcat is on the test class path too: the management server runs on Reactor Netty, as the
					// application's does.
					"spring.autoconfigure.exclude=org.springframework.boot.tomcat.autoconfigure.actuate.web.server."
							+ "TomcatReactiveManagementContextAutoConfiguration" })
	class OnASeparateManagementPort extends Deployment {

		OnASeparateManagementPort(@LocalManagementPort int managementPort, @LocalServerPort int port) {
			super(HttpTestClient.local(managementPort), HttpTestClient.local(port));
		}

	}

	abstract static class Deployment {

		private final HttpTestClient management;

		private final HttpTestClient application;

		@Autowired
		private HeldCaptures held;

		Deployment(HttpTestClient management, HttpTestClient application) {
			this.management = management;
			this.application = application;
		}

		@AfterEach
		void release() {
			this.held.releaseAll();
		}

		@Test
		void htmlPageHasThePolicyAsAHeaderAndNosniff() throws Exception {
			HttpResponse<String> page = this.management.get("/actuator/stacktrace?mode=disabled", "text/html");
			assertHeaders(page, 200);
			assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
				.contains("frame-ancestors 'self'");
			assertThat(page.body()).startsWith("<!DOCTYPE html>");
			assertThat(page.headers().firstValue("Retry-After")).isEmpty();
		}

		@Test
		void textReportHasTheHeaders() throws Exception {
			HttpResponse<String> report = this.management.get("/actuator/stacktrace?mode=disabled");
			assertHeaders(report, 200);
			assertThat(report.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
		}

		@Test
		void hotThreadsPageHasTheHeaders() throws Exception {
			assertHeaders(this.management.get("/actuator/stacktrace/hot?interval_ms=10&format=html"), 200);
		}

		@Test
		void badRequestHasTheHeaders() throws Exception {
			assertHeaders(this.management.get("/actuator/stacktrace?thread_id=x"), 400);
		}

		@Test
		void applicationAnswersHaveNoneOfTheHeaders() throws Exception {
			HttpResponse<String> order = this.application.get("/leak/ok");
			assertThat(order.statusCode()).isEqualTo(200);
			assertThat(order.headers().firstValue("X-Content-Type-Options")).isEmpty();
			assertThat(order.headers().firstValue("Content-Security-Policy")).isEmpty();
			assertThat(order.headers().firstValue("Retry-After")).isEmpty();
		}

		@Test
		void refusalWhileTheReportsInFlightAreAtTheirBoundHasRetryAfter() throws Exception {
			// The held capture keeps the only place among the reports in flight: the next request is refused.
			Gate gate = this.held.holdNext();
			CompletableFuture<HttpResponse<String>> first = this.management
				.sendAsync(this.management.request("/actuator/stacktrace?mode=disabled"));
			assertThat(gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
			HttpResponse<String> refused = this.management.get("/actuator/stacktrace?mode=disabled");
			assertHeaders(refused, 503);
			assertThat(refused.headers().firstValue("Retry-After")).hasValue("9");
			this.held.releaseAll();
			HttpResponse<String> answered = first.get(30, TimeUnit.SECONDS);
			assertHeaders(answered, 200);
			assertThat(answered.headers().firstValue("Retry-After")).isEmpty();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.management.get("/actuator/stacktrace?mode=disabled").statusCode() == 200);
		}

		private static void assertHeaders(HttpResponse<String> response, int status) {
			assertThat(response.statusCode()).isEqualTo(status);
			assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(response.headers().firstValue("Content-Security-Policy"))
				.hasValue(HtmlReportRenderer.CONTENT_SECURITY_POLICY);
		}

	}

	/**
	 * Holds the next capture where it starts, inside its place among the reports in flight, until the test lets it go.
	 */
	@Configuration(proxyBeanMethods = false)
	static class HeldCaptures {

		private final AtomicReference<@Nullable Gate> held = new AtomicReference<>();

		Gate holdNext() {
			Gate gate = new Gate();
			this.held.set(gate);
			return gate;
		}

		void releaseAll() {
			Gate gate = this.held.getAndSet(null);
			if (gate != null) {
				gate.release.countDown();
			}
		}

		@Bean
		CaptureListener heldCaptureListener() {
			return new CaptureListener() {

				@Override
				public void captureStarted() {
					Gate.pass(HeldCaptures.this.held);
				}

			};
		}

	}

}
