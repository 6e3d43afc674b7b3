package io.github.stacktrace.capture;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import org.jspecify.annotations.Nullable;

/**
 * Takes the stacks one request asks for and builds its report. The way follows the JDK: on Java 21 and later stacks
 * are taken thread by thread (no safepoint) unless lock information is wanted; otherwise one bulk call takes them all
 * (one safepoint). Not thread-safe on its own: {@code StackTraceCaptureService} runs one capture at a time and is
 * what applications call.
 */
public final class StackTraceCapturer {

	private static final long PID = ProcessHandle.current().pid();

	private static final String JVM = System.getProperty("java.vm.name", "?") + " "
			+ System.getProperty("java.vm.version", "?");

	// Up to this many ids, scanning the thread array beats building an index of every live thread.
	private static final int SCAN_LOOKUP_LIMIT = 8;

	private static final String CAPTURE_PACKAGE = StackTraceCapturer.class.getPackageName();

	private static final boolean HANDSHAKE_STACK_WALKS = Runtime.version().feature() >= 21;

	private final CaptureStrategy perThread;

	private final CaptureStrategy bulk;

	private final CaptureStrategy bulkWithMonitors;

	private final DeadlockDetector deadlocks;

	/**
	 * Creates a capturer.
	 * @param maxStalledCaptures how many stalled per-thread captures one request may abandon before it gives up on the
	 * threads left
	 */
	public StackTraceCapturer(int maxStalledCaptures) {
		this.perThread = new PerThreadCaptureStrategy(maxStalledCaptures);
		this.bulk = new BulkCaptureStrategy(false);
		this.bulkWithMonitors = new BulkCaptureStrategy(true);
		this.deadlocks = new DeadlockDetector(ManagementFactory.getThreadMXBean());
	}

	/**
	 * The name of the method a request with this mode uses, as the report header shows it.
	 * @param mode the detail mode
	 * @return the capture method
	 */
	public String captureMethod(DetailMode mode) {
		return strategyFor(mode).method();
	}

	private CaptureStrategy strategyFor(DetailMode mode) {
		if (mode.includesLocks()) {
			return this.bulkWithMonitors;
		}
		return HANDSHAKE_STACK_WALKS ? this.perThread : this.bulk;
	}

	/**
	 * Captures the requested threads.
	 * @param request the request
	 * @param startedNanos the {@link System#nanoTime()} the request started at
	 * @param deadlineNanos the {@link System#nanoTime()} by which the capture must end
	 * @return the report
	 * @throws CaptureFailedException if a JVM call the whole capture depends on fails
	 * @throws InterruptedException if the calling thread is interrupted
	 */
	public StackTraceReport capture(StackTraceRequest request, long startedNanos, long deadlineNanos)
			throws InterruptedException {
		Instant capturedAt = Instant.now();
		List<RequestedThread> requested = requestedThreads(request, ThreadDirectory.snapshot());
		long currentId = ThreadDirectory.idOf(Thread.currentThread());
		ThreadCapture[] captures = new ThreadCapture[requested.size()];
		List<CaptureTarget> targets = new ArrayList<>(requested.size());
		int[] targetSlots = new int[requested.size()];
		for (int i = 0; i < requested.size(); i++) {
			RequestedThread slot = requested.get(i);
			if (slot.id() == currentId) {
				captures[i] = captureCurrentThread(currentId);
			}
			else if (slot.thread() == null) {
				captures[i] = ThreadCapture.exited(slot.id(), null);
			}
			else {
				targetSlots[targets.size()] = i;
				targets.add(new CaptureTarget(slot.id(), slot.thread()));
			}
		}
		CaptureStrategy strategy = strategyFor(request.mode());
		if (Thread.interrupted()) {
			// An interrupted caller is being cancelled: it starts no capture.
			throw new InterruptedException("interrupted before capturing");
		}
		if (!targets.isEmpty()) {
			List<ThreadCapture> remote = strategy.capture(targets, request, deadlineNanos);
			for (int t = 0; t < remote.size(); t++) {
				captures[targetSlots[t]] = remote.get(t);
			}
		}
		DeadlockSearch deadlocks = request.mode().includesLocks() ? searchDeadlocks(captures, deadlineNanos)
				: DeadlockSearch.NOT_LOOKED_FOR;
		List<ThreadCapture> threads = keepFilteredStates(Arrays.asList(captures), request.filter());
		return new StackTraceReport(PID, JVM, capturedAt, request, strategy.method(), threads,
				Duration.ofNanos(System.nanoTime() - startedNanos), deadlocks);
	}

