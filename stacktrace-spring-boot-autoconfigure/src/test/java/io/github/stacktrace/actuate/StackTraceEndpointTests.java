package io.github.stacktrace.actuate;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import io.github.stacktrace.CaptureCancelledException;
import io.github.stacktrace.CaptureInProgressException;
import io.github.stacktrace.CaptureOutcome;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.actuate.RecordingListener.Completed;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.report.DetailMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StackTraceEndpoint}, the operation JMX uses as it is: a report string in the format asked for, and
 * an exception for each failure.
 */
class StackTraceEndpointTests {

	private final RecordingListener listener = new RecordingListener();

	private final StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
			this.listener);

	private final StackTraceEndpoint endpoint = new StackTraceEndpoint(this.service,
			new StackTraceRequestParser(DetailMode.FAST, Duration.ofMillis(100), Duration.ofSeconds(10), 16),
			new FrameRenderCache(1024, 4_000_000));

	private final ExecutorService otherClient = Executors.newSingleThreadExecutor();

	@AfterEach
	void cleanUp() throws InterruptedException {
		this.listener.release();
		this.otherClient.shutdownNow();
		assertThat(this.otherClient.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void withoutParametersReturnsTheTextReport() {
		String report = this.endpoint.stackTrace(null, null, null, null, null, null, null, null, null, null, null, null);
		assertThat(report).startsWith("JVM thread stack traces\n").contains("\ndwarf_location_info_mode: fast\n");
		TextReport.parse(report).assertConsistent();
		assertThat(this.endpoint.report(RawParameters.NONE)).startsWith("JVM thread stack traces\n");
	}

	@Test
	void formatParameterChoosesJsonOrFoldedStacks() {
		String json = this.endpoint.stackTrace(null, null, "full", null, null, null, "JSON", null, null, null, null, null);
		assertThat(JsonPath.<String>read(json, "$.dwarf_location_info_mode")).isEqualTo("full");
		assertThat(JsonPath.<Integer>read(json, "$.thread_count")).isPositive();
		String folded = this.endpoint.stackTrace(null, null, null, null, null, null, "folded", null, null, null, null, null);
		assertThat(folded.lines()).isNotEmpty().allMatch((line) -> line.matches("\\S+ \\d+"));
	}

	@Test
	void badParameterThrowsWithItsOneLineMessageAndIsRecorded() {
		assertThatExceptionOfType(InvalidStackTraceRequestException.class)
			.isThrownBy(() -> this.endpoint.stackTrace("1\n2", null, null, null, null, null, null, null, null, null, null,
					null))
			.withMessage("invalid thread_id: 1\\n2");
		assertThatExceptionOfType(InvalidStackTraceRequestException.class)
			.isThrownBy(() -> this.endpoint.report(new RawParameters(null, null, null, null, null, null, null, "maybe",
					null, null)))
			.withMessage("invalid group: maybe, expected one of true, false, 1, 0");
		assertThat(this.listener.started()).isZero();
		assertThat(this.listener.completed()).containsExactly(new Completed(CaptureOutcome.BAD_REQUEST, true),
				new Completed(CaptureOutcome.BAD_REQUEST, false));
	}

	@Test
	void captureWhileAnotherHoldsTheSlotThrowsCaptureInProgress() throws Exception {
		this.listener.holdNextCapture();
		CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> this.endpoint.report(RawParameters.NONE),
				this.otherClient);
		await().atMost(Duration.ofSeconds(20)).until(this.service::isCaptureRunning);
		assertThatExceptionOfType(CaptureInProgressException.class)
			.isThrownBy(() -> this.endpoint.report(RawParameters.NONE))
			.withMessage("another thread stack trace request is running");
		this.listener.release();
		assertThat(first.get(20, TimeUnit.SECONDS)).startsWith("JVM thread stack traces\n");
	}

	@Test
	void captureWhoseCallerIsInterruptedThrowsCaptureCancelledException() {
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(CaptureCancelledException.class)
				.isThrownBy(() -> this.endpoint.report(RawParameters.NONE))
				.withMessage("cancelled while capturing thread stacks");
		}
		finally {
			assertThat(Thread.interrupted()).as("interrupt flag kept for the caller").isTrue();
		}
		assertThat(this.service.isCaptureRunning()).isFalse();
	}

}
