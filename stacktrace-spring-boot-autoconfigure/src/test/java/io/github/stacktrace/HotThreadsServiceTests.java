package io.github.stacktrace;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.stacktrace.CaptureFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StackTraceCaptureService#hotThreads}: the request holds the single-flight slot for its window,
 * and listeners see each one with its outcome.
 */
class HotThreadsServiceTests {

	private final TestThreads threads = new TestThreads();

	private final RecordingListener listener = new RecordingListener();

	private final StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
			this.listener);

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void windowHoldsTheSlotSoCapturesAndOtherWindowsGetConflictUntilItEnds() throws Exception {
		boolean monitoring = ManagementFactory.getThreadMXBean().isThreadContentionMonitoringEnabled();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread window = this.threads.start("hot-window", () -> {
			try {
				this.service.hotThreads(hot(HotThreadsType.BLOCK, Duration.ofSeconds(60)));
			}
			catch (StackTraceCaptureException ex) {
				failure.set(ex);
			}
		});
		await().atMost(Duration.ofSeconds(20)).until(this.service::isCaptureRunning);
		assertThatExceptionOfType(CaptureInProgressException.class)
			.isThrownBy(() -> this.service.capture(request(DetailMode.FAST, null)));
		assertThatExceptionOfType(CaptureInProgressException.class)
			.isThrownBy(() -> this.service.hotThreads(hot(HotThreadsType.CPU, Duration.ofMillis(10))));
		// Cancelling the window ends the request at once and puts contention monitoring back.
		window.interrupt();
		window.join(20_000);
		assertThat(failure.get()).hasRootCauseInstanceOf(InterruptedException.class);
		assertThat(this.service.isCaptureRunning()).isFalse();
		assertThat(ManagementFactory.getThreadMXBean().isThreadContentionMonitoringEnabled()).isEqualTo(monitoring);
		HotThreadsReport report = this.service.hotThreads(hot(HotThreadsType.CPU, Duration.ofMillis(10)));
		assertThat(report.window()).isGreaterThanOrEqualTo(Duration.ofMillis(10));
		assertThat(this.listener.outcomes).containsExactly(CaptureOutcome.CONFLICT);
		assertThat(failure.get()).isInstanceOf(CaptureCancelledException.class);
		assertThat(this.listener.hotOutcomes).containsExactly(CaptureOutcome.CONFLICT, CaptureOutcome.CANCELLED,
				CaptureOutcome.OK);
		assertThat(this.listener.started).isEqualTo(2);
		assertThat(this.listener.ended).isEqualTo(2);
	}

	@Test
	void rejectedHotThreadsRequestIsReportedAsBadRequest() {
		this.service.recordRejectedHotThreadsRequest(5);
		assertThat(this.listener.hotOutcomes).containsExactly(CaptureOutcome.BAD_REQUEST);
		assertThat(this.listener.outcomes).isEmpty();
	}

	private static HotThreadsRequest hot(HotThreadsType type, Duration interval) {
		return new HotThreadsRequest(type, 3, interval, 2, true, DetailMode.FAST, ThreadFilter.NONE);
	}

}
