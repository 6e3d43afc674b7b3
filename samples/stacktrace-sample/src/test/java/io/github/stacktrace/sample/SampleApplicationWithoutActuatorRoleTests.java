package io.github.stacktrace.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user whose roles lack ACTUATOR is authenticated but forbidden.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "spring.security.user.name=viewer",
		"spring.security.user.password=viewer-pass", "spring.security.user.roles=USER" })
class SampleApplicationWithoutActuatorRoleTests {

	@LocalServerPort
	private int port;

	@Test
	void stackTraceForAUserWithoutTheRoleIsForbidden() throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/stacktrace"))
			.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString("viewer:viewer-pass".getBytes(StandardCharsets.UTF_8)))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("JVM thread stack traces");
	}

}
