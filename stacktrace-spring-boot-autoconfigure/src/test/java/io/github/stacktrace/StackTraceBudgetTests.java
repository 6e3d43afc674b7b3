package io.github.stacktrace;

import java.time.Duration;

import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.JsonReportRenderer;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.TimeoutReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The request budget bounds everything a FULL capture does, deadlock detection included.
 */
class StackTraceBudgetTests {

	@Test
	void fullCaptureWithASpentBudgetSkipsDeadlockDetection() {
		StackTraceCaptureService service = new StackTraceCaptureService(
				new StackTraceSettings(Duration.ofNanos(1), 8), CaptureListener.NONE);
		StackTraceReport report = service
			.capture(StackTraceRequest.allThreads(Duration.ofSeconds(1)).withMode(DetailMode.FULL));
		assertThat(report.threads()).filteredOn((thread) -> thread.status() != CaptureStatus.OK_CURRENT_THREAD)
			.isNotEmpty()
			.allSatisfy((thread) -> {
				assertThat(thread.status()).isEqualTo(CaptureStatus.TIMEOUT);
				assertThat(thread.timeoutReason()).isEqualTo(TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
			});
		assertThat(report.deadlocks()).isEqualTo(DeadlockSearch.UNKNOWN);
		String text = new TextReportRenderer(new FrameRenderCache(16, 16_000)).render(report, false).toString();
		assertThat(text).contains("\ndeadlocks: unknown\n");
		assertThat(new JsonReportRenderer(new FrameRenderCache(0, 0)).render(report, false).toString()).contains("\"deadlocks\":null");
		assertThat(service.isCaptureRunning()).isFalse();
	}

	@Test
	void fullCaptureWithinBudgetLooksForDeadlocks() {
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
				CaptureListener.NONE);
		StackTraceReport report = service
			.capture(StackTraceRequest.allThreads(Duration.ofSeconds(10)).withMode(DetailMode.FULL));
		assertThat(report.deadlocks().result()).isEqualTo(DeadlockSearch.Result.LOOKED);
		assertThat(new TextReportRenderer(new FrameRenderCache(16, 16_000)).render(report, false).toString())
			.containsPattern("\ndeadlocks: (none|\\[)");
	}

	@Test
	void requestBudgetIsCappedAtOneHour() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StackTraceSettings(Duration.ofHours(1).plusNanos(1), 8))
			.withMessageContaining("at most PT1H");
		assertThat(new StackTraceSettings(Duration.ofHours(1), 8).maxRequestDuration()).hasHours(1);
	}

	@Test
	void maxPauseIsBoundedAndDefaultsToFiveMilliseconds() {
		assertThat(StackTraceSettings.DEFAULTS.maxPause()).isEqualTo(Duration.ofMillis(5));
		assertThat(new StackTraceSettings(Duration.ofSeconds(1), 8).maxPause()).isEqualTo(Duration.ofMillis(5));
		assertThat(new StackTraceSettings(Duration.ofSeconds(1), 8, Duration.ofMinutes(1)).maxPause()).hasMinutes(1);
		for (Duration bad : new Duration[] { Duration.ZERO, Duration.ofNanos(999_999), Duration.ofMillis(-5),
				Duration.ofMinutes(1).plusNanos(1) }) {
			assertThatIllegalArgumentException().isThrownBy(() -> new StackTraceSettings(Duration.ofSeconds(1), 8, bad))
				.withMessageContaining("maxPause");
		}
	}

}
