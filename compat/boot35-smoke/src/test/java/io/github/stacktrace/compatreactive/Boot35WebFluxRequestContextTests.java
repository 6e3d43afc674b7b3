package io.github.stacktrace.compatreactive;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.github.stacktrace.compatreactive.Boot35WebFluxApplication.HeldController;
import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
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
 * The request a thread serves in a Spring Boot 3.5 WebFlux application, over real HTTP: the starter's web filter is
 * registered there too, and a held request is shown by its route template on the thread its handler blocks. (With
 * Tomcat on the classpath for the servlet tests, Boot 3.5 serves a reactive application on Tomcat's reactive adapter,
 * which it prefers to Reactor Netty; the filter is the same on either.)
 */
@SpringBootTest(classes = Boot35WebFluxApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"management.endpoints.web.exposure.include=stacktrace" })
class Boot35WebFluxRequestContextTests {

	private final HttpTestClient http;

	@Autowired
	private HeldController controller;

	private final Gate gate = new Gate();

	Boot35WebFluxRequestContextTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port);
	}

	@AfterEach
	void release() {
		this.gate.release.countDown();
		this.controller.held.set(null);
	}

	@Test
	void aHeldReactiveRequestIsShownByItsRouteTemplate() throws Exception {
		assertThat(SpringBootVersion.getVersion()).startsWith("3.5.");
		this.controller.held.set(this.gate);
		CompletableFuture<HttpResponse<String>> held = this.http.sendAsync(this.http.request("/held/order-q35x"));
		this.gate.entered.await();

		String report = this.http.get("/actuator/stacktrace?min_elapsed_ms=0").body();
		assertThat(report).containsPattern("\\n----- thread \\d+ \\([^)]+\\) status=ok [^\\n]*"
				+ "request=\"GET /held/\\{id\\}\" elapsed_ms=\\d+");
		// The route template only, never the raw path.
		assertThat(report).doesNotContain("order-q35x");

		this.gate.release.countDown();
		assertThat(held.get().body()).isEqualTo("held order-q35x\n");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.http.get("/actuator/stacktrace?min_elapsed_ms=0").body())
				.doesNotContain("GET /held/{id}"));
	}

}
