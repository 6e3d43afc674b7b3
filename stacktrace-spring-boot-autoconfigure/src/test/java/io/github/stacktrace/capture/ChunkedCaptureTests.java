package io.github.stacktrace.capture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.LockRef;
import io.github.stacktrace.report.TimeoutReason;
import io.github.stacktrace.test.TestThreads;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.github.stacktrace.capture.PerThreadCaptureStrategyTests.farDeadline;
import static io.github.stacktrace.capture.PerThreadCaptureStrategyTests.targets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for the chunked bulk capture: chunk sizes, a chunk as the unit that times out, locks and deadlocks across
 * chunks, and the deadlock search asked for only when it can find something.
 */
class ChunkedCaptureTests {

	private static final StackTraceRequest FAST = new StackTraceRequest(null, DetailMode.FAST, Duration.ofSeconds(5),
			false);

	private static final StackTraceRequest FULL = FAST.withMode(DetailMode.FULL);

	private final TestThreads threads = new TestThreads();

	@AfterEach
	void stopThreads() throws Exception {
		this.threads.stopAll();
	}

	@Test
	void chunksCoverEveryThreadOnceInOrder() throws Exception {
		List<Thread> parked = parked("chunk-order-", 8);
		List<long[]> calls = new CopyOnWriteArrayList<>();
		ThreadMXBean recording = proxy((real, method, args) -> {
			if (method.equals("getThreadInfo")) {
				calls.add(((long[]) args[0]).clone());
			}
			return null;
		});
		BulkCaptureStrategy strategy = new BulkCaptureStrategy(recording, false, ChunkSizer.fixed(3), 8);
		SafepointPauses pauses = new SafepointPauses();
		List<ThreadCapture> captures = strategy.capture(targets(parked.toArray(Thread[]::new)), FAST, farDeadline(),
				pauses);

		long[] ids = parked.stream().mapToLong(TestThreads::id).toArray();
		assertThat(calls).extracting((call) -> call.length).containsExactly(3, 3, 2);
		assertThat(calls.stream().flatMapToLong(Arrays::stream).toArray()).containsExactly(ids);
		assertThat(captures).extracting(ThreadCapture::id).containsExactly(Arrays.stream(ids).boxed().toArray(Long[]::new));
		assertThat(captures).allSatisfy((capture) -> assertThat(capture.status()).isEqualTo(CaptureStatus.OK));
		assertThat(pauses.count()).isEqualTo(3);
	}

	@Test
	void threadInfoChunksOfTheCapturerFollowTheSizerOfItsChunkedCapture() throws Exception {
		List<Thread> parked = parked("chunk-shared-", 7);
		List<long[]> calls = new CopyOnWriteArrayList<>();
		ThreadMXBean recording = proxy((real, method, args) -> {
			if (method.equals("getThreadInfo")) {
				calls.add(((long[]) args[0]).clone());
			}
			return null;
		});
		StackTraceCapturer capturer = new StackTraceCapturer(8, ChunkSizer.fixed(3), recording, null);
		ThreadInfoChunks.Walk walk = capturer.threadInfoChunks().start();
		long[] ids = parked.stream().mapToLong(TestThreads::id).toArray();

		java.lang.management.ThreadInfo[] infos = walk.getThreadInfo(ids);

		assertThat(calls).extracting((call) -> call.length).containsExactly(3, 3, 1);
		assertThat(infos).extracting(java.lang.management.ThreadInfo::getThreadId)
			.containsExactly(Arrays.stream(ids).boxed().toArray(Long[]::new));
		assertThat(walk.safepointPauses()).isEqualTo(3);
	}

