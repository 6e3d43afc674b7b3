package io.github.stacktrace.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as an operator meets it: health public, stacks and metrics behind the ACTUATOR role, for every HTTP
 * method.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationSecurityTests {

	private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

	private static final List<String> PROTECTED_PATHS = List.of("/actuator", "/actuator/", "/actuator/stacktrace",
			"/actuator/stacktrace/hot", "/actuator/stacktrace/anything", "/actuator/prometheus", "/actuator/threaddump");

	/** No credentials. */
	private final HttpTestClient anonymous;

	/** The documented credentials, of a user with the ACTUATOR role. */
	private final HttpTestClient actuator;

	private final HttpTestClient wrongPassword;

	SampleApplicationSecurityTests(@LocalServerPort int port) {
		this.anonymous = HttpTestClient.local(port);
		this.actuator = this.anonymous.withBasicAuth("actuator", "actuator-demo");
		this.wrongPassword = this.anonymous.withBasicAuth("actuator", "wrong");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD" })
	void healthIsPublic(String method) throws Exception {
		HttpResponse<String> response = this.anonymous.send(method, "/actuator/health");
		assertThat(response.statusCode()).isEqualTo(200);
		if (method.equals("GET")) {
			assertThat(response.body()).contains("UP");
		}
	}

	@Test
	void stackTraceWithoutCredentialsIsUnauthorizedAndLeaksNoStack() throws Exception {
		HttpResponse<String> response = this.anonymous.get("/actuator/stacktrace");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("JVM thread stack traces").doesNotContain("status=ok");
	}

	@Test
	void hotThreadsWithoutCredentialsIsUnauthorizedAndWithThemShowsTheReport() throws Exception {
		HttpResponse<String> anonymous = this.anonymous.get("/actuator/stacktrace/hot?interval_ms=10&snapshots=1");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.body()).doesNotContain("JVM hot threads");
		HttpResponse<String> wrong = this.wrongPassword.get("/actuator/stacktrace/hot?interval_ms=10&snapshots=1");
		assertThat(wrong.statusCode()).isEqualTo(401);
		HttpResponse<String> authorized = this.actuator.get("/actuator/stacktrace/hot?interval_ms=10&snapshots=1");
		assertThat(authorized.statusCode()).isEqualTo(200);
		assertThat(authorized.body()).startsWith("JVM hot threads\n").contains("\ntotals: process_cpu=");
	}

	@Test
	void stackTraceWithWrongPasswordIsUnauthorized() throws Exception {
		HttpResponse<String> response = this.wrongPassword.get("/actuator/stacktrace");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("JVM thread stack traces");
	}

	@Test
	void prometheusWithoutCredentialsIsUnauthorized() throws Exception {
		assertThat(this.anonymous.get("/actuator/prometheus").statusCode()).isEqualTo(401);
	}

	@Test
	void stackTraceWithTheDocumentedCredentialsShowsStacks() throws Exception {
		HttpResponse<String> response = this.actuator.get("/actuator/stacktrace");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("JVM thread stack traces\n").contains("summary: captured=");
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("methodsAndProtectedPaths")
	void everyMethodOnAProtectedPathWithoutCredentialsIsUnauthorized(String method, String path) throws Exception {
		HttpResponse<String> response = this.anonymous.send(method, path);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Basic"));
		if (method.equals("HEAD")) {
			assertThat(response.body()).isEmpty();
		}
		else {
			assertThat(response.body()).doesNotContain("JVM thread stack traces")
				.doesNotContain("_links")
				.doesNotContain("jvm_");
		}
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("methodsAndProtectedPaths")
	void everyMethodOnAProtectedPathWithAWrongPasswordIsUnauthorized(String method, String path) throws Exception {
		HttpResponse<String> response = this.wrongPassword.send(method, path);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("JVM thread stack traces").doesNotContain("_links");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD" })
	void linksWithTheDocumentedCredentialsAreServed(String method) throws Exception {
		HttpResponse<String> response = this.actuator.send(method, "/actuator");
		assertThat(response.statusCode()).isEqualTo(200);
		if (method.equals("GET")) {
			assertThat(response.body()).contains("_links");
		}
	}

	@Test
	void demoEndpointsArePublic() throws Exception {
		HttpResponse<String> response = this.anonymous.get("/demo/busy?millis=1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("burnt 1 ms");
	}

	@Test
	void busyRequestShowsItsWorkerStack() throws Exception {
		CompletableFuture<HttpResponse<String>> busy = this.anonymous
			.sendAsync(this.anonymous.request("/demo/busy?millis=8000"));
		try {
			await().atMost(Duration.ofSeconds(8))
				.until(() -> this.actuator.get("/actuator/stacktrace?mode=fast").body(),
						(body) -> body.contains(DemoWorkload.class.getName() + ".burnCpu(DemoWorkload.java:"));
		}
		finally {
			busy.cancel(true);
		}
	}

	static Stream<Arguments> methodsAndProtectedPaths() {
		return METHODS.stream().flatMap((method) -> PROTECTED_PATHS.stream().map((path) -> Arguments.of(method, path)));
	}

}
