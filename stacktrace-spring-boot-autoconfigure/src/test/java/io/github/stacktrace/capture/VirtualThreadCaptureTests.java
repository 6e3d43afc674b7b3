package io.github.stacktrace.capture;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import io.github.stacktrace.render.FrameRenderCache;
import io.github.stacktrace.render.TextReportRenderer;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.CaptureSummary;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackGroup;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSelection;
import io.github.stacktrace.report.VirtualThreadsOutcome;
import io.github.stacktrace.test.TestThreads;
import io.github.stacktrace.test.VirtualThreadStarter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnJre;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for virtual threads in captures: on Java 21 and later with the JDK's own thread dump (parked, sleeping,
 * holding a monitor, blocked on one, running, blocked on I/O; by id; filtered; grouped by the ten thousand), and on
 * every JDK with a dump that is replaced (exclusion costs no dump, a dump that outlasts the budget). The Java 17
 * path, which has no virtual threads, runs on Java 17.
 */
class VirtualThreadCaptureTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	// Java 25's dump gives states and locks; Java 21's gives none, and then the section says none.
	private static final boolean DUMP_HAS_STATES = Runtime.version().feature() >= 25;

	private final List<Thread> started = new ArrayList<>();

	private final AtomicBoolean stop = new AtomicBoolean();

	private final TestThreads platformThreads = new TestThreads();

	@TempDir
	Path tempRoot;

	@AfterEach
	void stopThreads() throws Exception {
		this.stop.set(true);
		for (Thread thread : this.started) {
			thread.interrupt();
		}
		for (Thread thread : this.started) {
			thread.join(PATIENCE.toMillis());
		}
		this.platformThreads.stopAll();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsAreListedWithTheirKindContainerAndStack() throws Exception {
		Object monitor = new Object();
		ReentrantLock lock = new ReentrantLock();
		CountDownLatch holding = new CountDownLatch(1);
		Thread parked = startVirtual("vt-parked", () -> parkHere());
		Thread sleeping = startVirtual("vt-sleeping", () -> sleepHere());
		Thread holder = startVirtual("vt-holder", () -> {
			synchronized (monitor) {
				holding.countDown();
				parkHere();
			}
		});
		assertThat(holding.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		Thread blocked = startVirtual("vt-blocked", () -> {
			synchronized (monitor) {
				Thread.onSpinWait();
			}
		});
		lock.lock();
		Thread locking = startVirtual("vt-locking", lock::lock);
		Thread running = startVirtual("vt-running", this::spinHere);
		awaitState(parked, Thread.State.WAITING);
		awaitState(sleeping, Thread.State.TIMED_WAITING);
		awaitState(blocked, Thread.State.BLOCKED);
		awaitState(locking, Thread.State.WAITING);
		try {
			StackTraceReport report = capturer(VirtualThreadDump.ofJdk())
				.capture(request(DetailMode.FULL, null, VirtualThreadSelection.INCLUDE), System.nanoTime(), deadline());
			assertThat(report.virtualThreads()).isEqualTo(VirtualThreadsOutcome.INCLUDED);
			assertThat(report.threads()).extracting(ThreadCapture::id).isSorted();
			ThreadCapture parkedCapture = captureOf(report, parked);
			assertThat(parkedCapture.isVirtual()).isTrue();
			assertThat(parkedCapture.status()).isEqualTo(CaptureStatus.OK);
			assertThat(parkedCapture.name()).isEqualTo("vt-parked");
			assertThat(parkedCapture.virtual().container()).isNotBlank();
			assertThat(methods(parkedCapture)).contains("parkHere");
			assertThat(methods(captureOf(report, sleeping))).contains("sleepHere");
			assertThat(methods(captureOf(report, running))).contains("spinHere");
			assertThat(captureOf(report, Thread.currentThread()).isVirtual()).isFalse();
			CaptureSummary summary = report.summary();
			assertThat(summary.virtual()).isGreaterThanOrEqualTo(6);
			assertThat(summary.total()).isEqualTo(report.threadCount());
			if (DUMP_HAS_STATES) {
				assertThat(parkedCapture.state()).isEqualTo(Thread.State.WAITING);
				assertThat(captureOf(report, sleeping).state()).isEqualTo(Thread.State.TIMED_WAITING);
				assertThat(captureOf(report, blocked).state()).isEqualTo(Thread.State.BLOCKED);
				assertThat(captureOf(report, holder).locks().held()).isNotEmpty();
				assertThat(captureOf(report, locking).locks().waitingFor().className()).contains("ReentrantLock");
				String text = render(report, false);
				assertThat(text).contains("  - locked <0x")
					.contains("  - waiting to lock <0x")
					.contains("  - parking to wait for <0x");
				ThreadCapture runningCapture = captureOf(report, running);
				if (runningCapture.virtual().carrierId() >= 0) {
					// Mounted at the dump: its carrier says what it carries.
					ThreadCapture carrier = report.threads().stream()
						.filter((thread) -> thread.id() == runningCapture.virtual().carrierId())
						.findFirst()
						.orElseThrow();
					assertThat(carrier.isVirtual()).isFalse();
					assertThat(carrier.virtual().carryingId()).isEqualTo(TestThreads.id(running));
				}
			}
			else {
				assertThat(parkedCapture.state()).isNull();
			}
		}
		finally {
			lock.unlock();
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aVirtualThreadBlockedOnASocketReadIsListed() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
				Socket accepted = server.accept()) {
			CountDownLatch reading = new CountDownLatch(1);
			Thread reader = startVirtual("vt-reader", () -> readHere(accepted, reading));
			assertThat(reading.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			await().atMost(PATIENCE).until(() -> reader.getState() != Thread.State.RUNNABLE);
			StackTraceReport report = capturer(VirtualThreadDump.ofJdk()).capture(
					request(DetailMode.FAST, List.of(TestThreads.id(reader)), VirtualThreadSelection.INCLUDE), System.nanoTime(),
					deadline());
			assertThat(report.threads()).singleElement().satisfies((capture) -> {
				assertThat(capture.isVirtual()).isTrue();
				assertThat(capture.status()).isEqualTo(CaptureStatus.OK);
				assertThat(methods(capture)).contains("readHere", "read");
			});
			client.close();
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aThreadIdMayNameAVirtualThreadAndFiltersApplyToThem() throws Exception {
		Thread parked = startVirtual("vt-by-id", () -> parkHere());
		Thread sleeping = startVirtual("vt-filtered-sleeper", () -> sleepHere());
		awaitState(parked, Thread.State.WAITING);
		awaitState(sleeping, Thread.State.TIMED_WAITING);
		StackTraceCapturer capturer = capturer(VirtualThreadDump.ofJdk());
		long unknown = Long.MAX_VALUE - 7;
		StackTraceReport byId = capturer.capture(
				request(DetailMode.FAST, List.of(unknown, TestThreads.id(parked)), VirtualThreadSelection.INCLUDE),
				System.nanoTime(), deadline());
		assertThat(byId.threads()).extracting(ThreadCapture::id).containsExactly(unknown, TestThreads.id(parked));
		assertThat(byId.threads().get(0).status()).isEqualTo(CaptureStatus.THREAD_EXITED);
		assertThat(byId.threads().get(1).isVirtual()).isTrue();
		StackTraceReport byName = capturer.capture(request(DetailMode.FAST, null, VirtualThreadSelection.INCLUDE)
			.withFilter(new ThreadFilter(EnumSet.noneOf(Thread.State.class), "vt-filtered-*")), System.nanoTime(),
				deadline());
		assertThat(byName.threads()).extracting(ThreadCapture::name).containsExactly("vt-filtered-sleeper");
		StackTraceReport byState = capturer.capture(request(DetailMode.FAST, null, VirtualThreadSelection.ONLY)
			.withFilter(new ThreadFilter(EnumSet.of(Thread.State.TIMED_WAITING), "vt-*")), System.nanoTime(), deadline());
		if (DUMP_HAS_STATES) {
			assertThat(byState.threads()).extracting(ThreadCapture::name).containsExactly("vt-filtered-sleeper");
		}
		else {
			assertThat(byState.threads()).isEmpty();
			assertThat(byState.notices()).anySatisfy((notice) -> assertThat(notice).contains("no thread states"));
		}
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void tenThousandIdenticalVirtualThreadsAreOneGroup() throws Exception {
		int count = 10_000;
		CountDownLatch parkedAll = new CountDownLatch(count);
		for (int i = 0; i < count; i++) {
			startVirtual("vt-pool-" + i, () -> {
				parkedAll.countDown();
				parkHere();
			});
		}
		assertThat(parkedAll.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		await().atMost(PATIENCE)
			.until(() -> this.started.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING));
		StackTraceReport report = capturer(VirtualThreadDump.ofJdk()).capture(
				request(DetailMode.FAST, null, VirtualThreadSelection.ONLY)
					.withFilter(new ThreadFilter(EnumSet.noneOf(Thread.State.class), "vt-pool-*")),
				System.nanoTime(), deadline());
		assertThat(report.threadCount()).isEqualTo(count);
		List<StackGroup> groups = StackGroup.of(report);
		assertThat(groups).hasSize(1);
		String grouped = render(report, true);
		assertThat(grouped).contains("----- " + count + " threads status=ok")
			.contains("virtual_count=" + count + " -----")
			.contains(", \u2026 and " + (count - 16) + " more\n")
			.contains("summary: captured=" + count + " skipped=0 timed_out=0 exited=0 errors=0 virtual=" + count + "\n");
		assertThat(grouped.length()).isLessThan(10_000);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void hostileVirtualThreadNamesCannotForgeLines() throws Exception {
		Thread evil = startVirtual("evil\n----- thread 1 (forged) status=ok -----\u2028\"", () -> parkHere());
		awaitState(evil, Thread.State.WAITING);
		StackTraceReport report = capturer(VirtualThreadDump.ofJdk()).capture(
				request(DetailMode.FAST, List.of(TestThreads.id(evil)), VirtualThreadSelection.INCLUDE), System.nanoTime(),
				deadline());
		String text = render(report, false);
		assertThat(text).contains("----- thread " + TestThreads.id(evil)
				+ " (evil\\n----- thread 1 \\(forged\\) status=ok -----\\u2028\") status=ok");
		assertThat(text.lines()).noneMatch((line) -> line.startsWith("----- thread 1 "));
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void aNameTheJdksDumpCannotWriteCostsTheVirtualThreadsNotTheReport() throws Exception {
		// Java 25.0.3's JSON dump fails on a thread name with a control character other than \n, \r, \t (it formats
		// the \\u escape with a Character): the report says so and keeps its platform threads.
		Thread evil = startVirtual("escape\u001b[31m", () -> parkHere());
		awaitState(evil, Thread.State.WAITING);
		StackTraceReport report = capturer(VirtualThreadDump.ofJdk())
			.capture(request(DetailMode.FAST, null, VirtualThreadSelection.INCLUDE), System.nanoTime(), deadline());
		if (report.virtualThreads() == VirtualThreadsOutcome.INCLUDED) {
			assertThat(render(report, false)).contains("(escape\\u001b[31m) status=ok");
		}
		else {
			assertThat(report.virtualThreads()).isEqualTo(VirtualThreadsOutcome.CAPTURE_ERROR);
			assertThat(report.notices()).singleElement()
				.satisfies((notice) -> assertThat(notice).startsWith("virtual threads not captured: the JDK's thread dump failed: "));
			assertThat(captureOf(report, Thread.currentThread()).status()).isEqualTo(CaptureStatus.OK_CURRENT_THREAD);
			assertThat(render(report, false).lines()).noneMatch((line) -> line.contains("\u001b"));
		}
	}

	@Test
	void excludingVirtualThreadsTakesNoDump() throws Exception {
		AtomicInteger dumps = new AtomicInteger();
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			dumps.incrementAndGet();
			Files.writeString(file, "{\"threadDump\": {\"threadContainers\": []}}");
		}, this.tempRoot, 0);
		StackTraceCapturer capturer = capturer(dump);
		StackTraceReport excluded = capturer.capture(request(DetailMode.FAST, null, VirtualThreadSelection.EXCLUDE),
				System.nanoTime(), deadline());
		assertThat(excluded.virtualThreads()).isEqualTo(VirtualThreadsOutcome.EXCLUDED);
		Thread platform = this.platformThreads.startParked("platform-only");
		StackTraceReport platformIds = capturer.capture(
				request(DetailMode.FAST, List.of(TestThreads.id(platform)), VirtualThreadSelection.INCLUDE),
				System.nanoTime(), deadline());
		assertThat(platformIds.virtualThreads()).isEqualTo(VirtualThreadsOutcome.NOT_NEEDED);
		assertThat(dumps).hasValue(0);
		StackTraceReport included = capturer.capture(request(DetailMode.FAST, null, VirtualThreadSelection.INCLUDE),
				System.nanoTime(), deadline());
		assertThat(included.virtualThreads()).isEqualTo(VirtualThreadsOutcome.INCLUDED);
		assertThat(dumps).hasValue(1);
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void aDumpThatOutlastsTheBudgetIsNamedAndTheReportStillAddsUp() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		VirtualThreadDump dump = new VirtualThreadDump((file) -> {
			Files.writeString(file, "{}");
			release.await();
		}, this.tempRoot, 0);
		long asked = Long.MAX_VALUE - 3;
		StackTraceReport report = capturer(dump).capture(
				request(DetailMode.FAST, List.of(asked), VirtualThreadSelection.INCLUDE), System.nanoTime(),
				System.nanoTime() + Duration.ofMillis(300).toNanos());
		assertThat(report.virtualThreads()).isEqualTo(VirtualThreadsOutcome.TIMEOUT);
		assertThat(report.notices()).anySatisfy((notice) -> assertThat(notice).contains("did not finish"));
		assertThat(report.threads()).singleElement().satisfies((capture) -> {
			assertThat(capture.id()).isEqualTo(asked);
			assertThat(capture.status()).isEqualTo(CaptureStatus.TIMEOUT);
		});
		assertThat(report.summary().total()).isEqualTo(report.threadCount());
		release.countDown();
		await().atMost(PATIENCE).untilAsserted(() -> assertThat(leftovers()).isEmpty());
	}

	@Test
	@EnabledOnJre(JRE.JAVA_17)
	void java17HasNoVirtualThreadsAndSaysSo() throws Exception {
		StackTraceCapturer capturer = new StackTraceCapturer(8);
		StackTraceReport included = capturer.capture(request(DetailMode.FAST, null, VirtualThreadSelection.INCLUDE),
				System.nanoTime(), deadline());
		assertThat(included.virtualThreads()).isEqualTo(VirtualThreadsOutcome.UNSUPPORTED);
		assertThat(render(included, false)).contains("\nvirtual_threads: unsupported (Java 17)\n");
		assertThat(included.summary().virtual()).isZero();
		StackTraceReport only = capturer.capture(request(DetailMode.FAST, null, VirtualThreadSelection.ONLY),
				System.nanoTime(), deadline());
		assertThat(only.threads()).isEmpty();
		assertThat(VirtualThreadDump.isSupported()).isFalse();
		assertThat(VirtualThreadDump.isVirtual(Thread.currentThread())).isFalse();
	}

	private Thread startVirtual(String name, Runnable task) {
		Thread thread = VirtualThreadStarter.start(name, task);
		this.started.add(thread);
		return thread;
	}

	private static void parkHere() {
		while (!Thread.currentThread().isInterrupted()) {
			LockSupport.park();
		}
	}

	private static void sleepHere() {
		try {
			Thread.sleep(PATIENCE.toMillis() * 10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void spinHere() {
		long sum = 0;
		while (!this.stop.get() && !Thread.currentThread().isInterrupted()) {
			sum += System.nanoTime();
		}
		assertThat(sum).isNotZero();
	}

	private static void readHere(Socket socket, CountDownLatch reading) {
		try {
			InputStream in = socket.getInputStream();
			reading.countDown();
			in.read();
		}
		catch (IOException ex) {
			// Closed at the end of the test.
		}
	}

	private static void awaitState(Thread thread, Thread.State state) {
		await().atMost(PATIENCE).until(() -> thread.getState() == state);
	}

	private StackTraceCapturer capturer(VirtualThreadDump dump) {
		return new StackTraceCapturer(8, ChunkSizer.adaptive(Duration.ofMillis(5)),
				ManagementFactory.getThreadMXBean(), dump);
	}

	private static StackTraceRequest request(DetailMode mode, List<Long> ids, VirtualThreadSelection selection) {
		return new StackTraceRequest(ids, mode, Duration.ofSeconds(5), false, ThreadFilter.NONE, selection);
	}

	private static long deadline() {
		return System.nanoTime() + PATIENCE.toNanos();
	}

	private static ThreadCapture captureOf(StackTraceReport report, Thread thread) {
		return report.threads().stream()
			.filter((capture) -> capture.id() == TestThreads.id(thread))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no section for " + thread.getName()));
	}

	private static List<String> methods(ThreadCapture capture) {
		return capture.frames().stream().map(StackTraceElement::getMethodName).toList();
	}

	private static String render(StackTraceReport report, boolean grouped) {
		return new TextReportRenderer(new FrameRenderCache(1024, 4_000_000)).render(report, grouped).toString();
	}

	private List<Path> leftovers() throws IOException {
		try (Stream<Path> entries = Files.walk(this.tempRoot)) {
			return entries.filter((entry) -> !entry.equals(this.tempRoot)).toList();
		}
	}

}