	/**
	 * The threads a request asks for, in report order: every live thread by ascending id, or the ids asked for, each
	 * once at its first position, with {@code null} for an id no live thread has; then the filter, which only live
	 * threads can pass.
	 */
	private static List<RequestedThread> requestedThreads(StackTraceRequest request, Thread[] live) {
		List<Long> asked = request.threadIds();
		List<RequestedThread> requested;
		if (asked == null) {
			requested = new ArrayList<>(live.length);
			for (Thread thread : live) {
				// The capture threads are this tool's machinery; they are reported only when asked for by id.
				if (!CaptureThreads.isCaptureThread(thread)) {
					requested.add(new RequestedThread(ThreadDirectory.idOf(thread), thread));
				}
			}
			requested.sort(Comparator.comparingLong(RequestedThread::id));
		}
		else {
			Set<Long> unique = new LinkedHashSet<>(asked);
			Map<Long, Thread> byId = (unique.size() > SCAN_LOOKUP_LIMIT) ? index(live) : null;
			requested = new ArrayList<>(unique.size());
			for (long id : unique) {
				requested.add(new RequestedThread(id, (byId != null) ? byId.get(id) : find(live, id)));
			}
		}
		ThreadFilter filter = request.filter();
		if (!filter.isEmpty()) {
			// Filters choose among live threads, before any stack is taken; an unknown id matches no filter.
			requested.removeIf((slot) -> slot.thread() == null
					|| !filter.matches(slot.thread().getState(), slot.thread().getName()));
		}
		return requested;
	}

	/**
	 * Looks for deadlocks within what is left of the budget; not at all when the capture already ran out of time,
	 * since the detection needs the same safepoint that was not reached.
	 */
	private DeadlockSearch searchDeadlocks(ThreadCapture[] captures, long deadlineNanos)
			throws InterruptedException {
		for (ThreadCapture capture : captures) {
			if (capture.status() == CaptureStatus.TIMEOUT) {
				return DeadlockSearch.UNKNOWN;
			}
		}
		return (System.nanoTime() - deadlineNanos < 0) ? this.deadlocks.search(deadlineNanos)
				: DeadlockSearch.UNKNOWN;
	}

	/**
	 * Drops captured threads whose state changed, between listing and capture, to one the filter does not keep.
	 */
	private static List<ThreadCapture> keepFilteredStates(List<ThreadCapture> captures, ThreadFilter filter) {
		if (filter.states().isEmpty()) {
			return captures;
		}
		List<ThreadCapture> kept = new ArrayList<>(captures.size());
		for (ThreadCapture capture : captures) {
			if (capture.state() == null || filter.states().contains(capture.state())) {
				kept.add(capture);
			}
		}
		return kept;
	}

	private static Map<Long, Thread> index(Thread[] live) {
		Map<Long, Thread> byId = new HashMap<>(live.length * 2);
		for (Thread thread : live) {
			byId.put(ThreadDirectory.idOf(thread), thread);
		}
		return byId;
	}

	private static @Nullable Thread find(Thread[] live, long id) {
		for (Thread thread : live) {
			if (ThreadDirectory.idOf(thread) == id) {
				return thread;
			}
		}
		return null;
	}

	/** A requested thread id and its live thread, or {@code null} when no live thread has the id. */
	private record RequestedThread(long id, @Nullable Thread thread) {

	}

	private static ThreadCapture captureCurrentThread(long id) {
		Thread current = Thread.currentThread();
		StackTraceElement[] stack = current.getStackTrace();
		int skip = 0;
		while (skip < stack.length && isOwnFrame(stack[skip])) {
			skip++;
		}
		// Then the frames of whoever asked this capturer, the service: the stack shown starts at its caller.
		String caller = (skip < stack.length) ? stack[skip].getClassName() : "";
		while (skip < stack.length && stack[skip].getClassName().equals(caller)) {
			skip++;
		}
		List<StackTraceElement> frames = List.of(Arrays.copyOfRange(stack, skip, stack.length));
		return ThreadCapture.captured(id, current.getName(), current.getState(), CaptureStatus.OK_CURRENT_THREAD,
				frames, null, null);
	}

	private static boolean isOwnFrame(StackTraceElement frame) {
		return frame.getClassName().equals(Thread.class.getName())
				|| frame.getClassName().startsWith(CAPTURE_PACKAGE + ".");
	}

}
