package io.github.stacktrace.sample;

import java.net.http.HttpResponse;

import io.github.stacktrace.test.HttpTestClient;
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
		HttpResponse<String> response = HttpTestClient.local(this.port)
			.withBasicAuth("viewer", "viewer-pass")
			.get("/actuator/stacktrace");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(response.body()).doesNotContain("JVM thread stack traces");
	}

}
