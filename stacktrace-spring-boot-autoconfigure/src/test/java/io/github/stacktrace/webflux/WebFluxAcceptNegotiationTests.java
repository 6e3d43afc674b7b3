package io.github.stacktrace.webflux;

import java.net.http.HttpResponse;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On WebFlux, over real HTTP, the report type follows {@code Accept} by quality as on Spring MVC (where Boot's own
 * resolution, which ignores q-values, would pick JSON for {@code application/json;q=0.1, text/plain;q=0.9}); a header
 * that refuses every type of ours gets the endpoint's 406 line; one that is not a media type list is refused by
 * WebFlux before the endpoint runs.
 */
@WebFluxRequestContextTest
class WebFluxAcceptNegotiationTests {

	private static final String TEXT_PLAIN = "text/plain;charset=UTF-8";

	private final HttpTestClient http;

	WebFluxAcceptNegotiationTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port).withBasePath("/actuator/stacktrace");
	}

	@ParameterizedTest(name = "Accept: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			?thread_id=1 | application/json;q=0.1, text/plain;q=0.9                      | text
			?thread_id=1 | text/plain;q=0.9, application/json;q=0.1                      | text
			?thread_id=1 | */*;q=0.1                                                     | text
			?thread_id=1 | application/json;q=0.05, */*;q=0.1                            | text
			?thread_id=1 | text/plain, application/json;q=0                              | text
			?thread_id=1 | text/plain;q=0, */*                                           | json
			?thread_id=1 | text/plain;q=0.1, application/json;q=0.9                      | json
			?thread_id=1 | application/json                                              | json
			?thread_id=1 | text/html;q=0.2, application/json;q=0.8                       | json
			?thread_id=1 | application/json;q=0.2, text/html;q=0.8                       | html
			?thread_id=1 | text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | html
			?thread_id=1 | ''                                                            | text
			""")
	void reportFormatFollowsAcceptByQuality(String query, String accept, String format) throws Exception {
		HttpResponse<String> response = this.http.get(query, accept);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		if (format.equals("json")) {
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat((Integer) JsonPath.read(response.body(), "$.thread_count")).isEqualTo(1);
		}
		else if (format.equals("html")) {
			assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
			assertThat(response.body()).startsWith("<!DOCTYPE html>");
		}
		else {
			assertThat(response.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);
			assertThat(response.body()).contains("thread_count: 1\n");
		}
	}

	@ParameterizedTest(name = "Accept: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			application/json;q=0.1, text/plain;q=0.9 | text/plain;charset=UTF-8
			text/plain;q=0.1, application/json;q=0.9 | application/json
			""")
	void hotThreadsFollowAcceptByQuality(String accept, String contentType) throws Exception {
		HttpResponse<String> response = this.http.get("/hot?interval_ms=10&snapshots=2", accept);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType);
	}

	@ParameterizedTest(name = "Accept: {0}")
	@ValueSource(strings = { "text/plain;q=0", "*/*;q=0", "text/*;q=0, application/*;q=0", "application/xml" })
	void acceptThatRefusesEveryTypeOfOursGetsTheNotAcceptableLine(String accept) throws Exception {
		HttpResponse<String> response = this.http.get("?thread_id=1", accept);
		assertThat(response.statusCode()).isEqualTo(406);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);
		assertThat(response.body()).isEqualTo("not acceptable: this endpoint produces text/plain, text/html,"
				+ " application/json and application/vnd.spring-boot.actuator.v3+json\n");
	}

	@ParameterizedTest(name = "Accept: {0}")
	@ValueSource(strings = { "text/plain;q=abc", "text/plain;q=2", "invalid" })
	void acceptThatIsNotAMediaTypeListIsRefusedBeforeTheEndpointRuns(String accept) throws Exception {
		HttpResponse<String> response = this.http.get("?thread_id=1", accept);
		assertThat(response.statusCode()).isEqualTo(406);
		assertThat(response.body()).doesNotContain("JVM thread stack traces", "thread_count");
	}

	@ParameterizedTest(name = "Accept: {0}")
	@ValueSource(strings = { "text/plain;q=0", "application/json;q=0.1, text/plain;q=0.9" })
	void formatWinsOverAccept(String accept) throws Exception {
		HttpResponse<String> response = this.http.get("?thread_id=1&format=json", accept);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
	}

}
