package io.github.stacktrace.hot;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import io.github.stacktrace.capture.ChunkSizer;
import io.github.stacktrace.capture.ThreadDirectory;
import io.github.stacktrace.capture.ThreadInfoChunks;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadSampling;
import org.jspecify.annotations.Nullable;

/**
 * Internal: public only for the capture service, which lives in another package; applications call
 * {@link io.github.stacktrace.StackTraceCaptureService#hotThreads StackTraceCaptureService#hotThreads}.
 * <p>
 * Finds the busiest threads over a window: reads one measure of every thread at the window's start and end (per-thread
 * counters, no safepoint) and ranks the differences with the JVM-internal threads where the platform shows them (CPU on
 * Linux). The stacks are spread over the window: at each of {@code snapshots - 1} evenly spaced instants within it the
 * leaders so far ({@link #LEADERS_PER_SHOWN_THREAD} per thread asked for) get a snapshot; the last snapshot is taken at
 * the window's end, of the threads shown (see {@link HotThreadsSnapshots}), each shown thread labelled with the
 * request it serves then. The first instant reads the measure of every thread alive at the window's start; the later
 * ones read only the leaders of the first and {@link #FOLLOWED_BEYOND_LEADERS} more, since reading thousands of
 * threads at every instant would cost more than the rest of the request. The ranking stays exact: every thread is read again at the window's end; a thread that starts
 * to burn after the first instant outside the followed ones is ranked by that reading, with fewer snapshots. On Java
 * 21 and later, {@code wait} and {@code block} also sample the tracked virtual threads at the same instants, which
 * the JVM does not measure, and show them ranked apart ({@link VirtualThreadStates}). Not thread-safe on its own: the
 * service runs one request at a time.
 *
 * @since 0.1.0
 */
public final class HotThreadsSampler {

	private static final long PID = ProcessHandle.current().pid();

	private static final String JVM = System.getProperty("java.vm.name", "?") + " "
			+ System.getProperty("java.vm.version", "?");

	private static final Duration DEFAULT_MAX_PAUSE = Duration.ofMillis(5);

	private static final long JAVA_TASKS_LIFETIME_NANOS = TimeUnit.MINUTES.toNanos(1);

	/** How many leaders get a snapshot within the window, per thread the request shows. */
	static final int LEADERS_PER_SHOWN_THREAD = 2;

	/**
	 * How many threads beyond the leaders of the first instant are read again at the later instants within the window:
	 * as many as {@code ignore_idle} may screen beyond the threads asked for.
	 */
	static final int FOLLOWED_BEYOND_LEADERS = HotThreadsSnapshots.MAX_EXTRA_SCREENED;

	private final ThreadMXBean threads;

	private final OperatingSystemMXBean os;

	private final @Nullable NativeTasks tasks;

	private final RequestContextRegistry requests;

	private final ThreadInfoChunks chunks;

	private final boolean handshakes;

	// Native ids of the tasks found to be Java threads, with their names; forgotten after JAVA_TASKS_LIFETIME, so that
	// a native id the kernel hands to a new thread is read again within that time.
	private final Map<Long, String> javaTasks = new HashMap<>();

	private long javaTasksReadAt;

	private final JvmThreadWindow.Listing listing = new JvmThreadWindow.Listing();

	// Called after each snapshot taken within the window, with its number (1 for the first): a seam for tests.
	private final IntConsumer afterSnapshotRound;

	/**
	 * Creates a sampler of this JVM whose reports name no request.
	 */
	public HotThreadsSampler() {
		this(new RequestContextRegistry());
	}

	/**
	 * Creates a sampler of this JVM whose shown threads say which request they serve, and whose snapshots on Java
	 * 17-20 are chunks of at most 5 ms pauses.
	 * @param requests what each thread serves, as the application's request hooks record it
	 */
	public HotThreadsSampler(RequestContextRegistry requests) {
		this(requests, new ThreadInfoChunks(ManagementFactory.getThreadMXBean(),
				ChunkSizer.adaptive(DEFAULT_MAX_PAUSE)));
	}

	/**
	 * Creates a sampler of this JVM whose shown threads say which request they serve.
	 * @param requests what each thread serves, as the application's request hooks record it
	 * @param chunks how snapshots are taken at safepoints on Java 17 to 20: the chunks of the capture, so that their
	 * pauses keep within the same bound
	 */
	public HotThreadsSampler(RequestContextRegistry requests, ThreadInfoChunks chunks) {
		this(ManagementFactory.getThreadMXBean(), ManagementFactory.getOperatingSystemMXBean(),
				NativeTasks.ofThisProcess(), requests, chunks, StackSnapshots.HANDSHAKE_STACK_WALKS, (round) -> {
				});
	}

