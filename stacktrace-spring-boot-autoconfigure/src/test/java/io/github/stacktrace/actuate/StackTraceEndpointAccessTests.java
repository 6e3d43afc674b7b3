package io.github.stacktrace.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's access and exposure switches applied to {@code /actuator/stacktrace} over real HTTP.
 */
class StackTraceEndpointAccessTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	static HttpResponse<String> get(int port) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/stacktrace?mode=disabled"))
			.header("Accept", "text/plain")
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=stacktrace",
					"management.endpoint.stacktrace.access=read-only" })
	class ReadOnlyAccess {

		@LocalServerPort
		private int port;

		@Test
		void endpointAnswersUnderReadOnlyAccess() throws Exception {
			HttpResponse<String> response = get(this.port);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).startsWith("JVM thread stack traces\n");
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=stacktrace",
					"management.endpoint.stacktrace.access=none" })
	class NoAccess {

		@LocalServerPort
		private int port;

		@Test
		void endpointIsNotFoundWhenAccessIsNone() throws Exception {
			HttpResponse<String> response = get(this.port);
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.body()).doesNotContain("JVM thread stack traces");
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class NotExposed {

		@LocalServerPort
		private int port;

		@Test
		void endpointIsNotFoundWhenNotExposed() throws Exception {
			HttpResponse<String> response = get(this.port);
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.body()).doesNotContain("JVM thread stack traces");
		}

	}

	@SpringBootApplication
	static class TestApplication {

	}

}
