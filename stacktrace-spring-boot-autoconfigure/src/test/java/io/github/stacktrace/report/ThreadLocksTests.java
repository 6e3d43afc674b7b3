package io.github.stacktrace.report;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.report.ThreadLocks.LockRef;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ThreadLocks}.
 */
class ThreadLocksTests {

	private final TestThreads threads = new TestThreads();

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void ofReadsTheMonitorsHeldAndTheLockWaitedForWithItsOwner() throws Exception {
		Object monitor = new Object();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.threads.closeOnStop(release::countDown);
		Thread holder = this.threads.start("locks-holder",
				() -> TestThreads.holdMonitorAndAwait(monitor, holding, release));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		Thread blocked = this.threads.start("locks-blocked", () -> TestThreads.enter(monitor));
		TestThreads.awaitState(holder, Thread.State.WAITING);
		TestThreads.awaitState(blocked, Thread.State.BLOCKED);
		ThreadInfo[] infos = ManagementFactory.getThreadMXBean()
			.getThreadInfo(new long[] { TestThreads.id(holder), TestThreads.id(blocked) }, true, false);
		LockRef lock = new LockRef(Object.class.getName(), System.identityHashCode(monitor));

		ThreadLocks held = ThreadLocks.of(infos[0]);
		assertThat(held.held()).singleElement().satisfies((heldMonitor) -> {
			assertThat(heldMonitor.lock()).isEqualTo(lock);
			assertThat(infos[0].getStackTrace()[heldMonitor.stackDepth()].getMethodName())
				.isEqualTo("holdMonitorAndAwait");
		});
		assertThat(held.waitingFor()).isNotNull();
		assertThat(held.waitingFor().className()).isEqualTo("java.util.concurrent.CountDownLatch$Sync");
		ThreadLocks waiting = ThreadLocks.of(infos[1]);
		assertThat(waiting).isEqualTo(new ThreadLocks(lock, TestThreads.id(holder), "locks-holder",
				List.of()));
	}

	@Test
	void ofWithoutAnyLockIsNone() throws Exception {
		Thread parked = this.threads.startParked("locks-parked");
		ThreadInfo info = ManagementFactory.getThreadMXBean()
			.getThreadInfo(new long[] { TestThreads.id(parked) }, true, false)[0];

		assertThat(ThreadLocks.of(info)).isEqualTo(ThreadLocks.NONE);
	}

}
