package io.github.stacktrace.actuate;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.stacktrace.test.ExternalTool;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.StrictJson;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/stacktrace/hot} over real HTTP: the three formats, the errors, and the single flight it shares
 * with the stack trace operation.
 */
@SharedStackTraceContext
class StackTraceEndpointHotThreadsTests {

	private static final String SPINNER = "web-hot-spinner";

	private static final String QUERY = "/hot?interval_ms=50&snapshots=3&threads=1&name=" + SPINNER;

	private final HttpTestClient http;

	private final TestThreads threads = new TestThreads();

	private final AtomicBoolean stop = new AtomicBoolean();

	@Autowired
	private RecordingListener listener;

	@TempDir
	Path directory;

	private long spinnerId;

	StackTraceEndpointHotThreadsTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port).withBasePath("/actuator/stacktrace");
	}

	@BeforeEach
	void startSpinner() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		Thread spinner = this.threads.start(SPINNER, () -> {
			running.countDown();
			long value = 17;
			while (!this.stop.get()) {
				value = value * 31 + (value >>> 7);
			}
			assertThat(value).isNotNull();
		});
		assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
		this.spinnerId = TestThreads.id(spinner);
	}

	@AfterEach
	void stopThreads() throws Exception {
		this.listener.release();
		this.stop.set(true);
		this.threads.stopAll();
	}

	@Test
	void textReportShowsTheBusyThreadWithItsGroupedSnapshotsAndTotals() throws Exception {
		HttpResponse<String> response = this.http.get(QUERY);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		String body = response.body();
		assertThat(body.lines().limit(5)).satisfiesExactly((line) -> assertThat(line).isEqualTo("JVM hot threads"),
				(line) -> assertThat(line).matches("pid: \\d+"), (line) -> assertThat(line).startsWith("jvm: "),
				(line) -> assertThat(line).isEqualTo("type: cpu"),
				(line) -> assertThat(line).isEqualTo("interval_ms: 50"));
		assertThat(body).containsPattern("(?m)^----- thread " + this.spinnerId + " \\(" + SPINNER
				+ "\\)( nid=0x[0-9a-f]+)? state=RUNNABLE cpu=\\d+\\.\\d% \\(\\d+ ms of \\d+ ms\\)( same_stack=3/3)? -----$");
		assertThat(body).containsPattern("(?m)^\\d/3 snapshots sharing the following \\d+ frames$");
		assertThat(body).containsPattern("(?m)^totals: process_cpu=.* shown_cpu=.* explained=.*$");
		assertThat(body).endsWith("\n");
	}

	@Test
	void jsonReportIsStrictJsonWithTheSameFacts() throws Exception {
		HttpResponse<String> response = this.http.get(QUERY + "&format=json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		Map<?, ?> report = (Map<?, ?>) StrictJson.parse(response.body());
		Map<?, ?> thread = (Map<?, ?>) ((List<?>) report.get("threads")).get(0);
		assertThat(thread.get("id")).isEqualTo(this.spinnerId);
		assertThat(thread.get("name")).isEqualTo(SPINNER);
		assertThat(thread.get("jvm_thread")).isEqualTo(false);
		assertThat(thread.get("unit")).isEqualTo("ns");
		assertThat(((Number) thread.get("cpu")).doubleValue()).isNotNegative();
		assertThat(thread.get("snapshots_taken")).isEqualTo(3L);
		assertThat(((List<?>) thread.get("stacks")).stream().mapToLong((stack) -> (Long) ((Map<?, ?>) stack).get("count"))
			.sum()).isEqualTo(3);
		assertThat(report.get("type")).isEqualTo("cpu");
		// The threads parameter's value, under its own key: "threads" holds the threads.
		assertThat(report.get("max_threads")).isEqualTo(1L);
		Map<?, ?> totals = (Map<?, ?>) report.get("totals");
		assertThat(((Number) totals.get("all_cpu")).doubleValue())
			.isGreaterThanOrEqualTo(((Number) totals.get("shown_cpu")).doubleValue());
		assertJqWhereInstalled(response.body(), ".threads[0].id == " + this.spinnerId + " and .threads[0].name == \""
				+ SPINNER + "\" and ([.threads[0].stacks[].count] | add) == 3 and .totals.all_cpu >= .totals.shown_cpu",
				"true");
	}

	@Test
	void acceptJsonChoosesJsonWhenFormatIsAbsent() throws Exception {
		HttpResponse<String> response = this.http.get(QUERY, "application/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(((Map<?, ?>) StrictJson.parse(response.body())).get("snapshots")).isEqualTo(3L);
		assertJqWhereInstalled(response.body(), ".snapshots", "3");
	}

	@Test
	void browserAskingForHtmlGetsThePageOfTheSnapshotsAndCurlGetsText() throws Exception {
		HttpResponse<String> response = this.http.get(QUERY, "text/html,application/xhtml+xml,*/*;q=0.8");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html;charset=UTF-8");
		assertThat(response.headers().firstValue("Content-Security-Policy")).get()
			.asString()
			.startsWith("default-src 'none'; script-src 'sha256-");
		assertThat(response.body()).startsWith("<!DOCTYPE html>")
			.contains("\"kind\":\"hot\"", "[\"type\",\"cpu\"]", "\"" + SPINNER + "\"");
		assertThat(this.http.get(QUERY, "*/*").body()).startsWith("JVM hot threads\n");
	}

	@Test
	void foldedReportHasOneWellFormedLinePerStackCountingEverySnapshot() throws Exception {
		HttpResponse<String> response = this.http.get(QUERY + "&format=folded");
		assertThat(response.statusCode()).isEqualTo(200);
		List<String> lines = response.body().lines().toList();
		assertThat(lines).isNotEmpty().allSatisfy((line) -> assertThat(line).matches("[^ ]\\S*(;\\S+)* \\d+"));
		assertThat(lines.stream().mapToInt((line) -> Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1))).sum())
			.isEqualTo(3);
		assertThat(response.body()).contains("StackTraceEndpointHotThreadsTests");
	}

	@Test
	void otherSubPathIsNotFoundWithOneLine() throws Exception {
		HttpResponse<String> response = this.http.get("/cold");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(response.body()).isEqualTo("no such stacktrace operation: cold, expected hot\n");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			threads=0          | invalid threads: 0, expected range [1, 1000]
			interval_ms=5      | invalid interval_ms: 5, expected range [10, 30000]
			snapshots=101      | invalid snapshots: 101, expected range [1, 100]
			type=heap          | invalid type: heap, expected one of cpu, wait, block, alloc
			ignore_idle=maybe  | invalid ignore_idle: maybe, expected one of true, false, 1, 0
			format=xml         | invalid format: xml, expected one of text, json, folded, html
			format=jstack      | invalid format: jstack, expected one of text, json, folded, html
			""")
	void badParameterIsRejectedWithOneLine(String query, String message) throws Exception {
		HttpResponse<String> response = this.http.get("/hot?" + query);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
		assertThat(response.body()).isEqualTo(message + "\n");
	}

	@Test
	void requestsWhileAWindowRunsGetConflictAndTheStackTraceOperationStillWorksAfter() throws Exception {
		this.listener.holdNextCapture();
		int startedBefore = this.listener.started();
		CompletableFuture<HttpResponse<String>> window = this.http
			.sendAsync(this.http.request("/hot?interval_ms=10&snapshots=1"));
		await().until(() -> this.listener.started() > startedBefore);
		HttpResponse<String> hot = this.http.get("/hot");
		assertThat(hot.statusCode()).isEqualTo(409);
		assertThat(hot.body()).isEqualTo("another thread stack trace request is running\n");
		assertThat(this.http.get("").statusCode()).isEqualTo(409);
		this.listener.release();
		assertThat(window.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
		assertThat(this.http.get("?thread_id=" + this.spinnerId).statusCode()).isEqualTo(200);
	}

	// jq, an independent strict reader, as an extra check: where it is installed, and always under CI.
	private void assertJqWhereInstalled(String json, String filter, String expected)
			throws IOException, InterruptedException {
		ExternalTool jq = ExternalTool.jq();
		jq.failIfRequiredAndMissing();
		if (jq.isPresent()) {
			Path file = Files.writeString(this.directory.resolve("report.json"), json);
			ExternalTool.Run run = jq.run("-e", filter, file.toString());
			assertThat(run.exitCode()).as("jq %s: %s", filter, run.output()).isZero();
			assertThat(run.output().trim()).isEqualTo(expected);
		}
	}

}
