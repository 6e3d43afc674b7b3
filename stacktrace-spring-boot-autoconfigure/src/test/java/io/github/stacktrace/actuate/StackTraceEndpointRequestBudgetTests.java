package io.github.stacktrace.actuate;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.test.HttpTestClient;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A request budget of one millisecond: a full capture still answers 200 with a report that accounts for every thread,
 * each captured or timed out for a budget reason, and leaves the lock free. Which threads make it within the budget
 * depends on timing, so only the outcome set and the counts are asserted.
 */
@SpringBootTest(classes = StackTraceTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=stacktrace", "stacktrace.max-request-duration=1ms" })
class StackTraceEndpointRequestBudgetTests {

	/** Statuses a thread may end with when the budget runs out; a thread may also end during the capture. */
	private static final Pattern ALLOWED_SECTION = Pattern.compile("----- thread \\d+ \\(.*\\) "
			+ "(status=(ok|ok_current_thread|thread_exited) .*|status=timeout .*reason=(request_budget_exhausted"
			+ "|bulk_capture_timeout)( .*)?)-----");

	private final HttpTestClient http;

	@Autowired
	private StackTraceCaptureService service;

	private final TestThreads threads = new TestThreads();

	StackTraceEndpointRequestBudgetTests(@LocalServerPort int port) {
		this.http = HttpTestClient.local(port).withBasePath("/actuator/stacktrace");
	}

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@ParameterizedTest(name = "mode={0}")
	@ValueSource(strings = { "fast", "full" })
	void fullCaptureWithinATinyBudgetAccountsForEveryThread(String mode) throws Exception {
		for (int i = 0; i < 32; i++) {
			this.threads.startParked("budget-" + i);
		}
		HttpResponse<String> response = get("?mode=" + mode);
		assertThat(response.statusCode()).isEqualTo(200);
		TextReport report = TextReport.parse(response.body()).assertConsistent();
		assertThat(report.threadCount()).isGreaterThanOrEqualTo(32);
		assertThat(report.sectionLines()).allSatisfy((line) -> assertThat(line).matches(ALLOWED_SECTION));
		assertThat(report.captured()).isPositive(); // the request thread captures itself, whatever the budget
		awaitLockFreeAndCaptureThreadsGone();
		assertThat(get("?mode=" + mode).statusCode()).isEqualTo(200);
	}

	@Test
	void budgetTimeoutsCarryABudgetReason() throws Exception {
		HttpResponse<String> response = get("");
		assertThat(response.statusCode()).isEqualTo(200);
		TextReport report = TextReport.parse(response.body()).assertConsistent();
		assertThat(report.sectionLines().stream().filter((line) -> line.contains(" status=timeout ")).count())
			.isEqualTo(report.timedOut());
		awaitLockFreeAndCaptureThreadsGone();
	}

	private void awaitLockFreeAndCaptureThreadsGone() {
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.service.isCaptureRunning());
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((thread) -> thread.getName().startsWith("stacktrace-capture-")));
	}

	private HttpResponse<String> get(String query) throws IOException, InterruptedException {
		return this.http.get(query, "text/plain");
	}

}
