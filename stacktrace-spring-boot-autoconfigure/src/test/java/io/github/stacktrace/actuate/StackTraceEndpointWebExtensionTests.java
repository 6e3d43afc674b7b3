package io.github.stacktrace.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.CaptureOutcome;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.actuate.RecordingListener.Completed;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.test.TestThreads;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.InputStreamResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StackTraceEndpointWebExtension}, calling its operation directly as the web layer would, with a real
 * capture service and no server: the status, content type and body of each answer.
 */
class StackTraceEndpointWebExtensionTests {

	private static final String TEXT_PLAIN = "text/plain;charset=UTF-8";

	private final RecordingListener listener = new RecordingListener();

	private final StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
			this.listener);

	private final StackTraceEndpoint endpoint = new StackTraceEndpoint(this.service,
			new StackTraceRequestParser(DetailMode.FAST, Duration.ofMillis(100), Duration.ofSeconds(10), 16),
			new FrameRenderCache(1024, 4_000_000));

	private final StackTraceEndpointWebExtension extension = new StackTraceEndpointWebExtension(this.endpoint,
			new InFlightReports(64, 64_000_000, Duration.ofSeconds(20)));

	private final TestThreads threads = new TestThreads();

	private final ExecutorService otherClient = Executors.newSingleThreadExecutor();

	@AfterEach
	void cleanUp() throws Exception {
		this.listener.release();
		this.otherClient.shutdownNow();
		assertThat(this.otherClient.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		this.threads.stopAll();
	}

	@Test
	void withoutParametersAnswersTheTextReportAsAStream() throws IOException {
		WebEndpointResponse<Object> response = stackTrace(StackTraceContentType.TEXT, Map.of());
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).hasToString(TEXT_PLAIN);
		String body = streamedBody(response);
		assertThat(body).startsWith("JVM thread stack traces\n")
			.contains("\ntimeout_ms_per_thread: 100\n", "\ndwarf_location_info_mode: fast\n")
			.containsPattern("(?m)^----- thread \\d+ \\(.*\\) status=ok_current_thread .* -----$");
		TextReport.parse(body).assertConsistent();
		assertThat(this.listener.completed()).containsExactly(new Completed(CaptureOutcome.OK, false));
	}

	@Test
	void formatJsonAnswersTheJsonReportAsAStream() throws IOException {
		WebEndpointResponse<Object> response = stackTrace(StackTraceContentType.TEXT, Map.of("format", "json"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).hasToString("application/json");
		assertJsonReport(streamedBody(response));
	}

	@ParameterizedTest
	@EnumSource(names = { "JSON", "ACTUATOR_JSON" })
	void jsonNegotiatedFromAcceptAnswersTheJsonReport(StackTraceContentType contentType) throws IOException {
		WebEndpointResponse<Object> response = stackTrace(contentType, Map.of());
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).hasToString("application/json");
		assertJsonReport(streamedBody(response));
	}

	@Test
	void formatFoldedStreamsFoldedStacks() throws IOException {
		WebEndpointResponse<Object> response = stackTrace(StackTraceContentType.TEXT, Map.of("format", "folded"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).hasToString(TEXT_PLAIN);
		assertThat(streamedBody(response).lines()).isNotEmpty().allMatch((line) -> line.matches("\\S+ \\d+"));
	}

	@Test
	void aReportBeyondTheInFlightBoundIsRefusedWith503UntilTheOneInFlightIsSent() throws IOException {
		InFlightReports oneAtATime = new InFlightReports(1, 64_000_000, Duration.ofSeconds(20));
		StackTraceEndpointWebExtension extension = new StackTraceEndpointWebExtension(this.endpoint, oneAtATime);
		WebEndpointResponse<Object> sending = extension.stackTrace(StackTraceContentType.TEXT, null, null, null, null,
				null, null, null, null, null, null, null, null);
		assertThat(sending.getStatus()).isEqualTo(200);
		WebEndpointResponse<Object> refused = extension.stackTrace(StackTraceContentType.JSON, null, null, null, null,
				null, null, null, null, null, null, null, null);
		assertThat(refused.getStatus()).isEqualTo(503);
		assertThat(refused.getContentType()).hasToString(TEXT_PLAIN);
		assertThat(refused.getBody()).isEqualTo("too many stack trace reports are being sent (1 of 1): retry later\n");
		WebEndpointResponse<Object> refusedHot = extension.hotThreads(StackTraceContentType.TEXT, "hot", null, "10",
				null, null, null, null, null, null, null);
		assertThat(refusedHot.getStatus()).isEqualTo(503);
		// Refusals are requests too: each is counted once, with its own outcome.
		assertThat(this.listener.completed()).containsExactly(new Completed(CaptureOutcome.OK, false),
				new Completed(CaptureOutcome.UNAVAILABLE, false));
		assertThat(this.listener.hotCompleted()).containsExactly(CaptureOutcome.UNAVAILABLE);
		WebEndpointResponse<Object> invalid = extension.stackTrace(StackTraceContentType.TEXT, "x", null, null, null,
				null, null, null, null, null, null, null, null);
		assertThat(invalid.getStatus()).as("a bad request is told so, whatever is in flight").isEqualTo(400);
		assertThat(streamedBody(sending)).startsWith("JVM thread stack traces\n");
		assertThat(oneAtATime.count()).isZero();
		WebEndpointResponse<Object> next = extension.stackTrace(StackTraceContentType.TEXT, null, null, null, null,
				null, null, null, null, null, null, null, null);
		assertThat(next.getStatus()).isEqualTo(200);
		streamedBody(next);
	}

	@Test
	void unknownSubPathAnswersNotFoundAndIsCountedOnce() {
		WebEndpointResponse<Object> response = this.extension.hotThreads(StackTraceContentType.TEXT, "cold", null,
				null, null, null, null, null, null, null, null);
		assertThat(response.getStatus()).isEqualTo(404);
		assertThat(response.getContentType()).hasToString(TEXT_PLAIN);
		assertThat(this.listener.hotCompleted()).containsExactly(CaptureOutcome.NOT_FOUND);
		assertThat(this.listener.completed()).isEmpty();
		assertThat(this.listener.started()).isZero();
	}

	@ParameterizedTest(name = "Accept {0}, format={1}")
	@CsvSource(textBlock = """
			JSON,          text,   text/plain;charset=UTF-8
			JSON,          folded, text/plain;charset=UTF-8
			ACTUATOR_JSON, TEXT,   text/plain;charset=UTF-8
			TEXT,          Json,   application/json
			""")
	void formatWinsOverTheNegotiatedContentType(StackTraceContentType contentType, String format, String expected) {
		WebEndpointResponse<Object> response = stackTrace(contentType, Map.of("format", format));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).hasToString(expected);
	}

	@Test
	void acceptNamingNoneOfOurTypesAnswersNotAcceptableWithoutCapturing() {
		WebEndpointResponse<Object> response = stackTrace(StackTraceContentType.OTHER, Map.of("thread_id", "1"));
		assertThat(response.getStatus()).isEqualTo(406);
		assertThat(response.getContentType()).hasToString(TEXT_PLAIN);
		assertThat(response.getBody()).isEqualTo("not acceptable: this endpoint produces text/plain, text/html, application/json"
				+ " and application/vnd.spring-boot.actuator.v3+json\n");
		// Turned away before the capture, and still seen by the listeners (the metrics) as a bad request.
		assertThat(this.listener.started()).isZero();
		assertThat(this.listener.completed()).containsExactly(new Completed(CaptureOutcome.BAD_REQUEST, true));
	}

	@ParameterizedTest(name = "format={0}")
	@CsvSource(textBlock = """
			text,   text/plain;charset=UTF-8
			json,   application/json
			folded, text/plain;charset=UTF-8
			jstack, text/plain;charset=UTF-8
			html,   text/html;charset=UTF-8
			""")
	void formatIsAnsweredWhenAcceptNamesNoneOfOurTypes(String format, String expected) {
		WebEndpointResponse<Object> response = stackTrace(StackTraceContentType.OTHER, Map.of("format", format));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).hasToString(expected);
	}

	// Boot resolves no content type from an empty Accept header.
	@Test
	void noNegotiatedContentTypeAnswersTheTextReport() throws IOException {
		WebEndpointResponse<Object> response = stackTrace(null, Map.of("mode", "disabled"));
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentType()).hasToString(TEXT_PLAIN);
		TextReport.parse(streamedBody(response)).assertConsistent();
	}

	@Test
	void queryReachesTheCaptureSelectionFilterAndGrouping() throws Exception {
		for (int i = 0; i < 3; i++) {
			this.threads.startParked("extension-grouped-" + i);
		}
		Map<String, String> query = Map.of("name", "extension-grouped-*", "group", "true", "mode", "disabled",
				"timeout_ms", "10000");
		String body = streamedBody(stackTrace(StackTraceContentType.TEXT, query));
		assertThat(body).contains("\nthread_count: 3\n", "\ndwarf_location_info_mode: disabled\n",
				"\ntimeout_ms_per_thread: 10000\n", "\n----- 3 threads status=ok state=WAITING ");
		long id = TestThreads.id(this.threads.startParked("extension-selected"));
		String selected = streamedBody(stackTrace(StackTraceContentType.TEXT, Map.of("tid", id + ",99999999")));
		assertThat(TextReport.parse(selected).assertConsistent().sectionLines()).satisfiesExactly(
				(line) -> assertThat(line).startsWith("----- thread " + id + " (extension-selected) status=ok "),
				(line) -> assertThat(line).startsWith("----- thread 99999999 (?) status=thread_exited"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			thread_id                | abc      | invalid thread_id: abc
			tid                      | 1,,2     | invalid tid: empty token
			thread_id                | 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17 | invalid thread_id: too many ids (max 16)
			mode                     | unknown  | invalid mode: unknown, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			dwarf_location_info_mode | fast,full | invalid dwarf_location_info_mode: fast,full, expected one of DISABLED, FAST, FULL, FULL_WITH_INLINE
			timeout_ms               | 10001    | invalid timeout_ms: 10001, expected range [1, 10000]
			timeout_ms               | ten      | invalid timeout_ms: ten
			skip_blocking_syscalls   | maybe    | invalid skip_blocking_syscalls: maybe, expected one of true, false, 1, 0
			format                   | xml      | invalid format: xml, expected one of text, json, folded, jstack, html
			group                    | maybe    | invalid group: maybe, expected one of true, false, 1, 0
			state                    | sleeping | invalid state: sleeping, expected one of NEW, RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, TERMINATED
			""")
	void badParameterAnswersBadRequestWithOneTextLine(String parameter, String value, String message) {
		assertBadRequest(Map.of(parameter, value), message,
				parameter.equals("thread_id") || parameter.equals("tid"));
	}

	@Test
	void badParameterWithControlCharactersAnswersOneEscapedLine() {
		assertBadRequest(Map.of("thread_id", "\n----- thread 1 (main) status=ok -----\u001b"),
				"invalid thread_id: \\n----- thread 1 (main) status=ok -----\\u001b", true);
	}

	@Test
	void tooLongNameAnswersBadRequestWithACutValue() {
		assertBadRequest(Map.of("name", "*a".repeat(200)),
				"invalid name: " + "*a".repeat(32) + "...(336 more chars), longer than 256 chars", false);
	}

	@Test
	void tidWithThreadIdAnswersBadRequest() {
		assertBadRequest(Map.of("tid", "1", "thread_id", "2"), "tid and thread_id are mutually exclusive", true);
	}

	@Test
	void captureWhileAnotherHoldsTheSlotAnswersConflictAtOnce() throws Exception {
		this.listener.holdNextCapture();
		CompletableFuture<WebEndpointResponse<Object>> first = CompletableFuture.supplyAsync(
				() -> stackTrace(StackTraceContentType.TEXT, Map.of("mode", "disabled")), this.otherClient);
		await().atMost(Duration.ofSeconds(20)).until(this.service::isCaptureRunning);
		WebEndpointResponse<Object> second = stackTrace(StackTraceContentType.JSON, Map.of());
		assertThat(second.getStatus()).isEqualTo(409);
		assertThat(second.getContentType()).hasToString(TEXT_PLAIN);
		assertThat(second.getBody()).isEqualTo("another thread stack trace request is running\n");
		assertThat(this.listener.completed()).containsExactly(new Completed(CaptureOutcome.CONFLICT, false));
		this.listener.release();
		WebEndpointResponse<Object> firstResponse = first.get(20, TimeUnit.SECONDS);
		assertThat(firstResponse.getStatus()).isEqualTo(200);
		TextReport.parse(streamedBody(firstResponse)).assertConsistent();
		assertThat(this.service.isCaptureRunning()).isFalse();
	}

	@Test
	void captureWhoseCallerIsInterruptedIsCancelledAndFreesTheSlot() throws IOException {
		// A capture whose caller is interrupted gives up before taking any stack, as when its client goes away.
		Thread.currentThread().interrupt();
		WebEndpointResponse<Object> response;
		try {
			response = stackTrace(StackTraceContentType.TEXT, Map.of());
		}
		finally {
			assertThat(Thread.interrupted()).as("interrupt flag kept for the caller").isTrue();
		}
		assertThat(response.getStatus()).isEqualTo(499);
		assertThat(response.getContentType()).hasToString(TEXT_PLAIN);
		assertThat(response.getBody()).isEqualTo("request cancelled: the client went away\n");
		assertThat(this.listener.completed()).containsExactly(new Completed(CaptureOutcome.CANCELLED, false));
		assertThat(this.service.isCaptureRunning()).isFalse();
		WebEndpointResponse<Object> next = stackTrace(StackTraceContentType.TEXT, Map.of("mode", "disabled"));
		assertThat(next.getStatus()).isEqualTo(200);
		TextReport.parse(streamedBody(next)).assertConsistent();
	}

	private void assertBadRequest(Map<String, String> query, String message, boolean selective) {
		for (StackTraceContentType contentType : StackTraceContentType.values()) {
			WebEndpointResponse<Object> response = stackTrace(contentType, query);
			assertThat(response.getStatus()).as(contentType.name()).isEqualTo(400);
			assertThat(response.getContentType()).as(contentType.name()).hasToString(TEXT_PLAIN);
			assertThat(response.getBody()).as(contentType.name()).isEqualTo(message + "\n");
		}
		// Rejected before the capture, and still seen by the listeners (the metrics), once per request.
		assertThat(this.listener.started()).isZero();
		assertThat(this.listener.completed()).hasSize(StackTraceContentType.values().length)
			.containsOnly(new Completed(CaptureOutcome.BAD_REQUEST, selective));
	}

	private static void assertJsonReport(String json) {
		int threadCount = JsonPath.read(json, "$.thread_count");
		List<Object> threads = JsonPath.read(json, "$.threads");
		assertThat(threadCount).isPositive();
		assertThat(threads).hasSize(threadCount);
		assertThat(JsonPath.<String>read(json, "$.dwarf_location_info_mode")).isEqualTo("fast");
	}

	private static String streamedBody(WebEndpointResponse<Object> response) throws IOException {
		assertThat(response.getBody()).isInstanceOf(InputStreamResource.class);
		try (InputStream in = ((InputStreamResource) response.getBody()).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * Calls the operation with the given query parameters, the others absent.
	 */
	private WebEndpointResponse<Object> stackTrace(@Nullable StackTraceContentType contentType,
			Map<String, String> query) {
		Map<String, String> values = new HashMap<>(query);
		WebEndpointResponse<Object> response = this.extension.stackTrace(contentType, values.remove("thread_id"),
				values.remove("tid"), values.remove("mode"), values.remove("dwarf_location_info_mode"),
				values.remove("timeout_ms"), values.remove("skip_blocking_syscalls"), values.remove("format"),
				values.remove("group"), values.remove("state"), values.remove("name"), values.remove("virtual"),
				values.remove("min_elapsed_ms"));
		assertThat(values).as("unknown parameter names").isEmpty();
		return response;
	}

}
