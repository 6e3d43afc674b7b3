package io.github.stacktrace.hot;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import io.github.stacktrace.capture.ThreadDirectory;
import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.report.HotThread;
import io.github.stacktrace.report.HotThreadsReport;
import io.github.stacktrace.report.HotThreadsRequest;
import io.github.stacktrace.report.HotThreadsType;
import io.github.stacktrace.report.ThreadFilter;
import org.jspecify.annotations.Nullable;

/**
 * Internal: public only for the capture service, which lives in another package; applications call
 * {@link io.github.stacktrace.StackTraceCaptureService#hotThreads StackTraceCaptureService#hotThreads}.
 * <p>
 * Finds the busiest threads over a window: reads one measure of every thread at the window's start and end (per-thread
 * counters, no safepoint) and ranks the differences with the JVM-internal threads where the platform shows them (CPU on
 * Linux). The stacks are spread over the window: at each of {@code snapshots - 1} evenly spaced instants within it the
 * measure of the threads alive at its start is read again, and the leaders so far ({@link #LEADERS_PER_SHOWN_THREAD}
 * per thread asked for) get a snapshot; the last snapshot is taken at the window's end, of the threads shown (see
 * {@link HotThreadsSnapshots}), each shown thread labelled with the request it serves then. Not thread-safe on its own:
 * the service runs one request at a time.
 *
 * @since 0.1.0
 */
public final class HotThreadsSampler {

	private static final long PID = ProcessHandle.current().pid();

	private static final String JVM = System.getProperty("java.vm.name", "?") + " "
			+ System.getProperty("java.vm.version", "?");

	private static final long JAVA_TASKS_LIFETIME_NANOS = TimeUnit.MINUTES.toNanos(1);

	/** How many leaders get a snapshot within the window, per thread the request shows. */
	static final int LEADERS_PER_SHOWN_THREAD = 2;

	private final ThreadMXBean threads;

	private final OperatingSystemMXBean os;

	private final @Nullable NativeTasks tasks;

	private final RequestContextRegistry requests;

	// Native ids of the tasks found to be Java threads, with their names; forgotten after JAVA_TASKS_LIFETIME, so that
	// a native id the kernel hands to a new thread is read again within that time.
	private final Map<Long, String> javaTasks = new HashMap<>();

	private long javaTasksReadAt;

	// Called after each snapshot taken within the window, with its number (1 for the first): a seam for tests.
	private final IntConsumer afterSnapshotRound;

	/**
	 * Creates a sampler of this JVM whose reports name no request.
	 */
	public HotThreadsSampler() {
		this(new RequestContextRegistry());
	}

	/**
	 * Creates a sampler of this JVM whose shown threads say which request they serve.
	 * @param requests what each thread serves, as the application's request hooks record it
	 */
	public HotThreadsSampler(RequestContextRegistry requests) {
		this(ManagementFactory.getThreadMXBean(), ManagementFactory.getOperatingSystemMXBean(),
				NativeTasks.ofThisProcess(), requests, (round) -> {
				});
	}

	HotThreadsSampler(ThreadMXBean threads, OperatingSystemMXBean os, @Nullable NativeTasks tasks,
			RequestContextRegistry requests, IntConsumer afterSnapshotRound) {
		this.threads = threads;
		this.os = os;
		this.tasks = tasks;
		this.requests = requests;
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
		HotThreadsSnapshots snapshots = new HotThreadsSnapshots(this.threads, request, this.requests);
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
		List<HotThread> shown = snapshots.show(window.ranked(),
				(name) -> (jvmThreads != null) ? jvmThreads.nativeIdOf(name) : -1);
		return new HotThreadsReport(PID, JVM, request, capturedAt, Duration.ofNanos(window.nanos()),
				StackSnapshots.method(), snapshots.safepointPauses(), jvmThreads != null,
				window.ranked().size(), window.processCpuNanos(), window.totalValue(), shown, notices,
				Duration.ofNanos(System.nanoTime() - startedNanos));
	}

