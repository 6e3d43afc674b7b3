package io.github.stacktrace;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.CaptureSummary;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.test.TestThreads;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link StackTraceCaptureService}.
 */
class StackTraceCaptureServiceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static final ParkBlocker PARK_BLOCKER = new ParkBlocker();

	private static volatile int parkedMarkerLine;

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
		Thread marker = startParkedMarker("full-capture-marker");
		StackTraceReport report = this.service.capture(request(DetailMode.FAST, null));
		List<Long> ids = report.threads().stream().map(ThreadCapture::id).toList();
		assertThat(ids).isSorted().doesNotHaveDuplicates();
		assertThat(ids).contains(TestThreads.id(marker), TestThreads.id(Thread.currentThread()));
		assertThat(capture(report, marker).status()).isEqualTo(CaptureStatus.OK);
		assertThat(capture(report, marker).name()).isEqualTo("full-capture-marker");
		assertThat(capture(report, Thread.currentThread()).status()).isEqualTo(CaptureStatus.OK_CURRENT_THREAD);
		assertThat(report.request().isSelective()).isFalse();
	}

	@Test
	void fullCaptureSummaryCountsAddUpToThreadCount() throws Exception {
		startParkedMarker("summary-marker");
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
		Thread first = startParkedMarker("selected-first");
		Thread second = startParkedMarker("selected-second");
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
	void fastModeShowsMarkerMethodWithFileAndLine() throws Exception {
		Thread marker = startParkedMarker("fast-marker");
		List<String> section = section(capture(DetailMode.FAST, marker), marker);
		assertThat(section.get(0)).startsWith("----- thread " + TestThreads.id(marker) + " (fast-marker) status=ok ")
			.contains(" state=WAITING ")
			.endsWith(" -----");
		assertThat(section).contains("io.github.stacktrace.StackTraceCaptureServiceTests.parkedMarkerMethod"
				+ "(StackTraceCaptureServiceTests.java:" + parkedMarkerLine + ")");
		assertThat(section).anyMatch((line) -> line.endsWith("(Native Method)"));
		assertThat(section).noneMatch((line) -> line.startsWith("java.base") || line.startsWith("  - "));
	}

	@Test
	void disabledModeShowsMarkerMethodWithoutFileOrLine() throws Exception {
		Thread marker = startParkedMarker("disabled-marker");
		List<String> section = section(capture(DetailMode.DISABLED, marker), marker);
		assertThat(section.get(0)).contains(" status=ok ");
		assertThat(section).contains("io.github.stacktrace.StackTraceCaptureServiceTests.parkedMarkerMethod");
		List<String> frames = section.subList(1, section.size());
		assertThat(frames).hasSizeGreaterThan(2).noneMatch((line) -> line.contains("("));
	}

	@Test
	void fullModeShowsModulePrefixesAndLockLines() throws Exception {
		Object waitMonitor = new WaitMonitor();
		Object heldMonitor = new HeldMonitor();
		CountDownLatch release = new CountDownLatch(1);
		this.threads.closeOnStop(release::countDown);
		Thread marker = startParkedMarker("full-parker");
		CountDownLatch waiting = new CountDownLatch(1);
		Thread waiter = this.threads.start("full-waiter", () -> waitOn(waitMonitor, waiting));
		CountDownLatch holding = new CountDownLatch(1);
		Thread holder = this.threads.start("full-holder", () -> holdMonitorAndAwait(heldMonitor, holding, release));
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		Thread blocked = this.threads.start("full-blocked", () -> enter(heldMonitor));
		TestThreads.awaitState(waiter, Thread.State.WAITING);
		TestThreads.awaitState(holder, Thread.State.WAITING);
		TestThreads.awaitState(blocked, Thread.State.BLOCKED);

		StackTraceReport report = this.service.capture(request(DetailMode.FULL,
				ids(marker, waiter, holder, blocked)));
		assertThat(report.captureMethod()).isEqualTo("thread_mx_bean_chunked_locked_monitors");
		assertThat(report.threads()).extracting(ThreadCapture::status).containsOnly(CaptureStatus.OK);
		String text = this.renderer.render(report, false).toString();
		assertThat(text).contains("dwarf_location_info_mode: full\n");

		// ThreadInfo's frames carry the loader and module version, as jstack prints them.
		String jdkPrefix = "java.base@" + Object.class.getModule().getDescriptor().rawVersion().orElseThrow() + "/";
		String appPrefix = "app//";
		assertThat(section(report, marker)).contains(jdkPrefix + "jdk.internal.misc.Unsafe.park(Native Method)",
				appPrefix + "io.github.stacktrace.StackTraceCaptureServiceTests.parkedMarkerMethod"
						+ "(StackTraceCaptureServiceTests.java:" + parkedMarkerLine + ")",
				"  - parking to wait for " + lockText(PARK_BLOCKER));
		assertThat(section(report, waiter)).contains("  - waiting on " + lockText(waitMonitor));

		List<String> holderSection = section(report, holder);
		assertThat(holderSection).anyMatch((line) -> line
			.matches("  - parking to wait for <0x[0-9a-f]+> \\(a java\\.util\\.concurrent\\.CountDownLatch\\$Sync\\)"));
		int locked = holderSection.indexOf("  - locked " + lockText(heldMonitor));
		assertThat(locked).isPositive();
		assertThat(holderSection.get(locked - 1)).contains(".holdMonitorAndAwait(");

		List<String> blockedSection = section(report, blocked);
		assertThat(blockedSection.get(0)).contains(" state=BLOCKED ");
		assertThat(blockedSection.get(2)).isEqualTo("  - waiting to lock " + lockText(heldMonitor) + " owned by \""
				+ holder.getName() + "\" id=" + TestThreads.id(holder));
		assertThat(blockedSection.get(1)).contains(".enter(");
	}

	@Test
	void fastModeShowsNoLockLines() throws Exception {
		Object heldMonitor = new HeldMonitor();
		CountDownLatch release = new CountDownLatch(1);
		this.threads.closeOnStop(release::countDown);
		CountDownLatch holding = new CountDownLatch(1);
		Thread holder = this.threads.start("fast-holder", () -> holdMonitorAndAwait(heldMonitor, holding, release));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		TestThreads.awaitState(holder, Thread.State.WAITING);
		StackTraceReport report = capture(DetailMode.FAST, holder);
		assertThat(capture(report, holder).locks()).isNull();
		assertThat(section(report, holder)).hasSizeGreaterThan(3).noneMatch((line) -> line.startsWith("  - "));
	}

	@Test
	void captureMethodFollowsTheJdkAndTheMode() throws Exception {
		Thread marker = startParkedMarker("method-marker");
		String expectedFast = (Runtime.version().feature() >= 21) ? "thread_get_stack_trace_per_thread"
				: "thread_mx_bean_chunked";
		assertThat(this.service.captureMethod(DetailMode.FAST)).isEqualTo(expectedFast);
		assertThat(this.service.captureMethod(DetailMode.DISABLED)).isEqualTo(expectedFast);
		assertThat(this.service.captureMethod(DetailMode.FULL)).isEqualTo("thread_mx_bean_chunked_locked_monitors");
		assertThat(this.service.captureMethod(DetailMode.FULL_WITH_INLINE))
			.isEqualTo("thread_mx_bean_chunked_locked_monitors");
		assertThat(capture(DetailMode.FAST, marker).captureMethod()).isEqualTo(expectedFast);
		assertThat(capture(DetailMode.FULL, marker).captureMethod()).isEqualTo("thread_mx_bean_chunked_locked_monitors");
		assertThat(this.renderer.render(capture(DetailMode.DISABLED, marker), false).toString())
			.contains("\ncapture_method: " + expectedFast + "\n");
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
	void captureWhenCallerIsInterruptedThrowsAndRestoresTheFlag() {
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(StackTraceCaptureException.class)
				.isThrownBy(() -> this.service.capture(request(DetailMode.FAST, null)))
				.withCauseInstanceOf(InterruptedException.class);
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(this.service.isCaptureRunning()).isFalse();
		assertThat(this.service.capture(request(DetailMode.FAST, null)).threads()).isNotEmpty();
		assertThat(this.listener.outcomes).containsExactly(CaptureOutcome.ERROR, CaptureOutcome.OK);
	}

	@Test
	void listenerSeesStartEndAndThreadCountsOfEachCapture() throws Exception {
		Thread marker = startParkedMarker("listener-marker");
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

	static void parkedMarkerMethod(CountDownLatch parked) {
		parked.countDown();
		while (!Thread.currentThread().isInterrupted()) {
			parkedMarkerLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
			LockSupport.park(PARK_BLOCKER);
		}
	}

	private static void waitOn(Object monitor, CountDownLatch waiting) {
		synchronized (monitor) {
			waiting.countDown();
			try {
				while (true) {
					monitor.wait();
				}
			}
			catch (InterruptedException ex) {
				// stop
			}
		}
	}

	private static void holdMonitorAndAwait(Object monitor, CountDownLatch holding, CountDownLatch release) {
		synchronized (monitor) {
			holding.countDown();
			awaitQuietly(release);
		}
	}

	private static void enter(Object monitor) {
		synchronized (monitor) {
			assertThat(Thread.holdsLock(monitor)).isTrue();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Thread startParkedMarker(String name) throws InterruptedException {
		CountDownLatch parked = new CountDownLatch(1);
		Thread marker = this.threads.start(name, () -> parkedMarkerMethod(parked));
		assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();
		TestThreads.awaitState(marker, Thread.State.WAITING);
		return marker;
	}

	private StackTraceReport capture(DetailMode mode, Thread thread) {
		return this.service.capture(request(mode, List.of(TestThreads.id(thread))));
	}

	private List<String> section(StackTraceReport report, Thread thread) {
		return section(this.renderer.render(report, false).toString(), thread);
	}

	/** The lines of one thread's section, from its section line to the line before the blank line. */
	static List<String> section(String text, Thread thread) {
		List<String> lines = Arrays.asList(text.split("\n", -1));
		String start = "----- thread " + TestThreads.id(thread) + " (";
		int from = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith(start)) {
				assertThat(from).as("one section for %s", thread.getName()).isEqualTo(-1);
				from = i;
			}
		}
		assertThat(from).as("section for %s", thread.getName()).isNotNegative();
		int to = lines.subList(from, lines.size()).indexOf("") + from;
		return lines.subList(from, to);
	}

	private static ThreadCapture capture(StackTraceReport report, Thread thread) {
		long id = TestThreads.id(thread);
		return report.threads().stream().filter((capture) -> capture.id() == id).findFirst().orElseThrow();
	}

	private static List<Long> ids(Thread... threads) {
		return Arrays.stream(threads).map(TestThreads::id).toList();
	}

	@Test
	void callingThreadGetsTheSameLockAndCounterFactsAsEveryOtherInFullModes() {
		Object monitor = new Object();
		StackTraceReport report;
		synchronized (monitor) {
			report = this.service.capture(request(DetailMode.FULL_WITH_INLINE, List.of(TestThreads.id(Thread.currentThread()))));
		}
		ThreadCapture self = report.threads().get(0);
		assertThat(self.status()).isEqualTo(CaptureStatus.OK_CURRENT_THREAD);
		assertThat(self.frames().get(0).getMethodName())
			.isEqualTo("callingThreadGetsTheSameLockAndCounterFactsAsEveryOtherInFullModes");
		assertThat(self.counters()).isNotNull();
		assertThat(self.locks()).isNotNull();
		assertThat(self.locks().held()).singleElement().satisfies((held) -> {
			assertThat(held.lock().identityHashCode()).isEqualTo(System.identityHashCode(monitor));
			assertThat(held.stackDepth()).isZero();
		});
		assertThat(this.renderer.render(report, false).toString()).contains(" status=ok_current_thread state=RUNNABLE ",
				" daemon=", " blocked_count=", "  - locked " + lockText(monitor) + "\n");
	}

	private static String lockText(Object lock) {
		return "<0x" + Integer.toHexString(System.identityHashCode(lock)) + "> (a " + lock.getClass().getName() + ")";
	}

	static StackTraceRequest request(DetailMode mode, @Nullable List<Long> ids) {
		return new StackTraceRequest(ids, mode, TIMEOUT, false);
	}

	private static final class ParkBlocker {

	}

	private static final class WaitMonitor {

	}

	private static final class HeldMonitor {

	}

	private static final class RecordingListener implements CaptureListener {

		private volatile @Nullable Runnable onNextStart;

		private final List<CaptureOutcome> outcomes = new CopyOnWriteArrayList<>();

		private final List<@Nullable DetailMode> modes = new CopyOnWriteArrayList<>();

		private final List<Boolean> selective = new CopyOnWriteArrayList<>();

		private final List<Map<CaptureStatus, Integer>> counts = new CopyOnWriteArrayList<>();

		private volatile int started;

		private volatile int ended;

		@Override
		public void captureStarted() {
			this.started++;
			Runnable action = this.onNextStart;
			this.onNextStart = null;
			if (action != null) {
				action.run();
			}
		}

		@Override
		public void captureEnded() {
			this.ended++;
		}

		@Override
		public void requestCompleted(CaptureOutcome outcome, @Nullable DetailMode mode, boolean selective,
				long durationNanos) {
			assertThat(durationNanos).isNotNegative();
			this.outcomes.add(outcome);
			this.modes.add(mode);
			this.selective.add(selective);
		}

		@Override
		public void threadsCaptured(Map<CaptureStatus, Integer> threadsByStatus) {
			this.counts.add(threadsByStatus);
		}

	}

}
