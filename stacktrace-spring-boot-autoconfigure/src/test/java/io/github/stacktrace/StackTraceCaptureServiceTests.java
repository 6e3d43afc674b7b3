package io.github.stacktrace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.CaptureSummary;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.stacktrace.CaptureFixtures.awaitQuietly;
import static io.github.stacktrace.CaptureFixtures.captureOf;
import static io.github.stacktrace.CaptureFixtures.request;
import static io.github.stacktrace.CaptureFixtures.startParkedMarker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StackTraceCaptureService}: which threads a report lists and in what order, its summary, the
 * calling thread, single flight, listeners, interruption and threads dying mid-capture. What each detail mode takes
 * and shows, locks included, is in {@link StackTraceCaptureModesTests}.
 */
class StackTraceCaptureServiceTests {

	private final TestThreads threads = new TestThreads();

	private final RecordingListener listener = new RecordingListener();

	private final StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
			this.listener);

	private final TextReportRenderer renderer = new TextReportRenderer(new FrameRenderCache(1000, 1_000_000));

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void fullCaptureListsLiveThreadsInAscendingIdOrder() throws Exception {
		Thread marker = startParkedMarker(this.threads, "full-capture-marker");
		StackTraceReport report = this.service.capture(request(DetailMode.FAST, null));
		List<Long> ids = report.threads().stream().map(ThreadCapture::id).toList();
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		assertThat(ids).contains(TestThreads.id(marker), TestThreads.id(Thread.currentThread()));
		assertThat(captureOf(report, marker).status()).isEqualTo(CaptureStatus.OK);
		assertThat(captureOf(report, marker).name()).isEqualTo("full-capture-marker");
		assertThat(captureOf(report, Thread.currentThread()).status()).isEqualTo(CaptureStatus.OK_CURRENT_THREAD);
		assertThat(report.request().isSelective()).isFalse();
	}

	@Test
	void fullCaptureSummaryCountsAddUpToThreadCount() throws Exception {
		startParkedMarker(this.threads, "summary-marker");
		StackTraceReport report = this.service.capture(request(DetailMode.FAST, null));
		Map<CaptureStatus, Integer> byStatus = report.threads().stream()
			.collect(Collectors.groupingBy(ThreadCapture::status, Collectors.summingInt((thread) -> 1)));
		CaptureSummary summary = report.summary();
		assertThat(summary.captured()).isEqualTo(byStatus.getOrDefault(CaptureStatus.OK, 0)
				+ byStatus.getOrDefault(CaptureStatus.OK_CURRENT_THREAD, 0));
		assertThat(summary.timedOut()).isEqualTo(byStatus.getOrDefault(CaptureStatus.TIMEOUT, 0));
		assertThat(summary.exited()).isEqualTo(byStatus.getOrDefault(CaptureStatus.THREAD_EXITED, 0));
		assertThat(summary.total()).isEqualTo(report.threadCount()).isEqualTo(report.threads().size());
		assertThat(summary.captured()).isGreaterThanOrEqualTo(2);
		assertThat(this.renderer.render(report, false).toString()).contains("thread_count: " + report.threadCount() + "\n");
	}

	@Test
	void selectedIdsAreSampledOnceEachInTheOrderAsked() throws Exception {
		Thread first = startParkedMarker(this.threads, "selected-first");
		Thread second = startParkedMarker(this.threads, "selected-second");
		long current = TestThreads.id(Thread.currentThread());
		List<Long> asked = List.of(TestThreads.id(second), TestThreads.id(first), TestThreads.id(second), current,
				TestThreads.id(first));
		StackTraceReport report = this.service.capture(request(DetailMode.FAST, asked));
		assertThat(report.threads()).extracting(ThreadCapture::id)
			.containsExactly(TestThreads.id(second), TestThreads.id(first), current);
		assertThat(report.threads()).extracting(ThreadCapture::status)
			.containsExactly(CaptureStatus.OK, CaptureStatus.OK, CaptureStatus.OK_CURRENT_THREAD);
		assertThat(report.threadCount()).isEqualTo(3);
		assertThat(report.summary().captured()).isEqualTo(3);
		assertThat(report.request().isSelective()).isTrue();
	}

	@Test
	void unknownIdIsReportedExitedWithoutName() {
		StackTraceReport report = this.service.capture(request(DetailMode.FAST, List.of(Long.MAX_VALUE)));
		assertThat(report.threads()).singleElement().satisfies((thread) -> {
			assertThat(thread.id()).isEqualTo(Long.MAX_VALUE);
			assertThat(thread.status()).isEqualTo(CaptureStatus.THREAD_EXITED);
			assertThat(thread.name()).isNull();
			assertThat(thread.frames()).isEmpty();
		});
		assertThat(report.summary()).isEqualTo(new CaptureSummary(0, 1, 0, 1, 0));
		assertThat(this.renderer.render(report, false).toString())
			.contains("\n----- thread 9223372036854775807 (?) status=thread_exited -----\n<no stack captured>\n\n");
	}

	@Test
	void callingThreadIsCapturedDirectlyFromTheCaller() {
		StackTraceReport report = this.service
			.capture(request(DetailMode.FAST, List.of(TestThreads.id(Thread.currentThread()))));
		ThreadCapture current = report.threads().get(0);
		assertThat(current.status()).isEqualTo(CaptureStatus.OK_CURRENT_THREAD);
		assertThat(current.state()).isEqualTo(Thread.State.RUNNABLE);
		assertThat(current.name()).isEqualTo(Thread.currentThread().getName());
		StackTraceElement top = current.frames().get(0);
		assertThat(top.getClassName()).isEqualTo(StackTraceCaptureServiceTests.class.getName());
		assertThat(top.getMethodName()).isEqualTo("callingThreadIsCapturedDirectlyFromTheCaller");
		assertThat(current.frames()).noneMatch((frame) -> frame.getClassName().equals(Thread.class.getName())
				&& frame.getMethodName().equals("getStackTrace"));
		assertThat(current.frames())
			.noneMatch((frame) -> frame.getClassName().equals(StackTraceCaptureService.class.getName()));
	}

	@Test
	void captureWhenAnotherIsRunningThrowsCaptureInProgress() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.threads.closeOnStop(release::countDown);
		this.listener.onNextStart = () -> {
			entered.countDown();
			awaitQuietly(release);
		};
		AtomicReference<StackTraceReport> first = new AtomicReference<>();
		Thread firstCaller = this.threads.start("first-caller",
				() -> first.set(this.service.capture(request(DetailMode.FAST, null))));
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.service.isCaptureRunning()).isTrue();
		assertThatExceptionOfType(CaptureInProgressException.class)
			.isThrownBy(() -> this.service.capture(request(DetailMode.FAST, null)))
			.withMessage("another thread stack trace request is running");
		assertThatExceptionOfType(CaptureInProgressException.class)
			.isThrownBy(() -> this.service.capture(request(DetailMode.FULL, List.of(1L))));
		// The rejected calls returned while the first capture is still held inside the lock.
		assertThat(first.get()).isNull();
		assertThat(firstCaller.isAlive()).isTrue();
		release.countDown();
		firstCaller.join(10_000);
		assertThat(first.get()).isNotNull();
		assertThat(this.service.isCaptureRunning()).isFalse();
		StackTraceReport next = this.service.capture(request(DetailMode.FAST, null));
		assertThat(next.summary().captured()).isPositive();
		assertThat(this.listener.outcomes).containsExactly(CaptureOutcome.CONFLICT, CaptureOutcome.CONFLICT,
				CaptureOutcome.OK, CaptureOutcome.OK);
		assertThat(this.listener.selective).containsExactly(false, true, false, false);
	}

	@Test
	void captureCompletesAndReleasesTheLockWhenAListenerThrows() {
		this.listener.onNextStart = () -> {
			throw new IllegalStateException("listener failed");
		};
		StackTraceReport failedListenerReport = this.service.capture(request(DetailMode.FAST, null));
		assertThat(failedListenerReport.threads()).isNotEmpty();
		assertThat(this.service.isCaptureRunning()).isFalse();
		assertThat(this.listener.ended).isEqualTo(1);
		StackTraceReport report = this.service.capture(request(DetailMode.FAST, null));
		assertThat(report.threads()).isNotEmpty();
		assertThat(this.listener.outcomes).containsExactly(CaptureOutcome.OK, CaptureOutcome.OK);
	}

	@Test
	void captureWhenCallerIsInterruptedIsCancelledAndRestoresTheFlag() {
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(CaptureCancelledException.class)
				.isThrownBy(() -> this.service.capture(request(DetailMode.FAST, null)))
				.withCauseInstanceOf(InterruptedException.class);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.service.isCaptureRunning()).isFalse();
		assertThat(this.service.capture(request(DetailMode.FAST, null)).threads()).isNotEmpty();
		assertThat(this.listener.outcomes).containsExactly(CaptureOutcome.CANCELLED, CaptureOutcome.OK);
	}

	@Test
	void listenerSeesStartEndAndThreadCountsOfEachCapture() throws Exception {
		Thread marker = startParkedMarker(this.threads, "listener-marker");
		this.service.capture(request(DetailMode.DISABLED, List.of(TestThreads.id(marker), Long.MAX_VALUE)));
		this.service.recordRejectedRequest(true, 5);
		assertThat(this.listener.started).isEqualTo(1);
		assertThat(this.listener.ended).isEqualTo(1);
		assertThat(this.listener.outcomes).containsExactly(CaptureOutcome.OK, CaptureOutcome.BAD_REQUEST);
		assertThat(this.listener.modes).containsExactly(DetailMode.DISABLED, null);
		assertThat(this.listener.counts).containsExactly(
				Map.of(CaptureStatus.OK, 1, CaptureStatus.THREAD_EXITED, 1));
	}

	@Test
	void threadsDyingDuringCapturesAreReportedExited() throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		List<Long> deadIds = new CopyOnWriteArrayList<>();
		Thread spawner = this.threads.start("churn-spawner", () -> churn(stop, deadIds));
		await().atMost(Duration.ofSeconds(10)).until(() -> deadIds.size() >= 16);
		Set<CaptureStatus> allowed = Set.of(CaptureStatus.OK, CaptureStatus.OK_CURRENT_THREAD,
				CaptureStatus.THREAD_EXITED);
		DetailMode[] modes = { DetailMode.FAST, DetailMode.DISABLED, DetailMode.FULL };
		try {
			for (int i = 0; i < 30; i++) {
				StackTraceReport report = this.service.capture(request(modes[i % modes.length], null));
				assertThat(report.threads()).extracting(ThreadCapture::status).allMatch(allowed::contains);
				assertThat(report.summary().total()).isEqualTo(report.threadCount());
				assertThat(report.threads()).extracting(ThreadCapture::id).isSorted();
				List<Long> asked = List.of(deadIds.get(i), TestThreads.id(spawner), deadIds.get(i + 1));
				StackTraceReport selected = this.service.capture(request(modes[i % modes.length], asked));
				assertThat(selected.threads()).extracting(ThreadCapture::status)
					.containsExactly(CaptureStatus.THREAD_EXITED, CaptureStatus.OK, CaptureStatus.THREAD_EXITED);
			}
		}
		finally {
			stop.set(true);
			spawner.join(10_000);
		}
		assertThat(spawner.isAlive()).isFalse();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Thread.getAllStackTraces().keySet().stream()
				.noneMatch((thread) -> thread.getName().startsWith("stacktrace-capture-")));
	}

	private static void churn(AtomicBoolean stop, List<Long> deadIds) {
		while (!stop.get() && !Thread.currentThread().isInterrupted()) {
			List<Thread> batch = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				Thread thread = new Thread(() -> {
				}, "churn-" + i);
				thread.setDaemon(true);
				thread.start();
				batch.add(thread);
			}
			try {
				for (Thread thread : batch) {
					thread.join();
					deadIds.add(TestThreads.id(thread));
				}
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

}