	private Window measure(HotThreadsRequest request, JavaThreadMeters meters, boolean javaMeasured,
			HotThreadsSnapshots snapshots, long deadlineNanos, List<String> notices) throws InterruptedException {
		HotThreadsType type = request.type();
		// The process is read first and last, so that its window holds every thread's.
		long processCpuStart = processCpuNanos();
		Thread[] before = liveThreads();
		long[] beforeIds = ids(before);
		long[] startValues = javaMeasured ? meters.read(type, beforeIds) : new long[0];
		JvmThreadWindow jvmThreads = startJvmThreads(type, before, notices);
		long windowStart = System.nanoTime();
		long windowEnd = Math.min(windowStart + request.interval().toNanos(), deadlineNanos);
		int rounds = request.snapshots();
		int leaders = request.threads() * LEADERS_PER_SHOWN_THREAD;
		for (int round = 1; round < rounds && javaMeasured; round++) {
			sleepUntil(windowStart + (windowEnd - windowStart) * round / rounds);
			long[] values = meters.read(type, beforeIds);
			snapshots.takeOf(Leaders.of(before, startValues, values, leaders, request.filter()));
			this.afterSnapshotRound.accept(round);
		}
		sleepUntil(windowEnd);
		Thread[] after = liveThreads();
		long[] endValues = javaMeasured ? meters.read(type, ids(after)) : new long[0];
		List<NativeTasks.Task> internal = endJvmThreads(jvmThreads, after, notices);
		long processCpuEnd = processCpuNanos();
		long windowNanos = System.nanoTime() - windowStart;
		List<Candidate> ranked = new ArrayList<>();
		if (javaMeasured) {
			addJavaThreads(ranked, before, startValues, after, endValues, request.filter());
		}
		for (NativeTasks.Task task : internal) {
			if (request.filter().states().isEmpty()
					&& (request.filter().nameGlob() == null || request.filter().matches(Thread.State.RUNNABLE, task.name()))) {
				ranked.add(new Candidate(null, -1, task.id(), task.name(), task.cpuNanos()));
			}
		}
		ranked.sort(Comparator.comparingLong(Candidate::value).reversed().thenComparingLong(Candidate::id));
		long total = ranked.stream().mapToLong(Candidate::value).sum();
		long processCpu = (processCpuStart >= 0 && processCpuEnd >= 0) ? processCpuEnd - processCpuStart : -1;
		return new Window(ranked, windowNanos, processCpu, total, jvmThreads);
	}

	private static void sleepUntil(long nanos) throws InterruptedException {
		for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
	}

	private @Nullable JvmThreadWindow startJvmThreads(HotThreadsType type, Thread[] before, List<String> notices) {
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
			return JvmThreadWindow.start(tasks, before, PID, this.javaTasks);
		}
		catch (IOException ex) {
			notices.add("JVM-internal threads are not measured: " + ex);
			return null;
		}
	}

	private static List<NativeTasks.Task> endJvmThreads(@Nullable JvmThreadWindow window, Thread[] after,
			List<String> notices) {
		if (window == null) {
			return List.of();
		}
		try {
			return window.end(after);
		}
		catch (IOException ex) {
			notices.add("JVM-internal threads are not measured: " + ex);
			return List.of();
		}
	}

	/**
	 * Ranks the Java threads alive at the window's end: a thread that started during the window counts from zero, one
	 * that ended during it is not shown.
	 */
	private static void addJavaThreads(List<Candidate> ranked, Thread[] before, long[] startValues, Thread[] after,
			long[] endValues, ThreadFilter filter) {
		Map<Long, Long> startById = new HashMap<>(before.length * 2);
		for (int i = 0; i < before.length; i++) {
			startById.put(idOf(before[i]), startValues[i]);
		}
		for (int i = 0; i < after.length; i++) {
			Thread thread = after[i];
			if (endValues[i] < 0 || !filter.matches(thread.getState(), thread.getName())) {
				continue;
			}
			long start = Math.max(0, startById.getOrDefault(idOf(thread), 0L));
			// The native id is looked up for the threads shown only.
			ranked.add(new Candidate(thread, idOf(thread), -1, thread.getName(), Math.max(0, endValues[i] - start)));
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

	/** What the window measured; {@code jvmThreads} is {@code null} when JVM-internal threads were not measured. */
	private record Window(List<Candidate> ranked, long nanos, long processCpuNanos, long totalValue,
			@Nullable JvmThreadWindow jvmThreads) {

	}

}
