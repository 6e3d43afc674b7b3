package io.github.stacktrace.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input over real HTTP: thread names from the application that try to forge lines or sections, and query
 * values from clients that try to break parsing, the error line or the server.
 */
@SpringBootTest(classes = StackTraceEndpointHostileInputTests.TestApplication.class,
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace", "stacktrace.max-thread-ids=16" })
class StackTraceEndpointHostileInputTests {

	private static final HttpClient client = HttpClient.newHttpClient();

	/** Hostile thread names and how the text report must show them. */
	private static final Map<String, String> HOSTILE_NAMES = hostileNames();

	@LocalServerPort
	private int port;

	private final TestThreads threads = new TestThreads();

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void hostileThreadNamesCannotForgeLinesOrSectionsInSelectedTextReport() throws Exception {
		Map<Long, String> escapedById = startHostileThreads();
		String ids = escapedById.keySet().stream().map(String::valueOf).collect(Collectors.joining(","));
		HttpResponse<String> response = get("?timeout_ms=10000&thread_id=" + ids, "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		assertNoRawControlCharacters(body);
		TextReport report = TextReport.parse(body).assertConsistent();
		assertThat(report.threadCount()).isEqualTo(escapedById.size());
		escapedById.forEach((id, escaped) -> assertThat(report.sectionsOf(id)).singleElement()
			.satisfies((line) -> assertThat(line).startsWith("----- thread " + id + " (" + escaped + ") status=ok ")
				.endsWith(" -----")));
		assertThat(body.lines()).noneMatch((line) -> line.startsWith("----- thread 1 (main)"));
		assertThat(body).contains("(a\\nb)", "(c\\rd)", "(esc\\u001b[31mred)", "(line\\u2028sep)",
				"(back\\\\slash)", "(tab\\there)", "(\\n----- thread 1 \\(main\\) status=ok -----)");
	}

	@Test
	void hostileThreadNamesCannotForgeLinesOrSectionsInFullTextReport() throws Exception {
		Map<Long, String> escapedById = startHostileThreads();
		for (String mode : new String[] { "fast", "full_with_inline" }) {
			HttpResponse<String> response = get("?mode=" + mode, "text/plain");
			assertThat(response.statusCode()).isEqualTo(200);
			String body = response.body();
			assertNoRawControlCharacters(body);
			TextReport report = TextReport.parse(body).assertConsistent();
			escapedById.forEach((id, escaped) -> assertThat(report.sectionsOf(id)).as(mode)
				.singleElement()
				.satisfies((line) -> assertThat(line).startsWith("----- thread " + id + " (" + escaped + ") ")));
			// Thread 1 is really there in a full capture: its one real section, nothing forged.
			long mainSections = body.lines().filter((line) -> line.startsWith("----- thread 1 (main)")).count();
			assertThat(mainSections).isEqualTo(report.sectionsOf(1).size()).isLessThanOrEqualTo(1);
		}
	}

	@Test
	void hostileLockOwnerNameIsEscapedInFullMode() throws Exception {
		Object monitor = new Object();
		CountDownLatch locked = new CountDownLatch(1);
		Thread owner = this.threads.start("owner\n----- thread 1 (main) status=ok -----", () -> {
			synchronized (monitor) {
				locked.countDown();
				TestThreads.parkUntilInterrupted(new CountDownLatch(1));
			}
		});
		assertThat(locked.await(20, TimeUnit.SECONDS)).isTrue();
		Thread waiter = this.threads.start("waiter\u001b[2J", () -> {
			synchronized (monitor) {
				monitor.hashCode();
			}
		});
		await().atMost(20, TimeUnit.SECONDS).until(() -> waiter.getState() == Thread.State.BLOCKED);
		HttpResponse<String> response = get("?timeout_ms=10000&mode=full&thread_id=" + TestThreads.id(waiter) + ","
				+ TestThreads.id(owner), "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		String body = response.body();
		assertNoRawControlCharacters(body);
		TextReport.parse(body).assertConsistent();
		assertThat(body).contains("----- thread " + TestThreads.id(waiter) + " (waiter\\u001b[2J) status=ok")
			.contains("owned by \"owner\\n----- thread 1 (main) status=ok -----\" id=" + TestThreads.id(owner));
		assertThat(body.lines()).noneMatch((line) -> line.startsWith("----- thread 1 (main)"));
	}

	@Test
	void hostileThreadNamesRoundTripInJson() throws Exception {
		Map<Long, String> escapedById = startHostileThreads();
		Map<Long, String> rawById = new LinkedHashMap<>();
		List<String> raw = new ArrayList<>(HOSTILE_NAMES.keySet());
		List<Long> ids = new ArrayList<>(escapedById.keySet());
		for (int i = 0; i < ids.size(); i++) {
			rawById.put(ids.get(i), raw.get(i));
		}
		String idList = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
		for (String query : new String[] { "?format=json&thread_id=" + idList, "?format=json&mode=full", "" }) {
			HttpResponse<String> response = get(query, "application/json");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertNoRawControlCharacters(response.body());
			rawById.forEach((id, name) -> {
				List<String> names = JsonPath.read(response.body(), "$.threads[?(@.id == " + id + ")].name");
				assertThat(names).as(query).containsExactly(name);
			});
		}
	}

	@Test
	void idListAtTheCapIsCaptured() throws Exception {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			ids.add(TestThreads.id(this.threads.startParked("capped-" + i)));
		}
		HttpResponse<String> response = get("?timeout_ms=10000&thread_id="
				+ ids.stream().map(String::valueOf).collect(Collectors.joining(",")), "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		TextReport report = TextReport.parse(response.body()).assertConsistent();
		assertThat(report.threadCount()).isEqualTo(16);
		assertThat(report.captured()).isEqualTo(16);
	}

	@Test
	void idListOneOverTheCapIsRejected() throws Exception {
		String ids = IntStream.rangeClosed(1, 17).mapToObj(String::valueOf).collect(Collectors.joining(","));
		HttpResponse<String> response = get("?thread_id=" + ids, "text/plain");
		assertBadRequest(response, "invalid thread_id: too many ids (max 16)");
		assertThat(response.body()).isEqualTo("invalid thread_id: too many ids (max 16)\n");
	}

	@Test
	void repeatedIdParametersOverTheCapAreRejected() throws Exception {
		String query = IntStream.rangeClosed(1, 17).mapToObj((id) -> "thread_id=" + id)
			.collect(Collectors.joining("&"));
		assertBadRequest(get("?" + query, "text/plain"), "invalid thread_id: too many ids (max 16)");
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
			mode=%1B%5B31m                            | invalid dwarf_location_info_mode: \\u001b[31m, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			dwarf_location_info_mode=%00              | invalid dwarf_location_info_mode: \\u0000, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			timeout_ms=99999999999999999999999999     | invalid timeout_ms: 99999999999999999999999999, expected range [1, 10000]
			timeout_ms=%D9%A1                         | invalid timeout_ms: \u0661
			timeout_ms=%0A5                           | invalid timeout_ms: \\n5
			skip_blocking_syscalls=%00                | invalid skip_blocking_syscalls: \\u0000, expected one of true, false, 1, 0
			format=%0Ajson                            | invalid format: \\njson, expected one of text, json, folded
			""")
	void hostileQueryValueGetsOneSafeErrorLine(String query, String message) throws Exception {
		for (String accept : new String[] { "text/plain", "application/json" }) {
			HttpResponse<String> response = get("?" + query, accept);
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
		HttpResponse<String> response = get("?thread_id=1", accept);
		assertThat(response.statusCode()).isEqualTo(status);
		if (status != 200) {
			assertThat(response.body()).doesNotContain("JVM thread stack traces", "thread_count");
		}
	}

	@Test
	void longIdIsNotEchoedWhole() throws Exception {
		HttpResponse<String> response = get("?thread_id=" + "9".repeat(5000), "text/plain");
		assertBadRequest(response, "invalid thread_id: " + "9".repeat(64));
		assertThat(response.body()).contains("more chars)");
	}

	@Test
	void requestLineOverTheServerLimitIsRejectedByTheServerWithoutEcho() throws Exception {
		HttpResponse<String> response = get("?thread_id=" + "9".repeat(20_000), "text/plain");
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
		HttpResponse<String> response = get("?" + query, "text/plain");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void repeatedThreadIdParametersAreJoinedWithCommas() throws Exception {
		Thread first = this.threads.startParked("repeated-one");
		Thread second = this.threads.startParked("repeated-two");
		HttpResponse<String> response = get("?thread_id=" + TestThreads.id(first) + "&thread_id="
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
			mode=fast&mode=full                       | invalid dwarf_location_info_mode: fast,full, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			timeout_ms=1&timeout_ms=2                 | invalid timeout_ms: 1,2
			skip_blocking_syscalls=1&skip_blocking_syscalls=0 | invalid skip_blocking_syscalls: 1,0, expected one of true, false, 1, 0
			format=json&format=text                   | invalid format: json,text, expected one of text, json, folded
			thread_id=1&thread_id=                    | invalid thread_id: empty token
			mode=&mode=                               | invalid dwarf_location_info_mode: ,, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			""")
	void repeatedParametersAreJoinedWithCommasAndValidatedAsOneValue(String query, String message)
			throws Exception {
		HttpResponse<String> response = get("?" + query, "text/plain");
		assertBadRequest(response, message);
		assertThat(response.body()).isEqualTo(message + "\n");
	}

	@Test
	void emptyValuesForEveryParameterMeanDefaults() throws Exception {
		HttpResponse<String> response = get(
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

	private Map<Long, String> startHostileThreads() throws InterruptedException {
		Map<Long, String> escapedById = new LinkedHashMap<>();
		for (Map.Entry<String, String> name : HOSTILE_NAMES.entrySet()) {
			escapedById.put(TestThreads.id(this.threads.startParked(name.getKey())), name.getValue());
		}
		return escapedById;
	}

	private static Map<String, String> hostileNames() {
		Map<String, String> names = new LinkedHashMap<>();
		names.put("a\nb", "a\\nb");
		names.put("c\rd", "c\\rd");
		names.put("esc\u001b[31mred", "esc\\u001b[31mred");
		names.put("\n----- thread 1 (main) status=ok -----", "\\n----- thread 1 \\(main\\) status=ok -----");
		names.put("line\u2028sep", "line\\u2028sep");
		names.put("back\\slash", "back\\\\slash");
		names.put("tab\there", "tab\\there");
		return names;
	}

	private static void assertBadRequest(HttpResponse<String> response, String messageStart) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		String body = response.body();
		assertThat(body).startsWith(messageStart).endsWith("\n").hasSizeLessThan(200);
		assertThat(body.lines()).hasSize(1);
		assertNoRawControlCharacters(body);
	}

	/** Fails on any character that could start a line or drive a terminal, except the line feeds of the text. */
	static void assertNoRawControlCharacters(String body) {
		for (int i = 0; i < body.length(); i++) {
			char c = body.charAt(i);
			boolean control = (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
			if (control) {
				int from = Math.max(0, i - 60);
				throw new AssertionError(String.format("raw U+%04X at %d after: %s", (int) c, i,
						body.substring(from, i).replace("\n", "\\n")));
			}
		}
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
