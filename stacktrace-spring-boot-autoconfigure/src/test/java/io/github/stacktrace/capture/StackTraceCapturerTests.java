package io.github.stacktrace.capture;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.TimeoutReason;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StackTraceCapturer}'s rules that do not need live threads.
 */
class StackTraceCapturerTests {

	@Test
	void stateFilterDropsThreadsThatLeftTheStatesAskedForAndThreadsThatExited() {
		ThreadFilter runnable = new ThreadFilter(EnumSet.of(Thread.State.RUNNABLE), null);
		List<ThreadCapture> captures = List.of(
				ThreadCapture.captured(1, "still", Thread.State.RUNNABLE, CaptureStatus.OK, List.of(), null, null),
				ThreadCapture.captured(2, "parked", Thread.State.WAITING, CaptureStatus.OK, List.of(), null, null),
				ThreadCapture.exited(3, "churn-3"),
				ThreadCapture.timedOut(4, "slow", null, TimeoutReason.REQUEST_BUDGET_EXHAUSTED),
				ThreadCapture.failed(5, "odd", new IllegalStateException("no")),
				ThreadCapture.skipped(6, "reader", Thread.State.RUNNABLE, "read"));
		assertThat(StackTraceCapturer.keepFilteredStates(captures, runnable)).extracting(ThreadCapture::id)
			.containsExactly(1L, 4L, 5L, 6L);
		assertThat(StackTraceCapturer.keepFilteredStates(captures, ThreadFilter.NONE)).isSameAs(captures);
		assertThat(StackTraceCapturer.keepFilteredStates(captures, new ThreadFilter(EnumSet.noneOf(Thread.State.class),
				"churn-*"))).hasSize(captures.size());
	}

	@Test
	void aLateAnswerIsNamedOnlyBeyondSchedulingNoise() {
		List<String> notices = new ArrayList<>();
		StackTraceCapturer.noticeLateAnswer(notices, 50_000_000L, 1_000_000L);
		assertThat(notices).isEmpty();
		StackTraceCapturer.noticeLateAnswer(notices, 3_201_000_000L, 1_000_000L);
		assertThat(notices).singleElement().asString()
			.startsWith("the JVM answered 3200 ms after this request's bound of 1 ms: ")
			.contains("safepoint");
	}

}
