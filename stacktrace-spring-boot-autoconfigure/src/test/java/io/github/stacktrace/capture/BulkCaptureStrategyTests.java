package io.github.stacktrace.capture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.capture.CaptureFailedException;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.LockRef;
import io.github.stacktrace.report.TimeoutReason;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.stacktrace.capture.PerThreadCaptureStrategyTests.farDeadline;
import static io.github.stacktrace.capture.PerThreadCaptureStrategyTests.targets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BulkCaptureStrategy}.
 */
class BulkCaptureStrategyTests {

	private static final StackTraceRequest FAST = new StackTraceRequest(null, DetailMode.FAST, Duration.ofSeconds(5),
			false);

	private static final StackTraceRequest FULL = FAST.withMode(DetailMode.FULL);

	private final TestThreads threads = new TestThreads();

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void methodSaysWhetherMonitorsAreAskedFor() {
		assertThat(new BulkCaptureStrategy(false).method()).isEqualTo("thread_mx_bean_chunked");
		assertThat(new BulkCaptureStrategy(true).method()).isEqualTo("thread_mx_bean_chunked_locked_monitors");
	}

	@Test
	void captureWithLockedMonitorsGivesLockDetails() throws Exception {
		Object monitor = new Object();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.threads.closeOnStop(release::countDown);
		Thread holder = this.threads.start("bulk-holder",
				() -> TestThreads.holdMonitorAndAwait(monitor, holding, release));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		Thread blocked = this.threads.start("bulk-blocked", () -> TestThreads.enter(monitor));
		TestThreads.awaitState(holder, Thread.State.WAITING);
		TestThreads.awaitState(blocked, Thread.State.BLOCKED);

		List<ThreadCapture> captures = new BulkCaptureStrategy(true).capture(targets(holder, blocked), FULL,
				farDeadline());
		ThreadLocks held = captures.get(0).locks();
		assertThat(held).isNotNull();
		assertThat(held.held()).singleElement().satisfies((heldMonitor) -> {
			assertThat(heldMonitor.lock())
				.isEqualTo(new LockRef(Object.class.getName(), System.identityHashCode(monitor)));
			assertThat(captures.get(0).frames().get(heldMonitor.stackDepth()).getMethodName())
				.isEqualTo("holdMonitorAndAwait");
		});
		assertThat(held.waitingFor()).isNotNull();
		assertThat(held.waitingFor().className()).isEqualTo("java.util.concurrent.CountDownLatch$Sync");
		assertThat(captures.get(0).counters()).isNotNull();
		assertThat(captures.get(0).counters().daemon()).isTrue();
		ThreadLocks waiting = captures.get(1).locks();
		assertThat(waiting).isNotNull();
		assertThat(captures.get(1).state()).isEqualTo(Thread.State.BLOCKED);
		assertThat(waiting.waitingFor()).isEqualTo(new LockRef(Object.class.getName(), System.identityHashCode(monitor)));
		assertThat(waiting.ownerId()).isEqualTo(TestThreads.id(holder));
		assertThat(waiting.ownerName()).isEqualTo("bulk-holder");
		assertThat(waiting.held()).isEmpty();
	}

	@Test
	void captureWithoutLockedMonitorsListsNoHeldMonitors() throws Exception {
		Object monitor = new Object();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.threads.closeOnStop(release::countDown);
		Thread holder = this.threads.start("bulk-plain-holder",
				() -> TestThreads.holdMonitorAndAwait(monitor, holding, release));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		TestThreads.awaitState(holder, Thread.State.WAITING);
		BulkCaptureStrategy strategy = new BulkCaptureStrategy(false);
		ThreadCapture full = strategy.capture(targets(holder), FULL, farDeadline()).get(0);
		assertThat(full.locks()).isNotNull();
		assertThat(full.locks().held()).isEmpty();
		ThreadCapture fast = strategy.capture(targets(holder), FAST, farDeadline()).get(0);
		assertThat(fast.status()).isEqualTo(CaptureStatus.OK);
		assertThat(fast.locks()).isNull();
		assertThat(fast.counters()).isNull();
		assertThat(fast.frames()).anyMatch((frame) -> frame.getMethodName().equals("holdMonitorAndAwait"));
	}

	@Test
	void captureWithSpentBudgetReportsEveryTargetTimedOut() throws Exception {
		Thread parked = this.threads.startParked("bulk-budget");
		List<ThreadCapture> captures = new BulkCaptureStrategy(false).capture(targets(parked), FAST,
				System.nanoTime() - 1);
		assertThat(captures).singleElement().satisfies((capture) -> {
			assertThat(capture.status()).isEqualTo(CaptureStatus.TIMEOUT);
			assertThat(capture.timeoutReason()).isEqualTo(TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
			assertThat(capture.name()).isEqualTo("bulk-budget");
		});
	}

	@Test
	void captureThatOutlastsThePerThreadTimeoutReportsBulkCaptureTimeout() throws Exception {
		Thread parked = this.threads.startParked("bulk-slow");
		CountDownLatch release = new CountDownLatch(1);
		try {
			BulkCaptureStrategy strategy = new BulkCaptureStrategy(stalling(release), false);
			StackTraceRequest request = new StackTraceRequest(null, DetailMode.FAST, Duration.ofMillis(50), false);
			List<ThreadCapture> captures = strategy.capture(targets(parked), request, farDeadline());
			assertThat(captures).singleElement().satisfies((capture) -> {
				assertThat(capture.status()).isEqualTo(CaptureStatus.TIMEOUT);
				assertThat(capture.timeoutReason()).isEqualTo(TimeoutReason.BULK_CAPTURE_TIMEOUT);
			});
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void captureThatOutlastsTheRequestBudgetReportsBudgetExhausted() throws Exception {
		Thread parked = this.threads.startParked("bulk-slow-budget");
		CountDownLatch release = new CountDownLatch(1);
		try {
			BulkCaptureStrategy strategy = new BulkCaptureStrategy(stalling(release), false);
			long deadline = System.nanoTime() + Duration.ofMillis(50).toNanos();
			List<ThreadCapture> captures = strategy.capture(targets(parked), FAST, deadline);
			assertThat(captures).singleElement()
				.satisfies((capture) -> assertThat(capture.timeoutReason()).isEqualTo(TimeoutReason.REQUEST_BUDGET_EXHAUSTED));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void captureWhenTheJvmFailsThrowsCaptureFailedException() throws Exception {
		Thread parked = this.threads.startParked("bulk-failing");
		SecurityException failure = new SecurityException("denied");
		ThreadMXBean failing = proxy((method, args) -> {
			throw failure;
		});
		assertThatExceptionOfType(CaptureFailedException.class)
			.isThrownBy(() -> new BulkCaptureStrategy(failing, false).capture(targets(parked), FAST, farDeadline()))
			.withCause(failure);
	}

	private static ThreadMXBean stalling(CountDownLatch release) {
		return proxy((method, args) -> {
			release.await();
			return new ThreadInfo[((long[]) args[0]).length];
		});
	}

	private static ThreadMXBean proxy(Answer answer) {
		ThreadMXBean real = ManagementFactory.getThreadMXBean();
		return (ThreadMXBean) Proxy.newProxyInstance(BulkCaptureStrategyTests.class.getClassLoader(),
				new Class<?>[] { ThreadMXBean.class }, (instance, method, args) -> {
					if (method.getName().equals("getThreadInfo")) {
						return answer.answer(method.getName(), args);
					}
					try {
						return method.invoke(real, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	@FunctionalInterface
	private interface Answer {

		Object answer(String method, Object[] args) throws Throwable;

	}

}
