package io.github.stacktrace.compatreactive;

import java.net.http.HttpResponse;

import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In a Spring Boot 3.5 WebFlux application, over real HTTP, the report type follows {@code Accept} by quality: the
 * starter's filter finds the endpoint's path and rewrites the header on Spring Framework 6 too (Boot's own resolution
 * would pick JSON for {@code application/json;q=0.1, text/plain;q=0.9}).
 */
@SpringBootTest(classes = Boot35WebFluxApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive",
				"management.endpoints.web.exposure.include=stacktrace" })
class Boot35WebFluxAcceptNegotiationTests {

	private final HttpTestClient http;

	Boot35WebFluxAcceptNegotiationTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port);
	}

	@ParameterizedTest(name = "{0} Accept: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/actuator/stacktrace?thread_id=1                       | application/json;q=0.1, text/plain;q=0.9 | text/plain;charset=UTF-8
			/actuator/stacktrace?thread_id=1                       | text/plain;q=0.1, application/json;q=0.9 | application/json
			/actuator/stacktrace/hot?interval_ms=10&snapshots=2    | application/json;q=0.1, text/plain;q=0.9 | text/plain;charset=UTF-8
			""")
	void reportTypeFollowsAcceptByQuality(String pathAndQuery, String accept, String contentType) throws Exception {
		HttpResponse<String> response = this.http.get(pathAndQuery, accept);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType);
	}

}
