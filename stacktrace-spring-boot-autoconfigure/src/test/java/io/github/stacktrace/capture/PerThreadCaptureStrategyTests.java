package io.github.stacktrace.capture;

import java.time.Duration;
import java.util.List;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.TimeoutReason;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PerThreadCaptureStrategy}.
 */
class PerThreadCaptureStrategyTests {

	private static final StackTraceRequest REQUEST = new StackTraceRequest(null, DetailMode.FAST,
			Duration.ofSeconds(5), false);

	private final TestThreads threads = new TestThreads();

	private final PerThreadCaptureStrategy strategy = new PerThreadCaptureStrategy(8);

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void methodNamesThePerThreadWalk() {
		assertThat(this.strategy.method()).isEqualTo("thread_get_stack_trace_per_thread");
	}

	@Test
	void captureReturnsOneCapturePerTargetInTargetOrder() throws Exception {
		Thread first = this.threads.startParked("per-thread-first");
		Thread second = this.threads.startParked("per-thread-second");
		Thread dead = startAndJoin("per-thread-dead");
		List<ThreadCapture> captures = this.strategy.capture(targets(second, dead, first), REQUEST, farDeadline());
		assertThat(captures).extracting(ThreadCapture::id)
			.containsExactly(TestThreads.id(second), TestThreads.id(dead), TestThreads.id(first));
		assertThat(captures).extracting(ThreadCapture::status)
			.containsExactly(CaptureStatus.OK, CaptureStatus.THREAD_EXITED, CaptureStatus.OK);
		assertThat(captures.get(0).name()).isEqualTo("per-thread-second");
		assertThat(captures.get(0).state()).isEqualTo(Thread.State.WAITING);
		assertThat(captures.get(0).frames()).anyMatch((frame) -> frame.getMethodName().equals("parkUntilInterrupted"));
		assertThat(captures.get(0).locks()).isNull();
		assertThat(captures.get(1).frames()).isEmpty();
	}

	@Test
	void captureGivesTheSameIdsAndStatusesAsTheBulkStrategy() throws Exception {
		Thread first = this.threads.startParked("same-first");
		Thread second = this.threads.startParked("same-second");
		Thread dead = startAndJoin("same-dead");
		List<CaptureTarget> targets = targets(first, dead, second);
		List<ThreadCapture> perThread = this.strategy.capture(targets, REQUEST, farDeadline());
		List<ThreadCapture> bulk = new BulkCaptureStrategy(false).capture(targets, REQUEST, farDeadline());
		assertThat(perThread).extracting(ThreadCapture::id).containsExactlyElementsOf(
				bulk.stream().map(ThreadCapture::id).toList());
		assertThat(perThread).extracting(ThreadCapture::status).containsExactlyElementsOf(
				bulk.stream().map(ThreadCapture::status).toList());
		assertThat(perThread).extracting(ThreadCapture::state).containsExactlyElementsOf(
				bulk.stream().map(ThreadCapture::state).toList());
		assertThat(perThread).extracting(ThreadCapture::status)
			.containsExactly(CaptureStatus.OK, CaptureStatus.THREAD_EXITED, CaptureStatus.OK);
		// Thread#getStackTrace leaves out hidden frames (Thread.runWith, lambda proxies) on Java 21 and later;
		// ThreadMXBean keeps them. Every frame the per-thread walk shows is there, in the same order.
		for (int i : new int[] { 0, 2 }) {
			assertThat(methods(perThread.get(i))).startsWith("jdk.internal.misc.Unsafe.park",
					"java.util.concurrent.locks.LockSupport.park",
					"io.github.stacktrace.test.TestThreads.parkUntilInterrupted");
			assertThat(methods(bulk.get(i))).containsSubsequence(methods(perThread.get(i)));
			if (Runtime.version().feature() < 21) {
				assertThat(perThread.get(i).frames()).isEqualTo(bulk.get(i).frames());
			}
		}
	}

	@Test
	void captureWithSpentBudgetReportsEveryTargetTimedOut() throws Exception {
		Thread first = this.threads.startParked("budget-first");
		Thread second = this.threads.startParked("budget-second");
		List<ThreadCapture> captures = this.strategy.capture(targets(first, second), REQUEST,
				System.nanoTime() - 1);
		assertThat(captures).hasSize(2).allSatisfy((capture) -> {
			assertThat(capture.status()).isEqualTo(CaptureStatus.TIMEOUT);
			assertThat(capture.timeoutReason()).isEqualTo(TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
			assertThat(capture.frames()).isEmpty();
		});
		assertThat(captures).extracting(ThreadCapture::name).containsExactly("budget-first", "budget-second");
	}

	@Test
	void captureOfNoTargetsIsEmpty() throws Exception {
		assertThat(this.strategy.capture(List.of(), REQUEST, farDeadline())).isEmpty();
	}

	private Thread startAndJoin(String name) throws InterruptedException {
		Thread thread = this.threads.start(name, () -> {
		});
		thread.join(10_000);
		assertThat(thread.isAlive()).isFalse();
		return thread;
	}

	private static List<String> methods(ThreadCapture capture) {
		return capture.frames().stream().map((frame) -> frame.getClassName() + "." + frame.getMethodName()).toList();
	}

	static List<CaptureTarget> targets(Thread... threads) {
		return List.of(threads).stream().map((thread) -> new CaptureTarget(TestThreads.id(thread), thread)).toList();
	}

	static long farDeadline() {
		return System.nanoTime() + Duration.ofSeconds(30).toNanos();
	}

}
