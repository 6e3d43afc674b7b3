package io.github.stacktrace;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.stacktrace.CaptureFixtures.PARK_BLOCKER;
import static io.github.stacktrace.CaptureFixtures.captureOf;
import static io.github.stacktrace.CaptureFixtures.parkedMarkerLine;
import static io.github.stacktrace.CaptureFixtures.request;
import static io.github.stacktrace.CaptureFixtures.startParkedMarker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for what {@link StackTraceCaptureService} takes and shows in each detail mode: the frames of each mode, the
 * lock lines of the FULL modes, the capture method, and the calling thread's facts in the FULL modes.
 */
class StackTraceCaptureModesTests {

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
	void fastModeShowsMarkerMethodWithFileAndLine() throws Exception {
		Thread marker = startParkedMarker(this.threads, "fast-marker");
		List<String> section = section(capture(DetailMode.FAST, marker), marker);
		assertThat(section.get(0)).startsWith("----- thread " + TestThreads.id(marker) + " (fast-marker) status=ok ")
			.contains(" state=WAITING ")
			.endsWith(" -----");
		assertThat(section).contains("io.github.stacktrace.CaptureFixtures.parkedMarkerMethod"
				+ "(CaptureFixtures.java:" + parkedMarkerLine() + ")");
		assertThat(section).anyMatch((line) -> line.endsWith("(Native Method)"));
		assertThat(section).noneMatch((line) -> line.startsWith("java.base") || line.startsWith("  - "));
	}

	@Test
	void disabledModeShowsMarkerMethodWithoutFileOrLine() throws Exception {
		Thread marker = startParkedMarker(this.threads, "disabled-marker");
		List<String> section = section(capture(DetailMode.DISABLED, marker), marker);
		assertThat(section.get(0)).contains(" status=ok ");
		assertThat(section).contains("io.github.stacktrace.CaptureFixtures.parkedMarkerMethod");
		List<String> frames = section.subList(1, section.size());
		assertThat(frames).hasSizeGreaterThan(2).noneMatch((line) -> line.contains("("));
	}

	@Test
	void fullModeShowsModulePrefixesAndLockLines() throws Exception {
		Object waitMonitor = new WaitMonitor();
		Object heldMonitor = new HeldMonitor();
		CountDownLatch release = new CountDownLatch(1);
		this.threads.closeOnStop(release::countDown);
		Thread marker = startParkedMarker(this.threads, "full-parker");
		CountDownLatch waiting = new CountDownLatch(1);
		Thread waiter = this.threads.start("full-waiter", () -> waitOn(waitMonitor, waiting));
		CountDownLatch holding = new CountDownLatch(1);
		Thread holder = this.threads.start("full-holder",
				() -> TestThreads.holdMonitorAndAwait(heldMonitor, holding, release));
		assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		Thread blocked = this.threads.start("full-blocked", () -> TestThreads.enter(heldMonitor));
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
				appPrefix + "io.github.stacktrace.CaptureFixtures.parkedMarkerMethod"
						+ "(CaptureFixtures.java:" + parkedMarkerLine() + ")",
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
		Thread holder = this.threads.start("fast-holder",
				() -> TestThreads.holdMonitorAndAwait(heldMonitor, holding, release));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		TestThreads.awaitState(holder, Thread.State.WAITING);
		StackTraceReport report = capture(DetailMode.FAST, holder);
		assertThat(captureOf(report, holder).locks()).isNull();
		assertThat(section(report, holder)).hasSizeGreaterThan(3).noneMatch((line) -> line.startsWith("  - "));
	}

	@Test
	void captureMethodFollowsTheJdkAndTheMode() throws Exception {
		Thread marker = startParkedMarker(this.threads, "method-marker");
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

	private static List<Long> ids(Thread... threads) {
		return Arrays.stream(threads).map(TestThreads::id).toList();
	}

	private static String lockText(Object lock) {
		return "<0x" + Integer.toHexString(System.identityHashCode(lock)) + "> (a " + lock.getClass().getName() + ")";
	}

	private static final class WaitMonitor {

	}

	private static final class HeldMonitor {

	}

}
