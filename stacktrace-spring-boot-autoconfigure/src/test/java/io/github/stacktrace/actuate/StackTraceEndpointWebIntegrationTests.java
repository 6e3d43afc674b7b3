package io.github.stacktrace.actuate;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.annotation.AbstractDiscoveredOperation;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Integration tests of {@code /actuator/stacktrace} over real HTTP.
 */
@SharedStackTraceContext
class StackTraceEndpointWebIntegrationTests {

	private final HttpTestClient http;

	@Autowired
	private StackTraceCaptureService service;

	@Autowired
	private RecordingListener listener;

	@Autowired
	private WebEndpointsSupplier webEndpoints;

	private final TestThreads markers = new TestThreads();

	StackTraceEndpointWebIntegrationTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port).withBasePath("/actuator/stacktrace");
	}

	@AfterEach
	void stopMarkers() throws Exception {
		this.listener.release();
		this.markers.stopAll();
	}

	@Test
	void webExtensionOperationReplacesTheEndpointOperationOverHttp() {
		ExposableWebEndpoint endpoint = this.webEndpoints.getEndpoints()
			.stream()
			.filter((candidate) -> candidate.getEndpointId().equals(EndpointId.of("stacktrace")))
			.findFirst()
			.orElseThrow();
		// The stack trace operation and the hot-threads one, both the extension's.
		assertThat(endpoint.getOperations()).hasSize(2)
			.allSatisfy((operation) -> assertThat(operation).isInstanceOfSatisfying(AbstractDiscoveredOperation.class,
					(discovered) -> assertThat(discovered.getOperationMethod().getMethod().getDeclaringClass())
						.isEqualTo(StackTraceEndpointWebExtension.class)));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			thread_id=abc                          | invalid thread_id: abc
			tid=abc                                | invalid tid: abc
			thread_id=-1                           | invalid thread_id: -1
			thread_id=1,,2                         | invalid thread_id: empty token
			thread_id=,1                           | invalid thread_id: empty token
			thread_id=1,                           | invalid thread_id: empty token
			thread_id=0                            | invalid thread_id: 0
			thread_id=9223372036854775808          | invalid thread_id: 9223372036854775808
			thread_id=%2B1                         | invalid thread_id: +1
			thread_id=0x10                         | invalid thread_id: 0x10
			thread_id=%201                         | 'invalid thread_id:  1'
			tid=1&thread_id=2                      | tid and thread_id are mutually exclusive
			timeout_ms=0                           | invalid timeout_ms: 0, expected range [1, 10000]
			timeout_ms=10001                       | invalid timeout_ms: 10001, expected range [1, 10000]
			timeout_ms=ten                         | invalid timeout_ms: ten
			mode=unknown                           | invalid mode: unknown, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			dwarf_location_info_mode=unknown       | invalid dwarf_location_info_mode: unknown, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			skip_blocking_syscalls=maybe           | invalid skip_blocking_syscalls: maybe, expected one of true, false, 1, 0
			format=xml                             | invalid format: xml, expected one of text, json, folded, jstack, html
			thread_id=%0A-----%20thread%201        | invalid thread_id: \\n-----
			""")
	void invalidParameterReturnsBadRequestWithOneLine(String query, String message) throws Exception {
		for (String accept : new String[] { "text/plain", "application/json", "*/*" }) {
			HttpResponse<String> response = get("?" + query, accept);
			assertThat(response.statusCode()).as(accept).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/plain"));
			assertThat(response.body()).endsWith("\n");
			assertThat(response.body().lines()).hasSize(1);
			assertThat(response.body()).startsWith(message);
		}
	}

	@Test
	void invalidParameterEchoesACutValue() throws Exception {
		HttpResponse<String> response = get("?thread_id=" + "7".repeat(3000) + "x", "text/plain");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).hasSizeLessThan(200).contains("more chars)");
	}

	@Test
	void fullCaptureReturnsHeaderSectionsAndSummary() throws Exception {
		HttpResponse<String> response = get("", "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		List<String> lines = response.body().lines().toList();
		assertThat(lines.subList(0, 8)).satisfiesExactly((line) -> assertThat(line).isEqualTo("JVM thread stack traces"),
				(line) -> assertThat(line).matches("pid: \\d+"), (line) -> assertThat(line).startsWith("jvm: "),
				(line) -> assertThat(line).matches("thread_count: \\d+"),
				(line) -> assertThat(line).isEqualTo("timeout_ms_per_thread: 100"),
				(line) -> assertThat(line).isEqualTo("dwarf_location_info_mode: fast"),
				(line) -> assertThat(line).isEqualTo("skip_blocking_syscalls: false"),
				(line) -> assertThat(line).startsWith("capture_method: thread_"));
		int threadCount = Integer.parseInt(lines.get(3).substring("thread_count: ".length()));
		long sections = lines.stream().filter((line) -> line.startsWith("----- thread ")).count();
		assertThat(sections).isEqualTo(threadCount);
		assertThat(lines).anyMatch((line) -> line.matches("----- thread \\d+ \\(.*\\) status=ok_current_thread .* -----"));
		String summary = lines.get(lines.size() - 1);
		Matcher counts = Pattern.compile("summary: captured=(\\d+) skipped=(\\d+) timed_out=(\\d+) .*").matcher(summary);
		assertThat(counts.matches()).as(summary).isTrue();
		assertThat(Integer.parseInt(counts.group(1)) + Integer.parseInt(counts.group(2))
				+ Integer.parseInt(counts.group(3))).isEqualTo(threadCount);
	}

	@Test
	void selectedThreadsKeepTheirOrderAndUnknownIdsAreExited() throws Exception {
		Thread marker = startMarker("marker-one");
		String body = get("?thread_id=99999999," + marker.getId() + "&mode=disabled", "text/plain").body();
		assertThat(body).contains("thread_count: 2\n");
		assertThat(body.indexOf("----- thread 99999999 (?) status=thread_exited -----"))
			.isPositive()
			.isLessThan(body.indexOf("----- thread " + marker.getId() + " (marker-one) status=ok"));
		assertThat(body).contains(getClass().getName() + ".parkedMarker\n");
		assertThat(body).contains("summary: captured=1 skipped=1 timed_out=0 exited=1 errors=0 virtual=0\n");
	}

	@Test
	void legacyTidAliasSelectsThreadsAndFastModeShowsFileAndLine() throws Exception {
		Thread marker = startMarker("marker-two");
		HttpResponse<String> response = get("?tid=" + marker.getId() + "&timeout_ms=250", "text/plain");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("timeout_ms_per_thread: 250\n")
			.containsPattern(Pattern.quote(getClass().getName() + ".parkedMarker(" + getClass().getSimpleName()
					+ ".java:") + "\\d+\\)");
	}

	@Test
	void longModeNameWinsOverMode() throws Exception {
		String body = get("?mode=disabled&dwarf_location_info_mode=Full", "text/plain").body();
		assertThat(body).contains("dwarf_location_info_mode: full\n").contains("java.base@");
	}

	@Test
	void jsonIsNegotiatedFromAcceptAndCountsMatchTheSummary() throws Exception {
		HttpResponse<String> response = get("", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		Integer threadCount = JsonPath.read(response.body(), "$.thread_count");
		List<Object> threads = JsonPath.read(response.body(), "$.threads");
		Integer captured = JsonPath.read(response.body(), "$.summary.captured");
		assertThat(threads).hasSize(threadCount);
		assertThat(captured).isPositive().isLessThanOrEqualTo(threadCount);
	}

	@Test
	void actuatorJsonMediaTypeGetsTheJsonReport() throws Exception {
		HttpResponse<String> response = get("?thread_id=1", "application/vnd.spring-boot.actuator.v3+json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((Integer) JsonPath.read(response.body(), "$.thread_count")).isEqualTo(1);
	}

	@Test
	void formatParameterWinsOverAccept() throws Exception {
		HttpResponse<String> response = get("?format=folded", "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(response.body().lines()).isNotEmpty().allMatch((line) -> line.matches("\\S+ \\d+"));
	}

	@Test
	void secondRequestWhileOneRunsGetsConflict() throws Exception {
		this.listener.holdNextCapture();
		CompletableFuture<HttpResponse<String>> first = this.http
			.sendAsync(this.http.request("").header("Accept", "text/plain"));
		await().atMost(10, TimeUnit.SECONDS).until(this.service::isCaptureRunning);
		HttpResponse<String> second = get("", "text/plain");
		assertThat(second.statusCode()).isEqualTo(409);
		assertThat(second.body()).isEqualTo("another thread stack trace request is running\n");
		this.listener.release();
		assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(get("?mode=disabled", "text/plain").statusCode()).isEqualTo(200);
	}

	private Thread startMarker(String name) throws InterruptedException {
		CountDownLatch parked = new CountDownLatch(1);
		Thread marker = this.markers.start(name, () -> parkedMarker(parked));
		assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();
		TestThreads.awaitState(marker, Thread.State.WAITING);
		return marker;
	}

	// A frame of this class's own, for the reports to show.
	private static void parkedMarker(CountDownLatch parked) {
		TestThreads.parkUntilInterrupted(parked);
	}

	private HttpResponse<String> get(String query, String accept) throws IOException, InterruptedException {
		return this.http.get(query, accept);
	}

}
