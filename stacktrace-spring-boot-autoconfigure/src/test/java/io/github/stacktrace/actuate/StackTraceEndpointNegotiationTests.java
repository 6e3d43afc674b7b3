package io.github.stacktrace.actuate;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.test.HttpTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the endpoint reads what a client names, over real HTTP: the content type through {@code Accept} (errors are one
 * text line for every {@code Accept}; a report only for one of ours), and keywords, which are ASCII (a look-alike
 * letter from another script is a 400).
 */
@SharedStackTraceContext
class StackTraceEndpointNegotiationTests {

	private static final String TEXT_PLAIN = "text/plain;charset=UTF-8";

	private static final String NOT_ACCEPTABLE = "not acceptable: this endpoint produces text/plain, text/html, application/json"
			+ " and application/vnd.spring-boot.actuator.v3+json";

	private final HttpTestClient http;

	@Autowired
	private StackTraceCaptureService service;

	@Autowired
	private RecordingListener listener;

	StackTraceEndpointNegotiationTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port).withBasePath("/actuator/stacktrace");
	}

	@AfterEach
	void releaseCapture() {
		this.listener.release();
	}

	@ParameterizedTest(name = "Accept: {0}")
	@ValueSource(strings = { "text/html", "application/xml", "image/png, text/csv;q=0.5",
			"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json",
			"application/json;q=0.1, text/plain;q=0.9", "text/plain;q=0", "*/*;q=0", "*/*", "text/*",
			"application/*", "application/vnd.spring-boot.actuator.v3+json", "" })
	void badParameterGetsItsOneTextLineWhateverAccept(String accept) throws Exception {
		assertTextLine(get("?thread_id=abc", accept), 400, "invalid thread_id: abc");
		assertTextLine(get("?mode=fa%C5%BFt", accept), 400,
				"invalid mode: fa\u017ft, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE");
	}

	@Test
	void badParameterWithoutAcceptGetsItsOneTextLine() throws Exception {
		assertTextLine(get("?timeout_ms=0"), 400,
				"invalid timeout_ms: 0, expected range [1, 10000]");
	}

	@Test
	void conflictIsOneTextLineWhateverAccept() throws Exception {
		this.listener.holdNextCapture();
		CompletableFuture<HttpResponse<String>> first = this.http
			.sendAsync(this.http.request("?mode=disabled").header("Accept", "text/plain"));
		await().atMost(20, TimeUnit.SECONDS).until(this.service::isCaptureRunning);
		// With format, an Accept naming none of our types reaches the capture too.
		for (String accept : new String[] { "application/json", "text/html", "application/xml" }) {
			assertTextLine(get("?mode=disabled&format=json", accept), 409,
					"another thread stack trace request is running");
		}
		assertTextLine(get("?mode=disabled", "application/json;q=0.5, text/csv"), 409,
				"another thread stack trace request is running");
		this.listener.release();
		assertThat(first.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
	}

	// Boot's resolver of the Producible parameter reads Accept token by token, ignores q-values, and keeps the
	// last-declared content type any token matches: JSON as soon as a JSON type (or application/*) is named at all.
	@ParameterizedTest(name = "Accept: {0}")
	@CsvSource(delimiter = '|', textBlock = """
			*/*                                                               | text
			text/plain                                                        | text
			text/plain;charset=UTF-8                                          | text
			text/*                                                            | html
			text/html                                                         | html
			text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8   | html
			text/html, text/plain                                             | html
			text/html, application/json                                       | json
			''                                                                | text
			application/json                                                  | json
			application/vnd.spring-boot.actuator.v3+json                      | json
			application/*                                                     | json
			application/*+json                                                | json
			application/json;q=0.1, text/plain;q=0.9                          | json
			text/plain, application/json;q=0                                  | json
			text/plain;q=0                                                    | text
			""")
	void reportFormatFollowsAccept(String accept, String format) throws Exception {
		HttpResponse<String> response = get("?thread_id=1", accept);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		if (format.equals("json")) {
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat((Integer) JsonPath.read(response.body(), "$.thread_count")).isEqualTo(1);
		}
		else if (format.equals("html")) {
			assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
			assertThat(response.body()).startsWith("<!DOCTYPE html>").contains("[\"thread_count\",\"1\"]");
		}
		else {
			assertThat(response.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);
			assertThat(response.body()).startsWith("JVM thread stack traces\n").contains("\nthread_count: 1\n");
		}
	}

	@Test
	void withoutAcceptTheReportIsText() throws Exception {
		HttpResponse<String> response = get("?thread_id=1");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);
		assertThat(response.body()).startsWith("JVM thread stack traces\n");
	}

	@ParameterizedTest(name = "Accept: {0}")
	@ValueSource(strings = { "application/xml", "image/png, text/csv;q=0.5", "application/problem+xml" })
	void validRequestWhoseAcceptNamesNoneOfOurTypesIsNotAcceptable(String accept) throws Exception {
		HttpResponse<String> response = get("?thread_id=1", accept);
		assertTextLine(response, 406, NOT_ACCEPTABLE);
		assertThat(response.body()).doesNotContain("JVM thread stack traces");
	}

	@ParameterizedTest(name = "format={0}")
	@CsvSource(textBlock = """
			text,   text/plain;charset=UTF-8
			json,   application/json
			folded, text/plain;charset=UTF-8
			jstack, text/plain;charset=UTF-8
			html,   text/html;charset=UTF-8
			""")
	void formatParameterIsAnsweredWhateverAccept(String format, String contentType) throws Exception {
		for (String accept : new String[] { "text/html", "application/xml", "application/json" }) {
			HttpResponse<String> response = get("?thread_id=1&format=" + format, accept);
			assertThat(response.statusCode()).as(accept).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).as(accept).hasValue(contentType);
		}
	}

	// Spring MVC parses Accept before any endpoint is chosen: a header that is not a media type list is refused there.
	@ParameterizedTest(name = "Accept: {0}")
	@ValueSource(strings = { "invalid", "text/plain;q=abc", ";;;", "application/json;charset=ebcdic" })
	void unparseableAcceptIsRefusedBeforeTheEndpointRuns(String accept) throws Exception {
		for (String query : new String[] { "?thread_id=1", "?thread_id=abc" }) {
			HttpResponse<String> response = get(query, accept);
			assertThat(response.statusCode()).as(query).isEqualTo(406);
			assertThat(response.body()).as(query).doesNotContain("JVM thread stack traces", "invalid thread_id");
		}
	}

	// Percent-encoded UTF-8 of letters whose case mapping lands on an ASCII letter: none of them is a keyword.
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			mode=fa%C5%BFt                               | invalid mode: fa\u017ft, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			mode=d%C4%B1sabled                           | invalid mode: d\u0131sabled, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			dwarf_location_info_mode=FULL_WITH_%C4%B0NLINE | invalid dwarf_location_info_mode: FULL_WITH_\u0130NLINE, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			state=bloc%E2%84%AAed                        | invalid state: bloc\u212aed, expected one of NEW, RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, TERMINATED
			state=waiting,timed_wa%C4%B1ting             | invalid state: timed_wa\u0131ting, expected one of NEW, RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, TERMINATED
			format=j%C5%BFon                             | invalid format: j\u017fon, expected one of text, json, folded, jstack, html
			skip_blocking_syscalls=fal%C5%BFe            | invalid skip_blocking_syscalls: fal\u017fe, expected one of true, false, 1, 0
			group=FAL%C5%BFE                             | invalid group: FAL\u017fE, expected one of true, false, 1, 0
			""")
	void lookAlikeLettersAreNotKeywords(String query, String message) throws Exception {
		assertTextLine(get("?" + query, "text/plain"), 400, message);
	}

	// Tomcat decodes the query when Boot's web layer reads the parameters, before the operation runs, and fails the
	// request with 400: the body is then the application's error page (Boot's), whatever it makes of Accept.
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "name=%FF", "thread_id=%C3", "state=%E2%84", "mode=fast&name=%C0%80" })
	void queryThatIsNotUtf8GetsTheServers400BeforeTheEndpointRuns(String query) throws Exception {
		HttpResponse<String> text = get("?" + query, "text/plain");
		assertThat(text.statusCode()).isEqualTo(400);
		assertThat(text.body()).isEmpty();
		HttpResponse<String> json = get("?" + query, "application/json");
		assertThat(json.statusCode()).isEqualTo(400);
		assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(json.body()).contains("\"status\":400", "\"error\":\"Bad Request\"");
		HttpResponse<String> html = get("?" + query, "text/html");
		assertThat(html.statusCode()).isEqualTo(400);
		assertThat(html.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		HttpResponse<String> none = get("?" + query);
		assertThat(none.statusCode()).isEqualTo(400);
		assertThat(none.body()).contains("\"status\":400");
	}

	private static void assertTextLine(HttpResponse<String> response, int status, String line) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(TEXT_PLAIN);
		assertThat(response.body()).isEqualTo(line + "\n");
	}

	private HttpResponse<String> get(String query, String accept) throws IOException, InterruptedException {
		return this.http.get(query, accept);
	}

	private HttpResponse<String> get(String query) throws IOException, InterruptedException {
		return this.http.get(query);
	}

}
