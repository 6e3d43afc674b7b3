package io.github.stacktrace;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.test.TestThreads;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the capture service tests share: a thread parked in a known method at a known line, requests, and finding a
 * thread in a report.
 */
final class CaptureFixtures {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	/** What {@link #parkedMarkerMethod(CountDownLatch)} parks on. */
	static final Object PARK_BLOCKER = new ParkBlocker();

	private static volatile int parkedMarkerLine;

	private CaptureFixtures() {
	}

	/**
	 * Starts a thread that parks in {@link #parkedMarkerMethod(CountDownLatch)} and returns once it waits there.
	 */
	static Thread startParkedMarker(TestThreads threads, String name) throws InterruptedException {
		CountDownLatch parked = new CountDownLatch(1);
		Thread marker = threads.start(name, () -> parkedMarkerMethod(parked));
		assertThat(parked.await(10, TimeUnit.SECONDS)).isTrue();
		TestThreads.awaitState(marker, Thread.State.WAITING);
		return marker;
	}

	static void parkedMarkerMethod(CountDownLatch parked) {
		parked.countDown();
		while (!Thread.currentThread().isInterrupted()) {
			parkedMarkerLine = new Throwable().getStackTrace()[0].getLineNumber() + 1;
			LockSupport.park(PARK_BLOCKER);
		}
	}

	/** The line a parked marker thread waits at in {@link #parkedMarkerMethod(CountDownLatch)}. */
	static int parkedMarkerLine() {
		return parkedMarkerLine;
	}

	static StackTraceRequest request(DetailMode mode, @Nullable List<Long> ids) {
		return new StackTraceRequest(ids, mode, TIMEOUT, false);
	}

	static ThreadCapture captureOf(StackTraceReport report, Thread thread) {
		long id = TestThreads.id(thread);
		return report.threads().stream().filter((capture) -> capture.id() == id).findFirst().orElseThrow();
	}

	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class ParkBlocker {

	}

}