	HotThreadsSampler(ThreadMXBean threads, OperatingSystemMXBean os, @Nullable NativeTasks tasks,
			RequestContextRegistry requests, IntConsumer afterSnapshotRound) {
		this(threads, os, tasks, requests, new ThreadInfoChunks(threads, ChunkSizer.adaptive(DEFAULT_MAX_PAUSE)),
				StackSnapshots.HANDSHAKE_STACK_WALKS, afterSnapshotRound);
	}

	HotThreadsSampler(ThreadMXBean threads, OperatingSystemMXBean os, @Nullable NativeTasks tasks,
			RequestContextRegistry requests, ThreadInfoChunks chunks, boolean handshakes,
			IntConsumer afterSnapshotRound) {
		this.threads = threads;
		this.os = os;
		this.tasks = tasks;
		this.requests = requests;
		this.chunks = chunks;
		this.handshakes = handshakes;
		this.afterSnapshotRound = afterSnapshotRound;
	}

	/**
	 * Measures, ranks and takes the stacks of the busiest threads.
	 * @param request the request
	 * @param startedNanos the {@link System#nanoTime()} the request started at
	 * @param deadlineNanos the {@link System#nanoTime()} by which the request must end
	 * @return the report
	 * @throws InterruptedException if the calling thread is interrupted during the window
	 */
	public HotThreadsReport sample(HotThreadsRequest request, long startedNanos, long deadlineNanos)
			throws InterruptedException {
		Instant capturedAt = Instant.now();
		List<String> notices = new ArrayList<>();
		JavaThreadMeters meters = new JavaThreadMeters(this.threads);
		Runnable restore = meters.switchOn(request.type(), notices);
		HotThreadsSnapshots snapshots = new HotThreadsSnapshots(new StackSnapshots(this.chunks, this.handshakes),
				request, this.requests);
		Window window;
		try {
			window = measure(request, meters, restore != null, snapshots, deadlineNanos, notices);
		}
		finally {
			if (restore != null) {
				restore.run();
			}
		}
		JvmThreadWindow jvmThreads = window.jvmThreads();
		List<HotThread> shown = snapshots.show(window.ranking().candidates(),
				(name) -> (jvmThreads != null) ? jvmThreads.nativeIdOf(name) : -1);
		VirtualThreadStates virtual = window.virtual();
		List<HotThread> sampled = (virtual != null) ? virtual.withMeasures(snapshots.show(virtual.candidates(
				request.threads() + HotThreadsSnapshots.MAX_EXTRA_SCREENED, request.filter(), window.nanos()),
				(name) -> -1)) : List.of();
		return new HotThreadsReport(PID, JVM, request, capturedAt, Duration.ofNanos(window.nanos()),
				StackSnapshots.method(this.handshakes), snapshots.safepointPauses(), jvmThreads != null,
				window.ranking().measured(), window.processCpuNanos(), window.ranking().total(), shown, notices,
				Duration.ofNanos(System.nanoTime() - startedNanos), window.sampling(), sampled);
	}

