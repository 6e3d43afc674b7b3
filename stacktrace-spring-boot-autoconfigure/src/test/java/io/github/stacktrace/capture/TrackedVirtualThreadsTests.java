package io.github.stacktrace.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSelection;
import io.github.stacktrace.report.VirtualThreadsOutcome;
import io.github.stacktrace.test.TestThreads;
import io.github.stacktrace.test.VirtualThreadStarter;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the virtual threads a capture takes from the registry of tracked threads when the JDK's thread dump is
 * turned off: found, filtered and selected as the dump's are, each with what it serves; untracked ones left out with a
 * notice; a thread that ends before its stack is taken reported {@code thread_exited}.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class TrackedVirtualThreadsTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final RequestContextRegistry registry = new RequestContextRegistry();

	private final StackTraceCapturer capturer = new StackTraceCapturer(8, Duration.ofMillis(5), this.registry, false);

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<Thread> started = new ArrayList<>();

	@AfterEach
	void releaseThreads() throws InterruptedException {
		this.release.countDown();
		for (Thread thread : this.started) {
			thread.join(PATIENCE.toMillis());
		}
	}

	@Test
	void aTrackedVirtualThreadIsCapturedWithItsRequestAndAnUntrackedOneIsNot() throws Exception {
		Thread tracked = startServing("vt-tracked", "/orders/{id}");
		Thread untracked = startParked("vt-untracked");
		StackTraceReport report = capture(null, ThreadFilter.NONE, VirtualThreadSelection.INCLUDE);
		assertThat(report.virtualThreads()).isEqualTo(VirtualThreadsOutcome.TRACKED);
		assertThat(report.notices()).contains(TrackedVirtualThreads.NOTICE);
		ThreadCapture capture = find(report, TestThreads.id(tracked));
		assertThat(capture.status()).isEqualTo(CaptureStatus.OK);
		assertThat(capture.isVirtual()).isTrue();
		assertThat(capture.state()).isEqualTo(Thread.State.WAITING);
		assertThat(capture.name()).isEqualTo("vt-tracked");
		assertThat(capture.request()).isNotNull();
		assertThat(capture.request().description()).isEqualTo("GET /orders/{id}");
		assertThat(capture.frames()).anyMatch((frame) -> frame.getMethodName().equals("await")
				&& frame.getClassName().equals(CountDownLatch.class.getName()));
		assertThat(report.threads()).noneMatch((thread) -> thread.id() == TestThreads.id(untracked));
	}

	@Test
	void aTrackedVirtualThreadIsFoundByIdStateNameAndElapsedTime() throws Exception {
		Thread tracked = startServing("vt-filtered", "/held");
		long id = TestThreads.id(tracked);
		assertThat(find(capture(List.of(id), ThreadFilter.NONE, VirtualThreadSelection.INCLUDE), id).status())
			.isEqualTo(CaptureStatus.OK);
		assertThat(capture(null, new ThreadFilter(EnumSet.of(Thread.State.WAITING), "vt-filt*"),
				VirtualThreadSelection.ONLY)
			.threads()).extracting(ThreadCapture::id).containsExactly(id);
		assertThat(capture(null, new ThreadFilter(EnumSet.of(Thread.State.RUNNABLE), null),
				VirtualThreadSelection.ONLY)
			.threads()).extracting(ThreadCapture::id).doesNotContain(id);
		await().atMost(PATIENCE).until(() -> !capture(null, new ThreadFilter(EnumSet.noneOf(Thread.State.class), null,
				Duration.ofMillis(50)), VirtualThreadSelection.INCLUDE).threads().isEmpty());
		assertThat(capture(null, new ThreadFilter(EnumSet.noneOf(Thread.State.class), null, Duration.ofMillis(50)),
				VirtualThreadSelection.INCLUDE)
			.threads()).extracting(ThreadCapture::id).containsExactly(id);
		assertThat(capture(null, new ThreadFilter(EnumSet.noneOf(Thread.State.class), null, Duration.ofHours(1)),
				VirtualThreadSelection.INCLUDE)
			.threads()).isEmpty();
	}

	@Test
	void excludingVirtualThreadsLeavesTrackedOnesOutAndOnlyListsThemAlone() throws Exception {
		Thread tracked = startServing("vt-selection", "/held");
		long id = TestThreads.id(tracked);
		StackTraceReport excluded = capture(null, ThreadFilter.NONE, VirtualThreadSelection.EXCLUDE);
		assertThat(excluded.virtualThreads()).isEqualTo(VirtualThreadsOutcome.EXCLUDED);
		assertThat(excluded.threads()).noneMatch(ThreadCapture::isVirtual);
		StackTraceReport only = capture(null, ThreadFilter.NONE, VirtualThreadSelection.ONLY);
		assertThat(only.threads()).extracting(ThreadCapture::id).containsExactly(id);
	}

	@Test
	void aTrackedThreadThatEndsBeforeItsStackIsTakenIsReportedExited() throws Exception {
		Thread ended = VirtualThreadStarter.start("vt-ended", () -> {
		});
		ended.join(PATIENCE.toMillis());
		ThreadCapture capture = PerThreadCaptureStrategy.captureOne(new CaptureTarget(TestThreads.id(ended), ended),
				false);
		assertThat(capture.status()).isEqualTo(CaptureStatus.THREAD_EXITED);
	}

	@Test
	void aVirtualThreadNamedWithControlCharactersIsReportedEscaped() throws Exception {
		Thread tracked = startServing("vt\u001b[31m\n----- thread 1 (fake)", "/held");
		String text = render(capture(List.of(TestThreads.id(tracked)), ThreadFilter.NONE,
				VirtualThreadSelection.INCLUDE));
		assertThat(text)
			.contains("----- thread " + TestThreads.id(tracked) + " (vt\\u001b[31m\\n----- thread 1 \\(fake\\)) status=ok")
			.doesNotContain("\u001b")
			.doesNotContain("\n----- thread 1 (fake)");
	}

	private Thread startServing(String name, String route) throws InterruptedException {
		CountDownLatch serving = new CountDownLatch(1);
		Thread thread = VirtualThreadStarter.start(name, () -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("GET", System.nanoTime(), route, null);
			try {
				serving.countDown();
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				slot.end();
			}
		});
		this.started.add(thread);
		assertThat(serving.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		await().atMost(PATIENCE).until(() -> thread.getState() == Thread.State.WAITING);
		return thread;
	}

	private Thread startParked(String name) {
		Thread thread = VirtualThreadStarter.start(name, () -> {
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		this.started.add(thread);
		return thread;
	}

	private StackTraceReport capture(@Nullable List<Long> ids, ThreadFilter filter, VirtualThreadSelection selection)
			throws InterruptedException {
		StackTraceRequest request = new StackTraceRequest(ids, DetailMode.FAST, Duration.ofSeconds(5), false, filter,
				selection);
		long now = System.nanoTime();
		return this.capturer.capture(request, now, now + PATIENCE.toNanos());
	}

	private static ThreadCapture find(StackTraceReport report, long id) {
		return report.threads().stream().filter((thread) -> thread.id() == id).findFirst().orElseThrow();
	}

	private static String render(StackTraceReport report) {
		return new TextReportRenderer(new FrameRenderCache(1024, 4_000_000)).render(report, false).toString();
	}

}
