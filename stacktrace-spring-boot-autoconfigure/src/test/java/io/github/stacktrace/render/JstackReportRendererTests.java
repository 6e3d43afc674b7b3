package io.github.stacktrace.render;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.CaptureListener;
import io.github.stacktrace.StackTraceCaptureService;
import io.github.stacktrace.StackTraceSettings;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link JstackReportRenderer}: its output, read back by a parser written from the {@code jstack} format's
 * rules ({@link JstackDump}), holds every thread, frame and lock of the report, for the hand-built golden reports and
 * for a real capture.
 */
class JstackReportRendererTests {

	private final JstackReportRenderer renderer = new JstackReportRenderer(new FrameRenderCache(1000, 1_000_000));

	private final TestThreads threads = new TestThreads();

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@ParameterizedTest
	@EnumSource(GoldenReports.Variant.class)
	void parserFindsEveryThreadFrameAndLockOfGoldenReport(GoldenReports.Variant variant) {
		StackTraceReport report = GoldenReports.report(variant);
		JstackDump dump = JstackDump.parse(this.renderer.render(report, false).toString());
		assertEveryThreadFrameAndLock(report, dump);
		assertThat(dump.deadlockCycles).isEqualTo(report.deadlocks().cycles().size());
		assertThat(dump.comments).last().asString().startsWith("// summary: captured=" + report.summary().captured());
	}

	@Test
	void threadsWithoutStackCarryTheirStatusAsComment() {
		JstackDump dump = JstackDump.parse(
				this.renderer.render(GoldenReports.report(GoldenReports.Variant.FAST), false).toString());
		assertThat(dump.thread(10).comments).containsExactly("// status=skipped_blocking_syscall syscall=epoll_wait");
		assertThat(dump.thread(11).comments).containsExactly("// status=timeout reason=per_thread_timeout");
		assertThat(dump.thread(12).comments).containsExactly("// status=capture_error error=\"boom \\\"quoted\\\"\\nline2\"");
		assertThat(dump.thread(13).comments).containsExactly("// status=thread_exited");
		assertThat(dump.thread(13).name).isEqualTo("?");
		assertThat(dump.thread(1).comments).isEmpty();
	}

	@Test
	void groupingIsIgnoredBecauseAnalysersNeedEveryThread() {
		StackTraceReport report = GoldenReports.report(GoldenReports.Variant.FULL_DEADLOCKED);
		assertThat(this.renderer.render(report, true).toString())
			.isEqualTo(this.renderer.render(report, false).toString());
	}

	@Test
	void hostileNameCannotForgeHeaderLine() {
		JstackDump dump = JstackDump.parse(
				this.renderer.render(GoldenReports.report(GoldenReports.Variant.FULL_NO_DEADLOCK), false).toString());
		assertThat(dump.threads).hasSize(GoldenReports.report(GoldenReports.Variant.FULL_NO_DEADLOCK).threadCount());
		assertThat(dump.thread(6).name).isEqualTo("deadlock \\\"b\\\"\\n");
	}

	@Test
	void realCaptureOfBlockedAndWaitingThreadsParsesWithEveryLock() throws Exception {
		Object monitor = new Object();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.threads.closeOnStop(release::countDown);
		Thread holder = this.threads.start("jstack-holder",
				() -> TestThreads.holdMonitorAndAwait(monitor, holding, release));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		Thread blocked = this.threads.start("jstack-blocked", () -> TestThreads.enter(monitor));
		TestThreads.awaitState(blocked, Thread.State.BLOCKED);
		StackTraceCaptureService service = new StackTraceCaptureService(StackTraceSettings.DEFAULTS,
				CaptureListener.NONE);
		StackTraceReport report = service
			.capture(new StackTraceRequest(null, DetailMode.FULL, Duration.ofSeconds(5), false));
		JstackDump dump = JstackDump.parse(this.renderer.render(report, false).toString());
		assertEveryThreadFrameAndLock(report, dump);
		JstackDump.Thread blockedThread = dump.thread(TestThreads.id(blocked));
		assertThat(blockedThread.stateWords).isEqualTo("waiting for monitor entry  [0x0000000000000000]");
		assertThat(blockedThread.state).isEqualTo("BLOCKED");
		String address = TextStackWriter.hex16(System.identityHashCode(monitor));
		assertThat(blockedThread.locks).containsExactly("waiting to lock " + address);
		assertThat(dump.thread(TestThreads.id(holder)).locks).contains("locked " + address);
	}

	private static void assertEveryThreadFrameAndLock(StackTraceReport report, JstackDump dump) {
		assertThat(dump.threads).hasSize(report.threadCount());
		for (int i = 0; i < report.threadCount(); i++) {
			ThreadCapture expected = report.threads().get(i);
			JstackDump.Thread parsed = dump.threads.get(i);
			assertThat(parsed.id).isEqualTo(expected.id());
			assertThat(parsed.name)
				.isEqualTo((expected.name() != null) ? TextEscaper.escapeQuoted(expected.name()) : "?");
			assertThat(parsed.state).isEqualTo((expected.state() != null) ? expected.state().name() : null);
			assertThat(parsed.frames).hasSize(expected.frames().size());
			assertThat(parsed.locks).hasSize(lockCount(expected, report.request().mode()));
			assertThat(parsed.ownableSynchronizers).isEqualTo(report.request().mode().includesLocks());
			// A section comments on what jstack has no words for: a status other than ok, virtual thread facts.
			assertThat(parsed.comments.isEmpty())
				.isEqualTo(expected.status() == CaptureStatus.OK && expected.virtual() == null);
			if (expected.counters() != null) {
				assertThat(parsed.daemon).isEqualTo(expected.counters().daemon());
				assertThat(parsed.priority).isEqualTo(expected.counters().priority());
			}
		}
		if (report.deadlocks().result() == DeadlockSearch.Result.LOOKED && !report.deadlocks().cycles().isEmpty()) {
			assertThat(dump.deadlocksFound).isEqualTo(report.deadlocks().cycles().size());
		}
	}

	private static int lockCount(ThreadCapture thread, DetailMode mode) {
		ThreadLocks locks = thread.locks();
		if (locks == null || !mode.includesLocks() || thread.frames().isEmpty()) {
			return 0;
		}
		return ((locks.waitingFor() != null) ? 1 : 0) + locks.held().size();
	}

}
