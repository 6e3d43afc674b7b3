package io.github.stacktrace.hot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.stacktrace.capture.ThreadDirectory;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.context.RequestContextSlot;
import io.github.stacktrace.hot.HotThreadsSampler.Candidate;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.SampledMeasure;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSampling;
import io.github.stacktrace.test.TestThreads;
import io.github.stacktrace.test.VirtualThreadStarter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link VirtualThreadStates}: the estimate from states read at instants, which virtual threads are sampled
 * and ranked, and when the report says what it cannot measure. The instants are taken by the test, one after another:
 * the threads' states are held still by latches and monitors, so each count is exact.
 */
class VirtualThreadStatesTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

	private final RequestContextRegistry registry = new RequestContextRegistry();

	private final CountDownLatch release = new CountDownLatch(1);

	private final AtomicBoolean stop = new AtomicBoolean();

	private final List<Thread> started = new ArrayList<>();

	@AfterEach
	void releaseThreads() throws InterruptedException {
		this.release.countDown();
		this.stop.set(true);
		for (Thread thread : this.started) {
			thread.join(PATIENCE.toMillis());
		}
	}

	@Test
	void theEstimateIsTheShareOfInstantsInTheStateOfTheWindow() {
		assertThat(VirtualThreadStates.estimate(7, 10, WINDOW_NANOS)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(350));
		assertThat(VirtualThreadStates.estimate(10, 10, WINDOW_NANOS)).isEqualTo(WINDOW_NANOS);
		assertThat(VirtualThreadStates.estimate(0, 10, WINDOW_NANOS)).isZero();
		assertThat(VirtualThreadStates.estimate(1, 3, 1000)).isEqualTo(333);
		assertThat(VirtualThreadStates.estimate(0, 0, WINDOW_NANOS)).isZero();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aParkedTrackedThreadLeadsTheWaitRankingOverARunningOneAndUntrackedOnesAreNotSampled() throws Exception {
		Thread parked = startServing("vt-parked", "/parked", this::awaitRelease);
		Thread running = startServing("vt-running", "/running", this::spin, Thread.State.RUNNABLE);
		Thread untracked = VirtualThreadStarter.start("vt-untracked", this::awaitRelease);
		this.started.add(untracked);
		VirtualThreadStates states = new VirtualThreadStates(this.registry, HotThreadsType.WAIT, -1);
		for (int i = 0; i < 4; i++) {
			states.sample();
		}
		List<Candidate> candidates = states.candidates(10, ThreadFilter.NONE, WINDOW_NANOS);
		assertThat(candidates).extracting(Candidate::thread).containsExactly(parked, running);
		assertThat(candidates.get(0).value()).isEqualTo(WINDOW_NANOS);
		assertThat(candidates.get(0).id()).isEqualTo(TestThreads.id(parked));
		assertThat(candidates.get(0).name()).isEqualTo("vt-parked");
		assertThat(candidates.get(1).value()).isZero();
		assertThat(states.leaders(1, ThreadFilter.NONE)).containsExactly(parked);
		assertThat(states.candidates(1, ThreadFilter.NONE, WINDOW_NANOS)).extracting(Candidate::thread)
			.containsExactly(parked);
		List<String> notices = new ArrayList<>();
		VirtualThreadSampling sampling = states.describe(new Thread[0], notices);
		assertThat(sampling).isEqualTo(new VirtualThreadSampling(2, 4));
		assertThat(notices).singleElement().asString()
			.contains("virtual threads have no waited time counter")
			.contains("4 snapshot instants");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aThreadBlockedOnAMonitorLeadsTheBlockRankingAndTheStateFilterApplies() throws Exception {
		Object monitor = new Object();
		Thread blocked;
		Thread parked;
		synchronized (monitor) {
			blocked = startServing("vt-blocked", "/blocked", () -> TestThreads.enter(monitor), Thread.State.BLOCKED);
			parked = startServing("vt-parked", "/parked", this::awaitRelease);
			VirtualThreadStates states = new VirtualThreadStates(this.registry, HotThreadsType.BLOCK, -1);
			states.sample();
			states.sample();
			List<Candidate> candidates = states.candidates(10, ThreadFilter.NONE, WINDOW_NANOS);
			assertThat(candidates).extracting(Candidate::thread).containsExactly(blocked, parked);
			assertThat(candidates).extracting(Candidate::value).containsExactly(WINDOW_NANOS, 0L);
			ThreadFilter waitingOnly = new ThreadFilter(Set.of(Thread.State.TIMED_WAITING), null);
			assertThat(states.candidates(10, waitingOnly, WINDOW_NANOS)).extracting(Candidate::thread)
				.containsExactly(parked);
			ThreadFilter byName = new ThreadFilter(Set.of(), "vt-b*");
			assertThat(states.leaders(10, byName)).containsExactly(blocked);
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aThreadThatEndsIsNotRankedAndOneThatStartsLateIsSampledFromItsFirstInstant() throws Exception {
		CountDownLatch endEarly = new CountDownLatch(1);
		Thread ending = startServing("vt-ending", "/ending", () -> pass(endEarly));
		Thread early = startServing("vt-early", "/early", this::awaitRelease);
		VirtualThreadStates states = new VirtualThreadStates(this.registry, HotThreadsType.WAIT, -1);
		states.sample();
		endEarly.countDown();
		ending.join(PATIENCE.toMillis());
		Thread late = startServing("vt-late", "/late", this::awaitRelease);
		states.sample();
		states.sample();
		List<Candidate> candidates = states.candidates(10, ThreadFilter.NONE, WINDOW_NANOS);
		assertThat(candidates).extracting(Candidate::thread).containsExactly(early, late);
		assertThat(candidates.get(0).value()).isEqualTo(WINDOW_NANOS);
		// Two instants of three: two thirds of the window, though it waited at every instant it was seen.
		assertThat(candidates.get(1).value()).isEqualTo(VirtualThreadStates.estimate(2, 3, WINDOW_NANOS));
		assertThat(states.withMeasures(List.of(new HotThread(TestThreads.id(late), -1,
				"vt-late", Thread.State.TIMED_WAITING, candidates.get(1).value(), 0, List.of()))))
			.singleElement()
			.satisfies((thread) -> {
				assertThat(thread.isVirtual()).isTrue();
				assertThat(thread.sampled().instantsInState()).isEqualTo(2);
				assertThat(thread.sampled().instantsSampled()).isEqualTo(2);
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void theThreadServingTheReportIsNotSampled() throws Exception {
		Thread parked = startServing("vt-self", "/actuator/stacktrace/hot", this::awaitRelease);
		VirtualThreadStates states = new VirtualThreadStates(this.registry, HotThreadsType.WAIT,
				TestThreads.id(parked));
		states.sample();
		assertThat(states.candidates(10, ThreadFilter.NONE, WINDOW_NANOS)).isEmpty();
		assertThat(states.describe(new Thread[0], new ArrayList<>())).isNull();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void cpuAndAllocSayThatVirtualThreadsAreCountedOnTheirCarriersOnceACarrierExists() throws Exception {
		startServing("vt-carrier", "/carrier", this::awaitRelease);
		Thread[] platform = ThreadDirectory.snapshot();
		assertThat(VirtualThreadStates.hasCarrier(platform)).isTrue();
		for (HotThreadsType type : List.of(HotThreadsType.CPU, HotThreadsType.ALLOC)) {
			List<String> notices = new ArrayList<>();
			assertThat(VirtualThreadStates.start(type, this.registry, platform, notices)).isNull();
			assertThat(notices).containsExactly(VirtualThreadStates.ON_CARRIERS_NOTICE);
		}
		List<String> notices = new ArrayList<>();
		assertThat(VirtualThreadStates.start(HotThreadsType.CPU, this.registry, new Thread[0], notices)).isNull();
		assertThat(notices).isEmpty();
		assertThat(VirtualThreadStates.start(HotThreadsType.WAIT, this.registry, platform, notices)).isNotNull();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aWaitReportShowsTrackedVirtualThreadsAfterTheMeasuredOnesWithTheirRequestStackAndMeasure() throws Exception {
		Thread parked = startServing("vt-held", "/orders/{id}", this::awaitRelease);
		HotThreadsSampler sampler = new HotThreadsSampler(this.registry);
		HotThreadsRequest request = new HotThreadsRequest(HotThreadsType.WAIT, 2, Duration.ofMillis(100), 4, true,
				DetailMode.FAST, ThreadFilter.NONE);
		long started = System.nanoTime();
		HotThreadsReport report = sampler.sample(request, started, started + PATIENCE.toNanos());
		assertThat(report.threads()).noneMatch(HotThread::isVirtual);
		assertThat(report.virtualSampling()).isNotNull();
		assertThat(report.virtualSampling().instants()).isEqualTo(4);
		assertThat(report.notices()).anyMatch((notice) -> notice.startsWith("virtual threads have no waited time"));
		assertThat(report.sampledThreads()).singleElement().satisfies((thread) -> {
			assertThat(thread.id()).isEqualTo(TestThreads.id(parked));
			assertThat(thread.isVirtual()).isTrue();
			assertThat(thread.sampled()).isEqualTo(new SampledMeasure(4, 4));
			assertThat(thread.value()).isEqualTo(report.window().toNanos());
			assertThat(thread.state()).isEqualTo(Thread.State.TIMED_WAITING);
			assertThat(thread.request().description()).isEqualTo("GET /orders/{id}");
			// A leader at each of the 3 instants within the window, then the last snapshot at its end.
			assertThat(thread.snapshotsTaken()).isEqualTo(4);
			assertThat(thread.stacks()).first()
				.satisfies((group) -> assertThat(group.frames()).anyMatch((frame) -> frame.getClassName()
					.equals(VirtualThreadStatesTests.class.getName())));
		});
		assertThat(report.shownValue()).isEqualTo(
				report.threads().stream().mapToLong(HotThread::value).sum());
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void beforeJava21NothingIsSampledNorSaid() {
		List<String> notices = new ArrayList<>();
		for (HotThreadsType type : HotThreadsType.values()) {
			assertThat(VirtualThreadStates.start(type, this.registry, ThreadDirectory.snapshot(), notices)).isNull();
		}
		assertThat(notices).isEmpty();
	}

	private Thread startServing(String name, String route, Runnable body) throws InterruptedException {
		return startServing(name, route, body, Thread.State.TIMED_WAITING);
	}

	private Thread startServing(String name, String route, Runnable body, Thread.State heldIn)
			throws InterruptedException {
		CountDownLatch serving = new CountDownLatch(1);
		Thread thread = VirtualThreadStarter.start(name, () -> {
			RequestContextSlot slot = this.registry.slot();
			slot.begin("GET", System.nanoTime(), route, null);
			try {
				serving.countDown();
				body.run();
			}
			finally {
				slot.end();
			}
		});
		this.started.add(thread);
		assertThat(serving.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		await().atMost(PATIENCE).until(() -> thread.getState() == heldIn);
		return thread;
	}

	private void awaitRelease() {
		pass(this.release);
	}

	private static void pass(CountDownLatch latch) {
		try {
			latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void spin() {
		long sink = 0;
		while (!this.stop.get()) {
			sink += System.nanoTime() & 1;
		}
		if (sink == 42) {
			Thread.onSpinWait();
		}
	}

}
