package io.github.stacktrace.actuate;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile requests over real HTTP: query values and headers from clients that try to break parsing, the error line
 * or the server. The shared context caps a request at 16 thread ids.
 */
@SharedStackTraceContext
class StackTraceEndpointHostileQueryTests {

	private final HttpTestClient http;

	private final TestThreads threads = new TestThreads();

	StackTraceEndpointHostileQueryTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port).withBasePath("/actuator/stacktrace");
	}

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void idListAtTheCapIsCaptured() throws Exception {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			ids.add(TestThreads.id(this.threads.startParked("capped-" + i)));
		}
		HttpResponse<String> response = this.http.get("?timeout_ms=10000&thread_id="
				+ ids.stream().map(String::valueOf).collect(Collectors.joining(",")), "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		TextReport report = TextReport.parse(response.body()).assertConsistent();
		assertThat(report.threadCount()).isEqualTo(16);
		assertThat(report.captured()).isEqualTo(16);
	}

	@Test
	void idListOneOverTheCapIsRejected() throws Exception {
		String ids = IntStream.rangeClosed(1, 17).mapToObj(String::valueOf).collect(Collectors.joining(","));
		HttpResponse<String> response = this.http.get("?thread_id=" + ids, "text/plain");
		assertBadRequest(response, "invalid thread_id: too many ids (max 16)");
		assertThat(response.body()).isEqualTo("invalid thread_id: too many ids (max 16)\n");
	}

	@Test
	void repeatedIdParametersOverTheCapAreRejected() throws Exception {
		String query = IntStream.rangeClosed(1, 17).mapToObj((id) -> "thread_id=" + id)
			.collect(Collectors.joining("&"));
		assertBadRequest(this.http.get("?" + query, "text/plain"), "invalid thread_id: too many ids (max 16)");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			thread_id=99999999999999999999999999      | invalid thread_id: 99999999999999999999999999
			tid=99999999999999999999999999            | invalid tid: 99999999999999999999999999
			thread_id=%D9%A1%D9%A2                    | invalid thread_id: \u0661\u0662
			thread_id=%EF%BC%91                       | invalid thread_id: \uff11
			thread_id=1,%EF%BC%92                     | invalid thread_id: \uff12
			thread_id=%00                             | invalid thread_id: \\u0000
			thread_id=%0A                             | invalid thread_id: \\n
			thread_id=%1B                             | invalid thread_id: \\u001b
			thread_id=%7F                             | invalid thread_id: \\u007f
			thread_id=%C2%85                          | invalid thread_id: \\u0085
			thread_id=1%0D%0A2                        | invalid thread_id: 1\\r\\n2
			tid=%E2%80%A8                             | invalid tid: \\u2028
			thread_id=%5C                             | invalid thread_id: \\\\
			mode=%1B%5B31m                            | invalid mode: \\u001b[31m, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			dwarf_location_info_mode=%00              | invalid dwarf_location_info_mode: \\u0000, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			timeout_ms=99999999999999999999999999     | invalid timeout_ms: 99999999999999999999999999, expected range [1, 10000]
			timeout_ms=%D9%A1                         | invalid timeout_ms: \u0661
			timeout_ms=%0A5                           | invalid timeout_ms: \\n5
			skip_blocking_syscalls=%00                | invalid skip_blocking_syscalls: \\u0000, expected one of true, false, 1, 0
			format=%0Ajson                            | invalid format: \\njson, expected one of text, json, folded, jstack, html
			""")
	void hostileQueryValueGetsOneSafeErrorLine(String query, String message) throws Exception {
		for (String accept : new String[] { "text/plain", "application/json" }) {
			HttpResponse<String> response = this.http.get("?" + query, accept);
			assertBadRequest(response, message);
			assertThat(response.body()).as(accept).isEqualTo(message + "\n");
		}
	}

	// text/plain, application/json and the actuator's JSON type are produced; anything else is a 406 without a report.
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			application/xml                              | 406
			invalid                                      | 406
			text/plain;q=abc                             | 406
			';;;'                                        | 406
			application/json;charset=ebcdic              | 406
			application/vnd.spring-boot.actuator.v3+json | 200
			text/*                                       | 200
			application/*                                | 200
			""")
	void hostileAcceptHeaderGetsAReportOrNotAcceptable(String accept, int status) throws Exception {
		HttpResponse<String> response = this.http.get("?thread_id=1", accept);
		assertThat(response.statusCode()).isEqualTo(status);
		if (status != 200) {
			assertThat(response.body()).doesNotContain("JVM thread stack traces", "thread_count");
		}
	}

	@Test
	void longIdIsNotEchoedWhole() throws Exception {
		HttpResponse<String> response = this.http.get("?thread_id=" + "9".repeat(5000), "text/plain");
		assertBadRequest(response, "invalid thread_id: " + "9".repeat(64));
		assertThat(response.body()).contains("more chars)");
	}

	@Test
	void requestLineOverTheServerLimitIsRejectedByTheServerWithoutEcho() throws Exception {
		HttpResponse<String> response = this.http.get("?thread_id=" + "9".repeat(20_000), "text/plain");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).doesNotContain("9".repeat(100));
	}

	// Tomcat refuses to decode these before the endpoint runs: a bare 400 from the server, never a 5xx.
	@ParameterizedTest(name = "{0}")
	@CsvSource(textBlock = """
			thread_id=%FF
			thread_id=%C0%80
			thread_id=%ED%A0%80
			mode=%FF%FE
			""")
	void malformedUtf8IsRejectedByTheServerBeforeTheEndpoint(String query) throws Exception {
		HttpResponse<String> response = this.http.get("?" + query, "text/plain");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void repeatedThreadIdParametersAreJoinedWithCommas() throws Exception {
		Thread first = this.threads.startParked("repeated-one");
		Thread second = this.threads.startParked("repeated-two");
		HttpResponse<String> response = this.http.get("?thread_id=" + TestThreads.id(first) + "&thread_id="
				+ TestThreads.id(second), "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		TextReport report = TextReport.parse(response.body()).assertConsistent();
		assertThat(report.threadCount()).isEqualTo(2);
		assertThat(report.sectionLines()).satisfiesExactly(
				(line) -> assertThat(line).startsWith("----- thread " + TestThreads.id(first) + " (repeated-one)"),
				(line) -> assertThat(line).startsWith("----- thread " + TestThreads.id(second) + " (repeated-two)"));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			mode=fast&mode=full                       | invalid mode: fast,full, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			timeout_ms=1&timeout_ms=2                 | invalid timeout_ms: 1,2
			skip_blocking_syscalls=1&skip_blocking_syscalls=0 | invalid skip_blocking_syscalls: 1,0, expected one of true, false, 1, 0
			format=json&format=text                   | invalid format: json,text, expected one of text, json, folded, jstack, html
			thread_id=1&thread_id=                    | invalid thread_id: empty token
			mode=&mode=                               | invalid mode: ,, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			""")
	void repeatedParametersAreJoinedWithCommasAndValidatedAsOneValue(String query, String message)
			throws Exception {
		HttpResponse<String> response = this.http.get("?" + query, "text/plain");
		assertBadRequest(response, message);
		assertThat(response.body()).isEqualTo(message + "\n");
	}

	@Test
	void emptyValuesForEveryParameterMeanDefaults() throws Exception {
		HttpResponse<String> response = this.http.get(
				"?thread_id=&tid=&mode=&dwarf_location_info_mode=&timeout_ms=&skip_blocking_syscalls=&format=",
				"text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(response.body()).startsWith("JVM thread stack traces\n")
			.contains("\ntimeout_ms_per_thread: 100\n", "\ndwarf_location_info_mode: fast\n",
					"\nskip_blocking_syscalls: false\n");
		TextReport report = TextReport.parse(response.body()).assertConsistent();
		assertThat(report.threadCount()).isGreaterThan(1);
	}

	private static void assertBadRequest(HttpResponse<String> response, String messageStart) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		String body = response.body();
		assertThat(body).startsWith(messageStart).endsWith("\n").hasSizeLessThan(200);
		assertThat(body.lines()).hasSize(1);
		TextReport.assertNoRawControlCharacters(body);
	}

}
