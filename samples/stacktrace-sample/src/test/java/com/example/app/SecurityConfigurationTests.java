package com.example.app;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's security class, copied here as printed, in an application of its own: the application's endpoints
 * stay behind a login, and only the {@code ACTUATOR} role reads the stacks.
 */
@SpringBootTest(classes = SecurityConfigurationTests.ReaderApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,stacktrace", "app.ops-password=ops-secret",
				"app.user-password=user-secret" })
class SecurityConfigurationTests {

	private static final Path README = Path.of("..", "..", "README.md");

	private static final Path PRINTED_CLASS = Path.of("src/test/java/com/example/app/SecurityConfiguration.java");

	private final HttpTestClient anonymous;

	private final HttpTestClient user;

	private final HttpTestClient ops;

	SecurityConfigurationTests(@LocalServerPort int port) {
		this.anonymous = HttpTestClient.local(port);
		this.user = this.anonymous.withBasicAuth("user", "user-secret");
		this.ops = this.anonymous.withBasicAuth("ops", "ops-secret");
	}

	@Test
	void readmePrintsThisClassAsTested() throws Exception {
		assertThat(Files.readString(README))
			.as("the README's Boot 4 security class must be %s, character for character", PRINTED_CLASS)
			.contains("```java\n" + Files.readString(PRINTED_CLASS) + "```\n");
	}

	@Test
	void applicationEndpointNeedsALogin() throws Exception {
		assertThat(this.anonymous.get("/hello").statusCode()).isEqualTo(401);
		HttpResponse<String> response = this.user.get("/hello");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("hello");
	}

	@Test
	void stackTraceNeedsTheActuatorRole() throws Exception {
		assertThat(this.anonymous.get("/actuator/stacktrace").statusCode()).isEqualTo(401);
		HttpResponse<String> forbidden = this.user.get("/actuator/stacktrace");
		assertThat(forbidden.statusCode()).isEqualTo(403);
		assertThat(forbidden.body()).doesNotContain("JVM thread stack traces");
		assertThat(this.user.get("/actuator/stacktrace/hot?interval_ms=10&snapshots=1").statusCode()).isEqualTo(403);
		HttpResponse<String> allowed = this.ops.get("/actuator/stacktrace");
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.body()).startsWith("JVM thread stack traces\n");
	}

	@Test
	void healthIsPublic() throws Exception {
		assertThat(this.anonymous.get("/actuator/health").statusCode()).isEqualTo(200);
	}

	@SpringBootApplication
	static class ReaderApplication {

		@RestController
		static class HelloController {

			@GetMapping("/hello")
			String hello() {
				return "hello";
			}

		}

	}

}
