package io.github.stacktrace.routes;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.test.Gate;
import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request's route is a template, never its raw path, over real HTTP in an MVC application: a URL handler mapping's
 * default handler, whose "best-matching pattern" is the request's own path, is shown {@code UNKNOWN} in every report
 * format; registered patterns, registered literal paths and annotated templates stay.
 */
@SpringBootTest(classes = RouteTemplateTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=stacktrace")
class RouteTemplateWebIntegrationTests {

	private static final String[] REPORTS = { "", "?format=json", "?format=folded", "?format=jstack",
			"?format=html", "?group=true", "?format=json&group=true",
			"/hot?type=wait&threads=100&snapshots=1&interval_ms=10&ignore_idle=false",
			"/hot?type=wait&threads=100&snapshots=1&interval_ms=10&ignore_idle=false&format=json",
			"/hot?type=wait&threads=100&snapshots=1&interval_ms=10&ignore_idle=false&format=html" };

	@LocalServerPort
	private int port;

	@Autowired
	private AtomicReference<Gate> held;

	private HttpTestClient http;

	private final Gate gate = new Gate();

	@BeforeEach
	void setUp() {
		this.http = HttpTestClient.local(this.port);
	}

	@AfterEach
	void release() {
		this.gate.release.countDown();
		this.held.set(null);
	}

	@Test
	void aDefaultHandlersRequestIsUnknownAndItsPathIsInNoReport() throws Exception {
		CompletableFuture<HttpResponse<String>> request = hold("/zzz/PATHSECRET_DEFAULT/abc");
		for (String report : REPORTS) {
			HttpResponse<String> response = this.http.get("/actuator/stacktrace" + report);
			assertThat(response.statusCode()).as(report).isEqualTo(200);
			assertThat(response.body()).as(report).doesNotContain("PATHSECRET", "zzz");
		}
		assertThat(this.http.get("/actuator/stacktrace").body()).contains("request=\"GET UNKNOWN\"");
		this.gate.release.countDown();
		assertThat(request.get(30, TimeUnit.SECONDS).body()).isEqualTo("ok\n");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(textBlock = """
			/files/PATHSECRET_FILES/x,  /files/**
			/literal/path,              /literal/path
			/orders/PATHSECRET_ORDER,   /orders/{id}
			""")
	void templatesAndRegisteredPathsStayRoutes(String path, String route) throws Exception {
		CompletableFuture<HttpResponse<String>> request = hold(path);
		String report = this.http.get("/actuator/stacktrace").body();
		assertThat(report).contains("request=\"GET " + route + "\"").doesNotContain("PATHSECRET");
		this.gate.release.countDown();
		assertThat(request.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	private CompletableFuture<HttpResponse<String>> hold(String path) throws InterruptedException {
		this.held.set(this.gate);
		CompletableFuture<HttpResponse<String>> request = this.http.sendAsync(this.http.request(path));
		assertThat(this.gate.entered.await(30, TimeUnit.SECONDS)).isTrue();
		return request;
	}

}
