package io.github.stacktrace.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
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

	private static final HttpClient client = HttpClient.newHttpClient();

	private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

	private static final List<String> PROTECTED_PATHS = List.of("/actuator", "/actuator/", "/actuator/stacktrace",
			"/actuator/stacktrace/anything", "/actuator/prometheus", "/actuator/threaddump");

	@LocalServerPort
	private int port;

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD" })
	void healthIsPublic(String method) throws Exception {
		HttpResponse<String> response = send(method, "/actuator/health", null);
		assertThat(response.statusCode()).isEqualTo(200);
		if (method.equals("GET")) {
			assertThat(response.body()).contains("UP");
		}
	}

	@Test
	void stackTraceWithoutCredentialsIsUnauthorizedAndLeaksNoStack() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace", null);
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("JVM thread stack traces").doesNotContain("status=ok");
	}

	@Test
	void stackTraceWithWrongPasswordIsUnauthorized() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace", "actuator:wrong");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("JVM thread stack traces");
	}

	@Test
	void prometheusWithoutCredentialsIsUnauthorized() throws Exception {
		assertThat(get("/actuator/prometheus", null).statusCode()).isEqualTo(401);
	}

	@Test
	void stackTraceWithTheDocumentedCredentialsShowsStacks() throws Exception {
		HttpResponse<String> response = get("/actuator/stacktrace", "actuator:actuator-demo");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("JVM thread stack traces\n").contains("summary: captured=");
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("methodsAndProtectedPaths")
	void everyMethodOnAProtectedPathWithoutCredentialsIsUnauthorized(String method, String path) throws Exception {
		HttpResponse<String> response = send(method, path, null);
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
		HttpResponse<String> response = send(method, path, "actuator:wrong");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("JVM thread stack traces").doesNotContain("_links");
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD" })
	void linksWithTheDocumentedCredentialsAreServed(String method) throws Exception {
		HttpResponse<String> response = send(method, "/actuator", "actuator:actuator-demo");
		assertThat(response.statusCode()).isEqualTo(200);
		if (method.equals("GET")) {
			assertThat(response.body()).contains("_links");
		}
	}

	@Test
	void demoEndpointsArePublic() throws Exception {
		HttpResponse<String> response = get("/demo/busy?millis=1", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).startsWith("burnt 1 ms");
	}

	@Test
	void busyRequestShowsItsWorkerStack() throws Exception {
		CompletableFuture<HttpResponse<String>> busy = client.sendAsync(
				request("/demo/busy?millis=8000", null).build(), HttpResponse.BodyHandlers.ofString());
		try {
			await().atMost(Duration.ofSeconds(8))
				.until(() -> get("/actuator/stacktrace?mode=fast", "actuator:actuator-demo").body(),
						(body) -> body.contains(DemoWorkload.class.getName() + ".burnCpu(DemoWorkload.java:"));
		}
		finally {
			busy.cancel(true);
		}
	}

	static Stream<Arguments> methodsAndProtectedPaths() {
		return METHODS.stream().flatMap((method) -> PROTECTED_PATHS.stream().map((path) -> Arguments.of(method, path)));
	}

	private HttpResponse<String> get(String path, @Nullable String credentials)
			throws IOException, InterruptedException {
		return client.send(request(path, credentials).build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> send(String method, String path, @Nullable String credentials)
			throws IOException, InterruptedException {
		HttpRequest request = request(path, credentials).method(method, HttpRequest.BodyPublishers.noBody()).build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path, @Nullable String credentials) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (credentials != null) {
			builder.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return builder;
	}

}
