package io.github.stacktrace.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the endpoint reads what a client names, over real HTTP: keywords are ASCII, so a look-alike letter from another
 * alphabet is a 400.
 */
@SpringBootTest(classes = StackTraceEndpointNegotiationTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=stacktrace")
class StackTraceEndpointNegotiationTests {

	private static final String TEXT_PLAIN = "text/plain;charset=UTF-8";

	private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@LocalServerPort
	private int port;

	// Percent-encoded UTF-8 of letters whose case mapping lands on an ASCII letter: none of them is a keyword.
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			mode=fa%C5%BFt                               | invalid dwarf_location_info_mode: fa\u017ft, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			mode=d%C4%B1sabled                           | invalid dwarf_location_info_mode: d\u0131sabled, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			dwarf_location_info_mode=FULL_WITH_%C4%B0NLINE | invalid dwarf_location_info_mode: FULL_WITH_\u0130NLINE, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			state=bloc%E2%84%AAed                        | invalid state: bloc\u212aed, expected one of NEW, RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, TERMINATED
			state=waiting,timed_wa%C4%B1ting             | invalid state: timed_wa\u0131ting, expected one of NEW, RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, TERMINATED
			format=j%C5%BFon                             | invalid format: j\u017fon, expected one of text, json, folded
			skip_blocking_syscalls=fal%C5%BFe            | invalid skip_blocking_syscalls: fal\u017fe, expected one of true, false, 1, 0
			group=FAL%C5%BFE                             | invalid group: FAL\u017fE, expected one of true, false, 1, 0
			""")
	void lookAlikeLettersAreNotKeywords(String query, String message) throws Exception {
		assertTextLine(get("?" + query, "text/plain"), 400, message);
	}

	private static void assertTextLine(HttpResponse<String> response, int status, String line) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);
		assertThat(response.body()).isEqualTo(line + "\n");
	}

	private HttpResponse<String> get(String query, String accept) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/stacktrace" + query))
			.header("Accept", accept)
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootApplication
	static class TestApplication {

	}

}
