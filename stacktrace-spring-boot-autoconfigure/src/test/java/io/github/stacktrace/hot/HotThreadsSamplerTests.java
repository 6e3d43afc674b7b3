package io.github.stacktrace.hot;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.SnapshotGroup;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link HotThreadsSampler}: rankings by each measure, idle threads, snapshot grouping, threads that come
 * and go during the window, and JVM-internal threads. No assertion on an absolute percentage: only on ranks and
 * counts.
 */
class HotThreadsSamplerTests {

	private static final Duration WINDOW = Duration.ofMillis(200);

	private final TestThreads threads = new TestThreads();

	private final AtomicBoolean stop = new AtomicBoolean();

	private final HotThreadsSampler sampler = new HotThreadsSampler();

	@AfterEach
	void stopThreads() throws Exception {
		this.stop.set(true);
		this.threads.stopAll();
	}

	@Test
	void spinningThreadRanksFirstByCpu() throws Exception {
		Thread spinner = startSpinner("hot-spinner");
		this.threads.startParked("hot-parked");
		// This test's threads only: on a loaded machine the JIT compiler may outrun the spinner.
		ThreadFilter testThreads = new ThreadFilter(java.util.Set.of(), "hot-*");
		HotThreadsReport report = sample(request(HotThreadsType.CPU, 1, 5, true, testThreads));
		HotThread first = report.threads().get(0);
		assertThat(first.name()).isEqualTo("hot-spinner");
		assertThat(first.id()).isEqualTo(TestThreads.id(spinner));
		assertThat(first.value()).isPositive();
		assertThat(first.snapshotsTaken()).isEqualTo(5);
		assertThat(first.stacks()).isNotEmpty();
		assertThat(first.stacks().stream().mapToInt(SnapshotGroup::count).sum()).isEqualTo(5);
		assertThat(report.measuredThreads()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void allocatingThreadRanksFirstByAlloc() throws Exception {
		AtomicLong sink = new AtomicLong();
		CountDownLatch running = new CountDownLatch(1);
		this.threads.start("hot-allocator", () -> {
			running.countDown();
			while (!this.stop.get()) {
				byte[] garbage = new byte[64 * 1024];
				sink.addAndGet(garbage.length + garbage[garbage.length / 2]);
			}
		});
		startSpinner("hot-spinner");
		assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
		HotThreadsReport report = sample(request(HotThreadsType.ALLOC, 1, 2, true, ThreadFilter.NONE));
		assertThat(firstJavaThread(report).name()).isEqualTo("hot-allocator");
		assertThat(report.totalValue()).isGreaterThanOrEqualTo(firstJavaThread(report).value());
	}

	@Test
	void monitorContenderRanksFirstByBlockAndContentionMonitoringIsRestored() throws Exception {
		ThreadMXBean mx = ManagementFactory.getThreadMXBean();
		boolean monitoringBefore = mx.isThreadContentionMonitoringEnabled();
		Object monitor = new Object();
		CountDownLatch holding = new CountDownLatch(1);
		// The holder keeps the monitor most of the time, parked inside it, so it is never blocked itself; the
		// contender keeps asking for it, so it is blocked again and again during the window, whenever that starts.
		this.threads.start("hot-holder", () -> {
			while (!this.stop.get()) {
				synchronized (monitor) {
					holding.countDown();
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		});
		assertThat(holding.await(20, TimeUnit.SECONDS)).isTrue();
		this.threads.start("hot-contender", () -> {
			while (!this.stop.get()) {
				TestThreads.enter(monitor);
			}
		});
		HotThreadsReport report = sample(request(HotThreadsType.BLOCK, 1, 2, true, ThreadFilter.NONE));
		assertThat(firstJavaThread(report).name()).isEqualTo("hot-contender");
		assertThat(mx.isThreadContentionMonitoringEnabled()).isEqualTo(monitoringBefore);
		if (!monitoringBefore) {
			assertThat(report.notices()).anySatisfy((notice) -> assertThat(notice).contains("window"));
		}
	}

	@Test
	void idlePoolThreadsAreLeftOutWhenIgnoringIdleAndShownOtherwise() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(2, (task) -> new Thread(task, "hot-idle-pool"));
		try {
			CountDownLatch ran = new CountDownLatch(2);
			pool.execute(ran::countDown);
			pool.execute(ran::countDown);
			assertThat(ran.await(20, TimeUnit.SECONDS)).isTrue();
			ThreadFilter poolOnly = new ThreadFilter(java.util.Set.of(), "hot-idle-pool");
			HotThreadsReport ignoring = sample(request(HotThreadsType.CPU, 5, 2, true, poolOnly));
			assertThat(ignoring.threads()).isEmpty();
			HotThreadsReport showing = sample(request(HotThreadsType.CPU, 5, 2, false, poolOnly));
			assertThat(showing.threads()).isNotEmpty()
				.allSatisfy((thread) -> assertThat(thread.name()).isEqualTo("hot-idle-pool"));
			assertThat(showing.threads().get(0).stacks().get(0).frames())
				.anySatisfy((frame) -> assertThat(frame.getMethodName()).isEqualTo("getTask"));
		}
		finally {
			pool.shutdownNow();
			assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void parkedThreadSnapshotsShareOneStack() throws Exception {
		this.threads.startParked("hot-parked-one");
		ThreadFilter parkedOnly = new ThreadFilter(java.util.Set.of(), "hot-parked-one");
		HotThreadsReport report = sample(request(HotThreadsType.CPU, 1, 4, false, parkedOnly));
		HotThread parked = firstJavaThread(report);
		assertThat(parked.snapshotsTaken()).isEqualTo(4);
		assertThat(parked.stacks()).singleElement().satisfies((group) -> assertThat(group.count()).isEqualTo(4));
		assertThat(parked.state()).isEqualTo(Thread.State.WAITING);
		// Not runnable: the same stack over and over is a wait, not a loop.
		assertThat(parked.isSameStack()).isFalse();
	}

	@Test
	void spinningThreadWithOneStackIsMarkedSameStack() throws Exception {
		CountDownLatch running = new CountDownLatch(1);
		this.threads.start("hot-looper", () -> {
			running.countDown();
			loopWithoutCalls();
		});
		assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
		ThreadFilter looperOnly = new ThreadFilter(java.util.Set.of(), "hot-looper");
		HotThreadsReport report = sample(request(HotThreadsType.CPU, 1, 3, true, looperOnly));
		HotThread looper = firstJavaThread(report);
		assertThat(looper.stacks()).hasSize(1);
		assertThat(looper.state()).isEqualTo(Thread.State.RUNNABLE);
		assertThat(looper.isSameStack()).isTrue();
	}

	@Test
	void threadsStartingAndEndingDuringTheWindowAreNoError() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		AtomicLong spawned = new AtomicLong();
		this.threads.start("hot-spawner", () -> {
			started.countDown();
			while (!this.stop.get()) {
				Thread child = new Thread(() -> spinFor(TimeUnit.MILLISECONDS.toNanos(2)), "hot-short-lived");
				child.start();
				spawned.incrementAndGet();
				try {
					child.join();
				}
				catch (InterruptedException ex) {
					return;
				}
			}
		});
		assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
		long before = spawned.get();
		HotThreadsReport report = sample(request(HotThreadsType.CPU, 20, 3, false, ThreadFilter.NONE));
		assertThat(spawned.get()).isGreaterThan(before);
		assertThat(report.threads()).isNotEmpty();
		assertThat(report.threads()).allSatisfy((thread) -> assertThat(thread.snapshotsTaken())
			.isLessThanOrEqualTo(3));
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void busyJvmInternalThreadIsRankedOnLinux() throws Exception {
		CountDownLatch collecting = new CountDownLatch(1);
		this.threads.start("hot-gc-loop", () -> {
			collecting.countDown();
			while (!this.stop.get()) {
				System.gc();
			}
		});
		assertThat(collecting.await(20, TimeUnit.SECONDS)).isTrue();
		// On a loaded machine one short window can be won by a compiler thread or by other tests' threads: sample
		// again until the collector's threads have had the CPU for a window.
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			HotThreadsReport report = sample(request(HotThreadsType.CPU, 50, 1, true, ThreadFilter.NONE));
			assertThat(report.jvmThreadsMeasured()).isTrue();
			// A full collection runs in the VM thread (serial collector) or in GC worker threads (the others).
			assertThat(report.threads()).filteredOn(HotThread::isJvmInternal)
				.anySatisfy((thread) -> {
					assertThat(thread.name()).matches("VM Thread|GC Thread#\\d+|G1 .*|Z.*|Shenandoah.*");
					assertThat(thread.value()).isPositive();
					assertThat(thread.nativeId()).isPositive();
				});
		});
	}

	private Thread startSpinner(String name) throws InterruptedException {
		CountDownLatch running = new CountDownLatch(1);
		Thread spinner = this.threads.start(name, () -> {
			running.countDown();
			while (!this.stop.get()) {
				spinFor(TimeUnit.MILLISECONDS.toNanos(1));
			}
		});
		assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
		return spinner;
	}

	private void loopWithoutCalls() {
		long value = 17;
		while (!this.stop.get()) {
			value = value * 31 + (value >>> 7);
		}
		assertThat(value).isNotNull();
	}

	private static void spinFor(long nanos) {
		long end = System.nanoTime() + nanos;
		while (System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
	}

	private HotThreadsReport sample(HotThreadsRequest request) throws InterruptedException {
		long started = System.nanoTime();
		return this.sampler.sample(request, started, started + TimeUnit.SECONDS.toNanos(30));
	}

	private static HotThreadsRequest request(HotThreadsType type, int threads, int snapshots, boolean ignoreIdle,
			ThreadFilter filter) {
		return new HotThreadsRequest(type, threads, WINDOW, snapshots, ignoreIdle, DetailMode.FAST, filter);
	}

	private static HotThread firstJavaThread(HotThreadsReport report) {
		List<HotThread> java = new ArrayList<>(report.threads());
		java.removeIf(HotThread::isJvmInternal);
		assertThat(java).as("Java threads in %s", report.threads()).isNotEmpty();
		return java.get(0);
	}

}