	@Test
	void adaptiveChunksCoverEveryThreadOnceInOrder() throws Exception {
		List<Thread> parked = parked("chunk-adaptive-", 40);
		List<long[]> calls = new CopyOnWriteArrayList<>();
		ThreadMXBean recording = proxy((real, method, args) -> {
			if (method.equals("getThreadInfo")) {
				calls.add(((long[]) args[0]).clone());
			}
			return null;
		});
		// 1 ms allows 2 threads at the assumed costs: the first chunk takes the fewest a chunk may take.
		BulkCaptureStrategy strategy = new BulkCaptureStrategy(recording, true,
				ChunkSizer.adaptive(Duration.ofMillis(1)), 8);
		List<ThreadCapture> captures = strategy.capture(targets(parked.toArray(Thread[]::new)), FULL, farDeadline());

		assertThat(calls.get(0)).hasSize(PauseModelSizer.MIN_CHUNK);
		assertThat(calls.stream().flatMapToLong(Arrays::stream).toArray())
			.containsExactly(parked.stream().mapToLong(TestThreads::id).toArray());
		assertThat(captures).extracting(ThreadCapture::name)
			.containsExactlyElementsOf(parked.stream().map(Thread::getName).toList());
	}

	@Test
	void aStallingChunkTimesOutOnlyItsOwnThreads() throws Exception {
		List<Thread> parked = parked("chunk-stall-", 6);
		long stallingId = TestThreads.id(parked.get(2));
		CountDownLatch release = new CountDownLatch(1);
		try {
			ThreadMXBean stallingOne = proxy((real, method, args) -> {
				if (method.equals("getThreadInfo") && Arrays.stream((long[]) args[0]).anyMatch((id) -> id == stallingId)) {
					release.await();
				}
				return null;
			});
			BulkCaptureStrategy strategy = new BulkCaptureStrategy(stallingOne, false, ChunkSizer.fixed(2), 8);
			StackTraceRequest request = new StackTraceRequest(null, DetailMode.FAST, Duration.ofMillis(50), false);
			List<ThreadCapture> captures = strategy.capture(targets(parked.toArray(Thread[]::new)), request,
					farDeadline());
			assertThat(captures).extracting(ThreadCapture::status)
				.containsExactly(CaptureStatus.OK, CaptureStatus.OK, CaptureStatus.TIMEOUT, CaptureStatus.TIMEOUT,
						CaptureStatus.OK, CaptureStatus.OK);
			assertThat(captures.subList(2, 4)).allSatisfy((capture) -> {
				assertThat(capture.timeoutReason()).isEqualTo(TimeoutReason.BULK_CAPTURE_TIMEOUT);
				assertThat(capture.name()).startsWith("chunk-stall-");
			});
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void oneCaptureThreadTakesEveryChunkOfARequest() throws Exception {
		List<Thread> parked = parked("chunk-walker-", 6);
		List<Thread> callers = new CopyOnWriteArrayList<>();
		ThreadMXBean recording = proxy((real, method, args) -> {
			if (method.equals("getThreadInfo")) {
				callers.add(Thread.currentThread());
			}
			return null;
		});
		BulkCaptureStrategy strategy = new BulkCaptureStrategy(recording, false, ChunkSizer.fixed(1), 8);
		strategy.capture(targets(parked.toArray(Thread[]::new)), FAST, farDeadline());

		// Handing each chunk to a thread and back costs, at thousands of threads, about what the chunk's call does.
		assertThat(callers).hasSize(6);
		assertThat(callers).containsOnly(callers.get(0));
		assertThat(callers.get(0)).isNotSameAs(Thread.currentThread());
		assertThat(CaptureThreads.isCaptureThread(callers.get(0))).isTrue();
	}

	@Test
	void theCaptureThreadOfAStalledChunkStopsAndItsLateAnswerIsDropped() throws Exception {
		List<Thread> parked = parked("chunk-late-", 4);
		long stallingId = TestThreads.id(parked.get(1));
		CountDownLatch release = new CountDownLatch(1);
		List<Thread> callers = new CopyOnWriteArrayList<>();
		AtomicInteger lateAnswers = new AtomicInteger();
		ThreadMXBean stallingOne = proxy((real, method, args) -> {
			if (method.equals("getThreadInfo")) {
				callers.add(Thread.currentThread());
				if (((long[]) args[0])[0] == stallingId) {
					release.await();
					lateAnswers.incrementAndGet();
				}
			}
			return null;
		});
		BulkCaptureStrategy strategy = new BulkCaptureStrategy(stallingOne, false, ChunkSizer.fixed(1), 8);
		// A chunk's bound counts from its capture thread's start: 1 s leaves a loaded machine room to start one.
		StackTraceRequest request = new StackTraceRequest(null, DetailMode.FAST, Duration.ofSeconds(1), false);
		List<ThreadCapture> captures = strategy.capture(targets(parked.toArray(Thread[]::new)), request,
				farDeadline());
		release.countDown();

		assertThat(captures).extracting(ThreadCapture::status)
			.containsExactly(CaptureStatus.OK, CaptureStatus.TIMEOUT, CaptureStatus.OK, CaptureStatus.OK);
		assertThat(captures.get(1).timeoutReason()).isEqualTo(TimeoutReason.BULK_CAPTURE_TIMEOUT);
		// The chunks after the stalled one went on on a new capture thread.
		assertThat(callers).hasSize(4);
		assertThat(callers.get(2)).isNotSameAs(callers.get(1)).isSameAs(callers.get(3));
		// Released, the stalled call answers; its thread takes no further chunk.
		Awaitility.await().until(() -> lateAnswers.get() == 1);
		Awaitility.await().during(Duration.ofMillis(200)).until(() -> callers.size() == 4);
	}

	@Test
	void aSmallChunkThatStallsAfterALargeOneIsGivenUpOnItsOwnBound() throws Exception {
		List<Thread> parked = parked("chunk-shrink-", 42);
		long stallingId = TestThreads.id(parked.get(40));
		CountDownLatch release = new CountDownLatch(1);
		try {
			ThreadMXBean stallingOne = proxy((real, method, args) -> {
				if (method.equals("getThreadInfo") && ((long[]) args[0])[0] == stallingId) {
					release.await();
				}
				return null;
			});
			// 40 threads, then one at a time: the first chunk may take 40 x 500 ms, the stalled one 500 ms. The
			// deadline (10 s) falls between the two bounds, with room to spare for a loaded machine.
			BulkCaptureStrategy strategy = new BulkCaptureStrategy(stallingOne, false, ChunkSizer.firstThen(40, 1), 8);
			StackTraceRequest request = new StackTraceRequest(null, DetailMode.FAST, Duration.ofMillis(500), false);
			long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			List<ThreadCapture> captures = strategy.capture(targets(parked.toArray(Thread[]::new)), request, deadline);

			// Watched on the first chunk's bound, the stall would be seen only at the deadline, leaving the last
			// thread to the budget.
			assertThat(captures.subList(0, 40)).allSatisfy((capture) -> assertThat(capture.status()).isEqualTo(CaptureStatus.OK));
			assertThat(captures.get(40).timeoutReason()).isEqualTo(TimeoutReason.BULK_CAPTURE_TIMEOUT);
			assertThat(captures.get(41).status()).isEqualTo(CaptureStatus.OK);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void anInterruptedRequestStopsItsCaptureThreadAfterTheCurrentCall() throws Exception {
		List<Thread> parked = parked("chunk-interrupt-", 4);
		CountDownLatch inCall = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		ThreadMXBean stallingFirst = proxy((real, method, args) -> {
			if (method.equals("getThreadInfo") && calls.incrementAndGet() == 1) {
				inCall.countDown();
				release.await();
			}
			return null;
		});
		BulkCaptureStrategy strategy = new BulkCaptureStrategy(stallingFirst, false, ChunkSizer.fixed(1), 8);
		FutureTask<List<ThreadCapture>> request = new FutureTask<>(
				() -> strategy.capture(targets(parked.toArray(Thread[]::new)), FAST, farDeadline()));
		Thread requestThread = new Thread(request, "chunk-interrupt-request");
		requestThread.start();
		try {
			assertThat(inCall.await(10, TimeUnit.SECONDS)).isTrue();
			requestThread.interrupt();
			assertThatThrownBy(() -> request.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
		}
		finally {
			release.countDown();
		}
		// Released, the call answers for a request that is gone: its capture thread takes no further chunk.
		Awaitility.await().during(Duration.ofMillis(200)).until(() -> calls.get() == 1);
	}

	@Test
	void pastTheStalledChunksARequestMayAbandonTheRestAreGivenUp() throws Exception {
		List<Thread> parked = parked("chunk-stall-all-", 3);
		CountDownLatch release = new CountDownLatch(1);
		try {
			ThreadMXBean stallingAll = proxy((real, method, args) -> {
				if (method.equals("getThreadInfo")) {
					release.await();
				}
				return null;
			});
			BulkCaptureStrategy strategy = new BulkCaptureStrategy(stallingAll, false, ChunkSizer.fixed(1), 1);
			StackTraceRequest request = new StackTraceRequest(null, DetailMode.FAST, Duration.ofMillis(20), false);
			SafepointPauses pauses = new SafepointPauses();
			List<ThreadCapture> captures = strategy.capture(targets(parked.toArray(Thread[]::new)), request,
					farDeadline(), pauses);
			assertThat(captures).extracting(ThreadCapture::timeoutReason)
				.containsExactly(TimeoutReason.BULK_CAPTURE_TIMEOUT, TimeoutReason.TOO_MANY_STALLED_CAPTURES,
						TimeoutReason.TOO_MANY_STALLED_CAPTURES);
			assertThat(pauses.count()).isEqualTo(1);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aChunkThatOutlastsTheBudgetLeavesTheRestToTheBudget() throws Exception {
		List<Thread> parked = parked("chunk-budget-", 3);
		CountDownLatch release = new CountDownLatch(1);
		try {
			ThreadMXBean stallingAll = proxy((real, method, args) -> {
				if (method.equals("getThreadInfo")) {
					release.await();
				}
				return null;
			});
			BulkCaptureStrategy strategy = new BulkCaptureStrategy(stallingAll, false, ChunkSizer.fixed(1), 8);
			long deadline = System.nanoTime() + Duration.ofMillis(50).toNanos();
			SafepointPauses pauses = new SafepointPauses();
			List<ThreadCapture> captures = strategy.capture(targets(parked.toArray(Thread[]::new)), FAST, deadline,
					pauses);
			assertThat(captures).extracting(ThreadCapture::timeoutReason)
				.containsOnly(TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
			assertThat(pauses.count()).isEqualTo(1);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void lockLinesNameAnOwnerTakenInAnotherChunk() throws Exception {
		Object monitor = new Object();
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.threads.closeOnStop(release::countDown);
		Thread holder = this.threads.start("chunk-holder",
				() -> TestThreads.holdMonitorAndAwait(monitor, holding, release));
		assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
		Thread blocked = this.threads.start("chunk-blocked", () -> {
			synchronized (monitor) {
				assertThat(Thread.holdsLock(monitor)).isTrue();
			}
		});
		TestThreads.awaitState(holder, Thread.State.WAITING);
		TestThreads.awaitState(blocked, Thread.State.BLOCKED);
		List<long[]> calls = new CopyOnWriteArrayList<>();
		ThreadMXBean recording = proxy((real, method, args) -> {
			if (method.equals("getThreadInfo")) {
				calls.add(((long[]) args[0]).clone());
			}
			return null;
		});

		List<ThreadCapture> captures = new BulkCaptureStrategy(recording, true, ChunkSizer.fixed(1), 8)
			.capture(targets(blocked, holder), FULL, farDeadline());

		assertThat(calls).hasSize(2).allSatisfy((call) -> assertThat(call).hasSize(1));
		LockRef lock = new LockRef(Object.class.getName(), System.identityHashCode(monitor));
		ThreadLocks waiting = captures.get(0).locks();
		assertThat(captures.get(0).state()).isEqualTo(Thread.State.BLOCKED);
		assertThat(waiting).isNotNull();
		assertThat(waiting.waitingFor()).isEqualTo(lock);
		assertThat(waiting.ownerId()).isEqualTo(TestThreads.id(holder));
		assertThat(waiting.ownerName()).isEqualTo("chunk-holder");
		assertThat(captures.get(1).locks()).isNotNull();
		assertThat(captures.get(1).locks().held()).extracting(ThreadLocks.HeldMonitor::lock).containsExactly(lock);
	}

	@Test
	void aDeadlockAcrossChunksIsFoundAndItsLocksNamed() throws Exception {
		ReentrantLock first = new ReentrantLock();
		ReentrantLock second = new ReentrantLock();
		CountDownLatch bothHoldOne = new CountDownLatch(2);
		Thread a = this.threads.start("chunk-deadlock-a", () -> lockBoth(first, second, bothHoldOne));
		Thread b = this.threads.start("chunk-deadlock-b", () -> lockBoth(second, first, bothHoldOne));
		awaitOwnedWait(a);
		awaitOwnedWait(b);
		AtomicInteger searches = new AtomicInteger();
		ThreadMXBean counting = proxy((real, method, args) -> {
			if (method.startsWith("find")) {
				searches.incrementAndGet();
			}
			return null;
		});
		StackTraceCapturer capturer = new StackTraceCapturer(8, ChunkSizer.fixed(1), counting);

		StackTraceReport report = capturer.capture(FULL, System.nanoTime(),
				farDeadline());

		long idA = TestThreads.id(a);
		long idB = TestThreads.id(b);
		assertThat(report.deadlocks().cycles()).singleElement()
			.satisfies((cycle) -> assertThat(cycle).containsExactly(Math.min(idA, idB), Math.max(idA, idB)));
		assertThat(searches).hasValue(1);
		ThreadCapture captureA = report.threads().stream().filter((t) -> t.id() == idA).findFirst().orElseThrow();
		assertThat(captureA.locks()).isNotNull();
		assertThat(captureA.locks().ownerId()).isEqualTo(idB);
		assertThat(captureA.locks().ownerName()).isEqualTo("chunk-deadlock-b");
		// One chunk per platform thread but the one asking, which is read on its own, and two for the deadlock search.
		// Virtual threads still alive from other tests come from the JDK's dump on Java 21+ and take no chunk.
		long platformThreads = report.threads().stream().filter((thread) -> !thread.isVirtual()).count();
		assertThat(report.safepointPauses()).isEqualTo(platformThreads + 2);
		assertThat(report.captureMethod()).isEqualTo("thread_mx_bean_chunked_locked_monitors");
	}

	@Test
	void deadlockSearchIsAskedOnlyWhenAThreadWaitsForAnOwnedLock() {
		LockRef latch = new LockRef("java.util.concurrent.CountDownLatch$Sync", 1);
		LockRef monitor = new LockRef("java.lang.Object", 2);
		ThreadCapture parkedOnLatch = ThreadCapture.captured(1, "latch", Thread.State.WAITING, CaptureStatus.OK,
				List.of(), new ThreadLocks(latch, -1, null, List.of()), null);
		ThreadCapture running = ThreadCapture.captured(2, "running", Thread.State.RUNNABLE, CaptureStatus.OK,
				List.of(), ThreadLocks.NONE, null);
		ThreadCapture reader = ThreadCapture.skipped(3, "reader", Thread.State.RUNNABLE, "read");
		ThreadCapture gone = ThreadCapture.exited(4, "gone");
		assertThat(DeadlockDetector.mayBeDeadlocked(List.of(parkedOnLatch, running, reader, gone))).isFalse();
		ThreadCapture blocked = ThreadCapture.captured(5, "blocked", Thread.State.BLOCKED, CaptureStatus.OK,
				List.of(), new ThreadLocks(monitor, 2, "running", List.of()), null);
		assertThat(DeadlockDetector.mayBeDeadlocked(List.of(parkedOnLatch, blocked))).isTrue();
		ThreadCapture waitingForOwned = ThreadCapture.captured(6, "waiting", Thread.State.WAITING, CaptureStatus.OK,
				List.of(), new ThreadLocks(new LockRef("java.util.concurrent.locks.ReentrantLock$NonfairSync", 3), 2,
						"running", List.of()), null);
		assertThat(DeadlockDetector.mayBeDeadlocked(List.of(running, waitingForOwned))).isTrue();
		ThreadCapture failed = ThreadCapture.failed(7, "odd", new IllegalStateException("no"));
		assertThat(DeadlockDetector.mayBeDeadlocked(List.of(running, failed))).isTrue();
	}

	@Test
	void aFullCaptureWithNoThreadWaitingForAnOwnedLockAnswersWithoutTheSearch() throws Exception {
		parked("chunk-quiet-", 3);
		AtomicInteger searches = new AtomicInteger();
		ThreadMXBean counting = proxy((real, method, args) -> {
			if (method.startsWith("find")) {
				searches.incrementAndGet();
			}
			return null;
		});
		StackTraceCapturer capturer = new StackTraceCapturer(8, ChunkSizer.adaptive(Duration.ofMillis(5)), counting);

		StackTraceReport report = capturer.capture(FULL, System.nanoTime(), farDeadline());

		assertThat(report.deadlocks().result()).isEqualTo(DeadlockSearch.Result.LOOKED);
		assertThat(report.deadlocks().cycles()).isEmpty();
		// Other tests' threads may be waiting for a lock at that moment: then, and only then, the JVM is asked.
		assertThat(searches).hasValue(DeadlockDetector.mayBeDeadlocked(report.threads()) ? 1 : 0);
	}

	@Test
	void aSelectiveFullCaptureAlwaysAsksTheJvm() throws Exception {
		Thread quiet = this.threads.startParked("chunk-selective");
		AtomicInteger searches = new AtomicInteger();
		ThreadMXBean counting = proxy((real, method, args) -> {
			if (method.startsWith("find")) {
				searches.incrementAndGet();
			}
			return null;
		});
		StackTraceCapturer capturer = new StackTraceCapturer(8, ChunkSizer.adaptive(Duration.ofMillis(5)), counting);

		StackTraceReport report = capturer.capture(FULL.withThreadIds(List.of(TestThreads.id(quiet))),
				System.nanoTime(), farDeadline());

		// The threads it did not capture may be deadlocked: only the JVM can say.
		assertThat(searches).hasValue(1);
		assertThat(report.deadlocks().result()).isEqualTo(DeadlockSearch.Result.LOOKED);
		assertThat(report.safepointPauses()).isEqualTo(2);
	}

	private List<Thread> parked(String prefix, int count) throws InterruptedException {
		List<Thread> parked = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			parked.add(this.threads.startParked(prefix + i));
		}
		return parked;
	}

	/** Waits until the thread waits for a lock another thread owns, as the JVM sees it. */
	private static void awaitOwnedWait(Thread thread) {
		ThreadMXBean real = ManagementFactory.getThreadMXBean();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (true) {
			ThreadInfo info = real.getThreadInfo(TestThreads.id(thread));
			if (info != null && info.getLockOwnerId() >= 0) {
				return;
			}
			assertThat(System.nanoTime() - deadline).as("%s waits for an owned lock", thread.getName()).isNegative();
			Thread.onSpinWait();
		}
	}

	private static void lockBoth(ReentrantLock mine, ReentrantLock theirs, CountDownLatch bothHoldOne) {
		try {
			mine.lockInterruptibly();
			try {
				bothHoldOne.countDown();
				bothHoldOne.await();
				theirs.lockInterruptibly();
				theirs.unlock();
			}
			finally {
				mine.unlock();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A {@link ThreadMXBean} that shows every call to a hook and then answers as the JVM does.
	 */
	private static ThreadMXBean proxy(Hook hook) {
		ThreadMXBean real = ManagementFactory.getThreadMXBean();
		return (ThreadMXBean) Proxy.newProxyInstance(ChunkedCaptureTests.class.getClassLoader(),
				new Class<?>[] { ThreadMXBean.class }, (instance, method, args) -> {
					hook.call(real, method.getName(), args);
					try {
						return method.invoke(real, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	@FunctionalInterface
	private interface Hook {

		Object call(ThreadMXBean real, String method, Object[] args) throws Throwable;

	}

}