	private Window measure(HotThreadsRequest request, JavaThreadMeters meters, boolean javaMeasured,
			HotThreadsSnapshots snapshots, long deadlineNanos, List<String> notices) throws InterruptedException {
		HotThreadsType type = request.type();
		// The process is read first and last, so that its window holds every thread's.
		long processCpuStart = processCpuNanos();
		Thread[] before = liveThreads();
		long[] beforeIds = ids(before);
		long[] startValues = javaMeasured ? meters.read(type, beforeIds) : new long[0];
		JvmThreadWindow jvmThreads = startJvmThreads(type, before, beforeIds, notices);
		VirtualThreadStates virtual = VirtualThreadStates.start(type, this.requests, before, notices);
		long windowStart = System.nanoTime();
		long windowEnd = Math.min(windowStart + request.interval().toNanos(), deadlineNanos);
		int rounds = request.snapshots();
		int leaders = request.threads() * LEADERS_PER_SHOWN_THREAD;
		Followed followed = new Followed(before, beforeIds, startValues);
		for (int round = 1; round < rounds && (javaMeasured || virtual != null); round++) {
			sleepUntil(windowStart + (windowEnd - windowStart) * round / rounds);
			if (javaMeasured) {
				long[] values = meters.read(type, followed.ids());
				snapshots.takeOf(Leaders.of(followed.threads(), followed.startValues(), values, leaders,
						request.filter()));
				if (round == 1) {
					followed = followed.narrowTo(values, leaders + FOLLOWED_BEYOND_LEADERS, request.filter());
				}
			}
			if (virtual != null) {
				virtual.sample();
				snapshots.takeOf(virtual.leaders(leaders, request.filter()));
			}
			this.afterSnapshotRound.accept(round);
		}
		sleepUntil(windowEnd);
		if (virtual != null) {
			virtual.sample();
		}
		Thread[] after = liveThreads();
		long[] afterIds = ids(after);
		long[] endValues = javaMeasured ? meters.read(type, afterIds) : new long[0];
		List<NativeTasks.Task> internal = endJvmThreads(jvmThreads, after, afterIds, notices);
		long processCpuEnd = processCpuNanos();
		long windowNanos = System.nanoTime() - windowStart;
		Ranking.JavaReadings java = javaMeasured
				? new Ranking.JavaReadings(beforeIds, startValues, after, afterIds, endValues)
				: new Ranking.JavaReadings(new long[0], new long[0], new Thread[0], new long[0], new long[0]);
		Ranking ranking = Ranking.of(java, internal, request.filter(),
				request.threads() + HotThreadsSnapshots.MAX_EXTRA_SCREENED);
		long processCpu = (processCpuStart >= 0 && processCpuEnd >= 0) ? processCpuEnd - processCpuStart : -1;
		VirtualThreadSampling sampling = (virtual != null) ? virtual.describe(before, notices) : null;
		return new Window(ranking, windowNanos, processCpu, jvmThreads, (sampling != null) ? virtual : null, sampling);
	}

	private static void sleepUntil(long nanos) throws InterruptedException {
		for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
	}

	private @Nullable JvmThreadWindow startJvmThreads(HotThreadsType type, Thread[] before, long[] beforeIds,
			List<String> notices) {
		if (type != HotThreadsType.CPU) {
			return null;
		}
		NativeTasks tasks = this.tasks;
		if (tasks == null) {
			notices.add("JVM-internal threads (garbage collector, compiler, VM thread) are not measured: no "
					+ "/proc/self/task on this platform");
			return null;
		}
		long now = System.nanoTime();
		if (now - this.javaTasksReadAt > JAVA_TASKS_LIFETIME_NANOS) {
			this.javaTasks.clear();
			this.javaTasksReadAt = now;
		}
		try {
			return JvmThreadWindow.start(tasks, before, beforeIds, PID, this.javaTasks, this.listing);
		}
		catch (IOException ex) {
			notices.add("JVM-internal threads are not measured: " + ex);
			return null;
		}
	}

	private static List<NativeTasks.Task> endJvmThreads(@Nullable JvmThreadWindow window, Thread[] after,
			long[] afterIds, List<String> notices) {
		if (window == null) {
			return List.of();
		}
		try {
			return window.end(after, afterIds);
		}
		catch (IOException ex) {
			notices.add("JVM-internal threads are not measured: " + ex);
			return List.of();
		}
	}

	private long processCpuNanos() {
		return (this.os instanceof com.sun.management.OperatingSystemMXBean sun) ? sun.getProcessCpuTime() : -1;
	}

	/** Every live platform thread but the one serving this request. */
	private static Thread[] liveThreads() {
		Thread self = Thread.currentThread();
		return Arrays.stream(ThreadDirectory.snapshot()).filter((thread) -> thread != self)
			.toArray(Thread[]::new);
	}

	private static long[] ids(Thread[] threads) {
		long[] ids = new long[threads.length];
		for (int i = 0; i < threads.length; i++) {
			ids[i] = idOf(threads[i]);
		}
		return ids;
	}

	static long idOf(Thread thread) {
		return ThreadDirectory.idOf(thread);
	}

	/**
	 * A ranked thread.
	 *
	 * @param thread the Java thread, or {@code null} for a JVM-internal one
	 * @param id the Java id, or {@code -1}
	 * @param nativeId the native id of a JVM-internal thread, or {@code -1}
	 * @param name the name
	 * @param value the measured value over the window
	 */
	record Candidate(@Nullable Thread thread, long id, long nativeId, String name, long value) {

	}

	/**
	 * What the window measured; {@code jvmThreads} is {@code null} when JVM-internal threads were not measured, and
	 * {@code virtual} and {@code sampling} when virtual threads were not sampled.
	 */
	private record Window(Ranking ranking, long nanos, long processCpuNanos, @Nullable JvmThreadWindow jvmThreads,
			@Nullable VirtualThreadStates virtual, @Nullable VirtualThreadSampling sampling) {

	}

}
