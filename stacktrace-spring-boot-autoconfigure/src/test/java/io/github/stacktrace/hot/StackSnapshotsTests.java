package io.github.stacktrace.hot;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.stacktrace.capture.ChunkSizer;
import io.github.stacktrace.capture.ThreadInfoChunks;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.hot.StackSnapshots.Snapshot;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.SnapshotGroup;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.test.TestThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the snapshots' safepoint path (Java 17 to 20): every {@code getThreadInfo} call a hot-threads request
 * makes is a chunk no larger than the capture's sizer allows. Run on every JDK: the path is chosen by the test, and
 * the calls are recorded by a {@link ThreadMXBean} that passes them on to the real one.
 */
class StackSnapshotsTests {

	private final TestThreads threads = new TestThreads();

	// The ids of every stack-taking getThreadInfo call, in order.
	private final List<long[]> calls = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void snapshotOfManyThreadsIsTakenInChunksTheSizerChoosesOneSafepointEach() throws Exception {
		List<Thread> parked = parked("snap-chunks-", 10);
		StackSnapshots snapshots = new StackSnapshots(new ThreadInfoChunks(recording(), ChunkSizer.firstThen(4, 3)),
				false);

		Snapshot[] first = snapshots.take(parked);
		// The next instant goes on with the request's sizing: its first chunk is not the request's first.
		Snapshot[] second = snapshots.take(parked.subList(0, 5));

		assertThat(this.calls).extracting((ids) -> ids.length).containsExactly(4, 3, 3, 3, 2);
		long[] ids = parked.stream().mapToLong(TestThreads::id).toArray();
		assertThat(this.calls.subList(0, 3).stream().flatMapToLong(Arrays::stream).toArray()).containsExactly(ids);
		assertThat(snapshots.safepointPauses()).isEqualTo(5);
		assertThat(first).hasSize(10).allSatisfy((snapshot) -> {
			assertThat(snapshot).isNotNull();
			assertThat(snapshot.state()).isEqualTo(Thread.State.WAITING);
			assertThat(snapshot.frames()).isNotEmpty();
		});
		assertThat(second).hasSize(5).doesNotContainNull();
	}

	@Test
	void firstChunkOfAFreshAdaptiveSizerTakesWhatTheAssumedCostsAllowAndNoChunkGrowsPastTwice() throws Exception {
		List<Thread> parked = parked("snap-adaptive-", 100);
		StackSnapshots snapshots = new StackSnapshots(
				new ThreadInfoChunks(recording(), ChunkSizer.adaptive(Duration.ofMillis(5))), false);

		snapshots.take(parked);
		snapshots.take(parked);

		// At the assumed 0.5 ms per call and 75 us per thread, 70% of 5 ms holds 40 threads.
		assertThat(this.calls.get(0)).hasSize(40);
		for (int i = 1; i < this.calls.size(); i++) {
			assertThat(this.calls.get(i).length).isLessThanOrEqualTo(Math.max(16, 2 * this.calls.get(i - 1).length));
		}
		assertThat(this.calls.stream().mapToInt((ids) -> ids.length).sum()).isEqualTo(200);
		assertThat(snapshots.safepointPauses()).isEqualTo(this.calls.size());
	}

	@Test
	void handshakePathMakesNoSafepointCall() throws Exception {
		List<Thread> parked = parked("snap-handshake-", 3);
		StackSnapshots snapshots = new StackSnapshots(new ThreadInfoChunks(recording(), ChunkSizer.fixed(1)), true);

		assertThat(snapshots.take(parked)).doesNotContainNull();
		assertThat(this.calls).isEmpty();
		assertThat(snapshots.safepointPauses()).isZero();
		assertThat(StackSnapshots.method(true)).isEqualTo("thread_get_stack_trace_per_thread");
		assertThat(StackSnapshots.method(false)).isEqualTo("thread_mx_bean_chunked");
	}

	@Test
	void everySafepointOfAHotThreadsRequestIsAChunkNoLargerThanTheSizerAllows() throws Exception {
		parked("snap-request-", 30);
		HotThreadsSampler sampler = new HotThreadsSampler(ManagementFactory.getThreadMXBean(),
				ManagementFactory.getOperatingSystemMXBean(), NativeTasks.ofThisProcess(), new RequestContextRegistry(),
				new ThreadInfoChunks(recording(), ChunkSizer.fixed(5)), false, (round) -> {
				});
		// 8 threads: 16 leaders at each of the 3 instants within the window, then the 8 shown at its end.
		HotThreadsRequest request = new HotThreadsRequest(HotThreadsType.CPU, 8, Duration.ofMillis(40), 4, false,
				DetailMode.FAST, new ThreadFilter(Set.of(), "snap-request-*"));
		long started = System.nanoTime();
		HotThreadsReport report = sampler.sample(request, started, started + TimeUnit.SECONDS.toNanos(60));

		assertThat(this.calls).isNotEmpty().allSatisfy((ids) -> assertThat(ids.length).isBetween(1, 5));
		assertThat(this.calls.stream().mapToInt((ids) -> ids.length).sum()).isEqualTo(3 * 16 + 8);
		assertThat(report.safepointPauses()).isEqualTo(this.calls.size());
		assertThat(report.snapshotMethod()).isEqualTo("thread_mx_bean_chunked");
		assertThat(report.threads()).hasSize(8).allSatisfy((thread) -> {
			assertThat(thread.snapshotsTaken()).isBetween(1, 4);
			assertThat(thread.stacks().stream().mapToInt(SnapshotGroup::count).sum())
				.isEqualTo(thread.snapshotsTaken());
		});
	}

	private List<Thread> parked(String prefix, int count) throws InterruptedException {
		List<Thread> parked = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			parked.add(this.threads.startParked(prefix + i));
		}
		return parked;
	}

	/** The JVM's thread bean, recording the ids of each call that takes stacks. */
	private ThreadMXBean recording() {
		ThreadMXBean real = ManagementFactory.getThreadMXBean();
		return (ThreadMXBean) Proxy.newProxyInstance(StackSnapshotsTests.class.getClassLoader(),
				new Class<?>[] { ThreadMXBean.class }, (instance, method, args) -> {
					if (method.getName().equals("getThreadInfo") && args.length == 4) {
						this.calls.add(((long[]) args[0]).clone());
					}
					try {
						return method.invoke(real, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
