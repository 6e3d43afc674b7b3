package io.github.stacktrace.hot;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the snapshots spread over the window: the threads change what they do at each snapshot instant, driven by
 * the sampler's seam after each snapshot taken within the window, so no assertion depends on timing.
 */
class HotThreadsSnapshotsTests {

	private static final ThreadFilter TEST_THREADS = new ThreadFilter(Set.of(), "hot-spread-*");

	private final TestThreads threads = new TestThreads();

	private final AtomicBoolean stop = new AtomicBoolean();

	private final RequestContextRegistry requests = new RequestContextRegistry();

	@AfterEach
	void stopThreads() throws Exception {
		this.stop.set(true);
		this.threads.stopAll();
	}

	@Test
	void threadBusyTheWholeWindowHasOneSnapshotFromEachInstant() throws Exception {
		AtomicInteger depth = new AtomicInteger();
		AtomicInteger reached = new AtomicInteger(-1);
		this.threads.start("hot-spread-busy", () -> {
			while (!this.stop.get()) {
				int target = depth.get();
				spinAtDepth(target, target, depth, reached);
			}
		});
		await().atMost(Duration.ofSeconds(20)).until(() -> reached.get() == 0);
		// After the snapshot of instant n the thread goes one call deeper: each snapshot shows when it was taken.
		HotThreadsReport report = sample(request(1, 5, true), (round) -> {
			depth.set(round);
			await().atMost(Duration.ofSeconds(20)).until(() -> reached.get() == round);
		});
		HotThread busy = report.threads().get(0);
		assertThat(busy.name()).isEqualTo("hot-spread-busy");
		assertThat(busy.snapshotsTaken()).isEqualTo(5);
		assertThat(busy.stacks()).hasSize(5).allSatisfy((group) -> assertThat(group.count()).isEqualTo(1));
		assertThat(busy.stacks()).extracting(HotThreadsSnapshotsTests::depthOf).containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void threadsEndingOrStartingMidWindowAreCountedHonestly() throws Exception {
		CountDownLatch steadyRunning = new CountDownLatch(1);
		CountDownLatch endingRunning = new CountDownLatch(1);
		AtomicBoolean endNow = new AtomicBoolean();
		this.threads.start("hot-spread-steady", () -> spinUntil(this.stop, steadyRunning));
		Thread ending = this.threads.start("hot-spread-ending", () -> spinUntil(endNow, endingRunning));
		assertThat(steadyRunning.await(20, TimeUnit.SECONDS)).isTrue();
		assertThat(endingRunning.await(20, TimeUnit.SECONDS)).isTrue();
		CountDownLatch lateRunning = new CountDownLatch(1);
		HotThreadsReport report = sample(request(3, 4, false), (round) -> {
			if (round == 1) {
				endNow.set(true);
				join(ending);
				this.threads.start("hot-spread-late", () -> spinUntil(this.stop, lateRunning));
				await().atMost(Duration.ofSeconds(20)).until(() -> lateRunning.getCount() == 0);
			}
		});
		Map<String, HotThread> shown = report.threads().stream()
			.collect(Collectors.toMap(HotThread::name, Function.identity()));
		assertThat(shown).containsOnlyKeys("hot-spread-steady", "hot-spread-late");
		assertThat(shown.get("hot-spread-steady").snapshotsTaken()).isEqualTo(4);
		// Started after the first instant, it is not read again until the window's end: one snapshot, the last.
		assertThat(shown.get("hot-spread-late").snapshotsTaken()).isEqualTo(1);
		assertThat(report.threads()).allSatisfy((thread) -> assertThat(
				thread.stacks().stream().mapToInt(SnapshotGroup::count).sum()).isEqualTo(thread.snapshotsTaken()));
	}

	@Test
	void threadThatStartsBurningAfterTheFirstInstantStillRanksFirst() throws Exception {
		// More idle threads than the later instants follow, all started before the one that will burn.
		for (int i = 0; i <= HotThreadsSampler.FOLLOWED_BEYOND_LEADERS; i++) {
			this.threads.startParked("hot-spread-parked-" + i);
		}
		CountDownLatch go = new CountDownLatch(1);
		CountDownLatch burning = new CountDownLatch(1);
		this.threads.start("hot-spread-burner", () -> {
			try {
				go.await();
			}
			catch (InterruptedException ex) {
				return;
			}
			spinUntil(this.stop, burning);
		});
		HotThreadsReport report = sample(request(1, 5, false), (round) -> {
			if (round == 1) {
				go.countDown();
				await().atMost(Duration.ofSeconds(20)).until(() -> burning.getCount() == 0);
			}
		});
		HotThread first = report.threads().get(0);
		assertThat(first.name()).isEqualTo("hot-spread-burner");
		assertThat(first.value()).isPositive();
		assertThat(first.snapshotsTaken()).isBetween(1, 5);
		assertThat(first.stacks().stream().mapToInt(SnapshotGroup::count).sum()).isEqualTo(first.snapshotsTaken());
		assertThat(report.measuredThreads()).isGreaterThan(HotThreadsSampler.FOLLOWED_BEYOND_LEADERS + 1);
	}

	@Test
	void laterInstantsFollowTheLeadersOfTheFirstWhateverTheirState() {
		Thread[] threads = new Thread[5];
		long[] ids = new long[5];
		for (int i = 0; i < threads.length; i++) {
			threads[i] = new Thread(() -> {
			}, (i == 3) ? "other-" + i : "hot-spread-" + i);
			ids[i] = TestThreads.id(threads[i]);
		}
		Followed all = new Followed(threads, ids, new long[] { 0, 10, 0, 0, 5 });
		// Not started: NEW, which a state filter for RUNNABLE threads would leave out at this instant.
		ThreadFilter filter = new ThreadFilter(Set.of(Thread.State.RUNNABLE), "hot-spread-*");
		Followed followed = all.narrowTo(new long[] { 100, 20, -1, 900, 50 }, 2, filter);
		// Deltas 100, 10, ended, filtered out by name, 45: the two largest.
		assertThat(followed.threads()).containsExactly(threads[0], threads[4]);
		assertThat(followed.ids()).containsExactly(ids[0], ids[4]);
		assertThat(followed.startValues()).containsExactly(0, 5);
		assertThat(all.narrowTo(new long[5], 5, filter)).isSameAs(all);
	}

	@Test
	void shownThreadsNameTheRequestTheyServeAtTheWindowsEndOnly() throws Exception {
		CountDownLatch serving = new CountDownLatch(2);
		CountDownLatch ended = new CountDownLatch(1);
		AtomicBoolean endNow = new AtomicBoolean();
		this.threads.start("hot-spread-serving", () -> {
			RequestContextSlot slot = this.requests.slot();
			slot.begin("GET", System.nanoTime() - TimeUnit.SECONDS.toNanos(5), "/orders/{id}", null);
			try {
				spinUntil(this.stop, serving);
			}
			finally {
				slot.end();
			}
		});
		this.threads.start("hot-spread-ending", () -> {
			RequestContextSlot slot = this.requests.slot();
			slot.begin("POST", System.nanoTime(), "/payments", null);
			spinUntil(endNow, serving);
			slot.end();
			// Still busy, serving nothing: the request it served within the window is not what it does at the end.
			spinUntil(this.stop, ended);
		});
		assertThat(serving.await(20, TimeUnit.SECONDS)).isTrue();
		HotThreadsReport report = sample(request(2, 3, false), (round) -> {
			if (round == 1) {
				endNow.set(true);
				await().atMost(Duration.ofSeconds(20)).until(() -> ended.getCount() == 0);
			}
		});
		Map<String, HotThread> shown = report.threads().stream()
			.collect(Collectors.toMap(HotThread::name, Function.identity()));
		assertThat(shown).containsOnlyKeys("hot-spread-serving", "hot-spread-ending");
		HotThread busy = shown.get("hot-spread-serving");
		assertThat(busy.request()).isNotNull();
		assertThat(busy.request().description()).isEqualTo("GET /orders/{id}");
		assertThat(busy.request().elapsed()).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
		assertThat(shown.get("hot-spread-ending").request()).isNull();
	}

	private HotThreadsReport sample(HotThreadsRequest request, IntConsumer afterRound) throws InterruptedException {
		HotThreadsSampler sampler = new HotThreadsSampler(ManagementFactory.getThreadMXBean(),
				ManagementFactory.getOperatingSystemMXBean(), NativeTasks.ofThisProcess(), this.requests, afterRound);
		long started = System.nanoTime();
		return sampler.sample(request, started, started + TimeUnit.SECONDS.toNanos(60));
	}

	private static HotThreadsRequest request(int threads, int snapshots, boolean ignoreIdle) {
		return new HotThreadsRequest(HotThreadsType.CPU, threads, Duration.ofMillis(200), snapshots, ignoreIdle,
				DetailMode.FAST, TEST_THREADS);
	}

	private static int depthOf(SnapshotGroup group) {
		return (int) group.frames().stream().filter((frame) -> frame.getMethodName().equals("spinAtDepth")).count();
	}

	private void spinAtDepth(int remaining, int target, AtomicInteger depth, AtomicInteger reached) {
		if (remaining > 0) {
			spinAtDepth(remaining - 1, target, depth, reached);
			return;
		}
		// At the depth asked for when the call started: a change meanwhile makes the caller start again.
		reached.set(target);
		while (depth.get() == target && !this.stop.get()) {
			Thread.onSpinWait();
		}
	}

	private static void spinUntil(AtomicBoolean flag, CountDownLatch running) {
		running.countDown();
		while (!flag.get()) {
			Thread.onSpinWait();
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(TimeUnit.SECONDS.toMillis(20));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		assertThat(thread.isAlive()).isFalse();
	}

}
