package io.github.stacktrace.actuate;

import java.io.IOException;
import java.net.http.HttpResponse;

import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Boot's access and exposure switches applied to {@code /actuator/stacktrace} over real HTTP.
 */
class StackTraceEndpointAccessTests {

	static HttpResponse<String> get(int port) throws IOException, InterruptedException {
		return HttpTestClient.local(port).get("/actuator/stacktrace?mode=disabled", "text/plain");
	}

	@Nested
	@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
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
	@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
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
	@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
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

}
