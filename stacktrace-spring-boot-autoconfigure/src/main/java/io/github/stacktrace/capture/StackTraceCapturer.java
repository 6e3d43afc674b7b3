package io.github.stacktrace.capture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.context.RequestContextRegistry;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.StackTraceReport;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadFilter;
import io.github.stacktrace.report.VirtualThreadFacts;
import io.github.stacktrace.report.VirtualThreadSelection;
import io.github.stacktrace.report.VirtualThreadsOutcome;
import org.jspecify.annotations.Nullable;

/**
 * Internal: public only for the capture service, which lives in another package; applications call
 * {@link io.github.stacktrace.StackTraceCaptureService StackTraceCaptureService}.
 * <p>
 * Takes the stacks one request asks for and builds its report. The way follows the JDK: on Java 21 and later stacks
 * are taken thread by thread (no safepoint) unless lock information is wanted; otherwise they are taken in chunks, one
 * safepoint per chunk, each pause kept within the configured maximum. Not thread-safe on its own: the service runs
 * one capture at a time.
 *
 * @since 0.1.0
 */
public final class StackTraceCapturer {

	private static final long PID = ProcessHandle.current().pid();

	private static final String JVM = System.getProperty("java.vm.name", "?") + " "
			+ System.getProperty("java.vm.version", "?");

	// Beyond this, a late answer is not scheduling noise: it is named in the report.
	private static final Duration LATE_ANSWER_NOTICE = Duration.ofMillis(100);

	private static final boolean HANDSHAKE_STACK_WALKS = Runtime.version().feature() >= 21;

	/** The {@code capture_method} of a request for virtual threads only. */
	static final String VIRTUAL_ONLY_METHOD = "jdk_thread_dump_json";

	private final CaptureStrategy perThread;

	private final CaptureStrategy bulk;

	private final CaptureStrategy bulkWithMonitors;

	private final DeadlockDetector deadlocks;

	private final VirtualThreadCapture virtualThreads;

	private final RequestContextRegistry requests;

	private final ThreadInfoChunks threadInfoChunks;

	private final CurrentThreadCapture currentThread;

	private final TrackedVirtualThreads trackedVirtualThreads;

	/**
	 * Creates a capturer that keeps each safepoint pause within 5 ms.
	 * @param maxStalledCaptures how many stalled per-thread captures one request may abandon before it gives up on the
	 * threads left
	 */
	public StackTraceCapturer(int maxStalledCaptures) {
		this(maxStalledCaptures, Duration.ofMillis(5));
	}

	/**
	 * Creates a capturer.
	 * @param maxStalledCaptures how many stalled captures (a thread's, or a chunk's) one request may abandon before
	 * it gives up on the threads left
	 * @param maxPause the longest safepoint pause one chunk of a bulk capture should cause
	 */
	public StackTraceCapturer(int maxStalledCaptures, Duration maxPause) {
		this(maxStalledCaptures, maxPause, new RequestContextRegistry());
	}

	/**
	 * Creates a capturer that labels each thread with the request it serves.
	 * @param maxStalledCaptures how many stalled captures (a thread's, or a chunk's) one request may abandon before
	 * it gives up on the threads left
	 * @param maxPause the longest safepoint pause one chunk of a bulk capture should cause
	 * @param requests what each thread serves
	 */
	public StackTraceCapturer(int maxStalledCaptures, Duration maxPause, RequestContextRegistry requests) {
		this(maxStalledCaptures, maxPause, requests, true);
	}

	/**
	 * Creates a capturer that labels each thread with the request it serves, and takes the JDK's thread dump (the
	 * source of the virtual threads) only when told to.
	 * @param maxStalledCaptures how many stalled captures (a thread's, or a chunk's) one request may abandon before
	 * it gives up on the threads left
	 * @param maxPause the longest safepoint pause one chunk of a bulk capture should cause
	 * @param requests what each thread serves
	 * @param dumpVirtualThreads whether the JDK's thread dump may be taken; when not, reports on a JDK that has virtual
	 * threads list the tracked ones and say {@code virtual_threads: tracked}
	 */
	public StackTraceCapturer(int maxStalledCaptures, Duration maxPause, RequestContextRegistry requests,
			boolean dumpVirtualThreads) {
		this(maxStalledCaptures, ChunkSizer.adaptive(maxPause), ManagementFactory.getThreadMXBean(),
				jdkDump(dumpVirtualThreads), requests, !dumpVirtualThreads && VirtualThreadDump.isSupported());
	}

	// Set up even where it is never taken: setting it up sweeps the dump directories ended JVMs left behind, and a JVM
	// that crashed during a dump (the very risk that turns the dump off on Java 25) leaves one.
	private static @Nullable VirtualThreadDump jdkDump(boolean taken) {
		VirtualThreadDump dump = VirtualThreadDump.ofJdk();
		return taken ? dump : null;
	}

	StackTraceCapturer(int maxStalledCaptures, ChunkSizer chunks, ThreadMXBean threads) {
		this(maxStalledCaptures, chunks, threads, VirtualThreadDump.ofJdk(), new RequestContextRegistry());
	}

	StackTraceCapturer(int maxStalledCaptures, ChunkSizer chunks, ThreadMXBean threads,
			@Nullable VirtualThreadDump virtualThreadDump) {
		this(maxStalledCaptures, chunks, threads, virtualThreadDump, new RequestContextRegistry());
	}

	StackTraceCapturer(int maxStalledCaptures, ChunkSizer chunks, ThreadMXBean threads,
			@Nullable VirtualThreadDump virtualThreadDump, RequestContextRegistry requests) {
		this(maxStalledCaptures, chunks, threads, virtualThreadDump, requests, false);
	}

	StackTraceCapturer(int maxStalledCaptures, ChunkSizer chunks, ThreadMXBean threads,
			@Nullable VirtualThreadDump virtualThreadDump, RequestContextRegistry requests, boolean dumpDisabled) {
		this.virtualThreads = new VirtualThreadCapture(virtualThreadDump, dumpDisabled);
		this.requests = requests;
		this.perThread = new PerThreadCaptureStrategy(maxStalledCaptures);
		this.bulk = new BulkCaptureStrategy(threads, false, chunks, maxStalledCaptures);
		this.threadInfoChunks = new ThreadInfoChunks(threads, chunks);
		// Locked monitors cost more per thread: that capture learns its own model.
		this.bulkWithMonitors = new BulkCaptureStrategy(threads, true, chunks.fresh(), maxStalledCaptures);
		this.deadlocks = new DeadlockDetector(threads);
		this.currentThread = new CurrentThreadCapture(threads);
		this.trackedVirtualThreads = new TrackedVirtualThreads(requests, this.perThread, this.currentThread);
	}

	/**
	 * The name of the method a request with this mode uses, as the report header shows it.
	 * @param mode the detail mode
	 * @return the capture method
	 */
	public String captureMethod(DetailMode mode) {
		return strategyFor(mode).method();
	}

	/**
	 * Chunks sized by the same sizer as this capturer's chunked captures in the FAST modes (the same call), for other
	 * requests that take many stacks at safepoints: what either measures sizes the chunks of both.
	 * @return the chunks
	 */
	public ThreadInfoChunks threadInfoChunks() {
		return this.threadInfoChunks;
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
		VirtualThreadSelection selection = request.virtualThreads();
		// With the dump turned off, an id no platform thread has may still be a virtual thread's: the report says so.
		boolean lookForVirtual = selection.coversVirtualThreads() && this.virtualThreads.mayExist();
		ServedRequests served = ServedRequests.select(this.requests,
				ThreadDirectory.requestedThreads(request, lookForVirtual), request.filter());
		List<ThreadDirectory.RequestedThread> requested = served.threads();
		Thread current = Thread.currentThread();
		long currentId = ThreadDirectory.idOf(current);
		boolean currentIsVirtual = VirtualThreadDump.isVirtual(current);
		ThreadCapture[] captures = new ThreadCapture[requested.size()];
		SafepointPauses pauses = new SafepointPauses();
		List<CaptureTarget> targets = new ArrayList<>(requested.size());
		int[] targetSlots = new int[requested.size()];
		// Ids no platform thread has, by their slot: virtual threads, or exited ones.
		Map<Long, Integer> unresolved = new LinkedHashMap<>();
		for (int i = 0; i < requested.size(); i++) {
			ThreadDirectory.RequestedThread slot = requested.get(i);
			if (slot.id() == currentId) {
				if (currentIsVirtual ? selection.coversVirtualThreads() : selection.coversPlatformThreads()) {
					ThreadCapture own = this.currentThread.capture(currentId, request.mode(), pauses, currentIsVirtual);
					captures[i] = currentIsVirtual ? own.withVirtual(VirtualThreadFacts.ofVirtual(null, -1)) : own;
				}
			}
			else if (slot.thread() == null) {
				if (lookForVirtual) {
					unresolved.put(slot.id(), i);
				}
				else {
					captures[i] = ThreadCapture.exited(slot.id(), null);
				}
			}
			else if (selection.coversPlatformThreads()) {
				targetSlots[targets.size()] = i;
				targets.add(new CaptureTarget(slot.id(), slot.thread()));
			}
		}
		CaptureStrategy strategy = strategyFor(request.mode());
		if (Thread.interrupted()) {
			// An interrupted caller is being cancelled: it starts no capture.
			throw new InterruptedException("interrupted before capturing");
		}
		List<String> notices = new ArrayList<>();
		if (!targets.isEmpty()) {
			long strategyStarted = System.nanoTime();
			List<ThreadCapture> remote = strategy.capture(targets, request, deadlineNanos, pauses);
			for (int t = 0; t < remote.size(); t++) {
				captures[targetSlots[t]] = remote.get(t);
			}
			long bound = Math.min(BulkCaptureStrategy.saturatedMultiply(request.timeoutPerThread().toNanos(), targets.size()),
					deadlineNanos - strategyStarted);
			noticeLateAnswer(notices, System.nanoTime() - strategyStarted, bound);
		}
		VirtualThreadsOutcome virtualOutcome = this.virtualThreads.outcomeWithoutDump(selection,
				request.isSelective() && unresolved.isEmpty());
		List<ThreadCapture> virtualThreads = List.of();
		if (virtualOutcome == VirtualThreadsOutcome.DISABLED) {
			virtualOutcome = VirtualThreadsOutcome.TRACKED;
			virtualThreads = this.trackedVirtualThreads.capture(request, unresolved.keySet(), currentId, pauses,
					deadlineNanos, notices);
		}
		if (virtualOutcome == null) {
			VirtualThreadCapture.Captured virtual = this.virtualThreads.capture(request,
					request.isSelective() ? unresolved.keySet() : null, currentId,
					() -> this.currentThread.capture(currentId, request.mode(), pauses, true), deadlineNanos);
			virtualOutcome = virtual.outcome();
			notices.addAll(virtual.notices());
			virtual.markCarriers(captures);
			virtualThreads = virtual.captures();
		}
		if (request.isSelective()) {
			for (ThreadCapture capture : virtualThreads) {
				captures[unresolved.get(capture.id())] = capture;
			}
		}
		for (Map.Entry<Long, Integer> slot : unresolved.entrySet()) {
			if (captures[slot.getValue()] == null) {
				captures[slot.getValue()] = VirtualThreadCapture.unresolvedId(slot.getKey(), virtualOutcome,
						request.filter().isEmpty());
			}
		}
		List<ThreadCapture> threads = new ArrayList<>(captures.length + (request.isSelective() ? 0 : virtualThreads.size()));
		for (ThreadCapture capture : captures) {
			if (capture != null) {
				threads.add(capture);
			}
		}
		if (!request.isSelective() && !virtualThreads.isEmpty()) {
			threads.addAll(virtualThreads);
			threads.sort(Comparator.comparingLong(ThreadCapture::id));
		}
		DeadlockSearch deadlocks = this.deadlocks.search(request, threads, deadlineNanos, pauses);
		threads = keepFilteredStates(served.attach(threads), request.filter());
		String method = selection.coversPlatformThreads() ? strategy.method() : VIRTUAL_ONLY_METHOD;
		return new StackTraceReport(PID, JVM, capturedAt, request, method, pauses.count(), threads,
				Duration.ofNanos(System.nanoTime() - startedNanos), deadlocks, notices, virtualOutcome);
	}

	/**
	 * Names a wait for the JVM that outlasted the bound the request set (its per-thread timeout times its threads,
	 * within its budget): a bulk call waits for a safepoint, which no timeout can cut short, and the waiting request
	 * thread is itself held by the pending safepoint. The threads are already reported; the notice says why the
	 * request took longer than it asked for.
	 * @param notices where to add the notice
	 * @param waitedNanos how long the capture took
	 * @param boundNanos how long it was meant to take at most
	 */
	static void noticeLateAnswer(List<String> notices, long waitedNanos, long boundNanos) {
		long lateNanos = waitedNanos - Math.max(0, boundNanos);
		if (lateNanos > LATE_ANSWER_NOTICE.toNanos()) {
			notices.add("the JVM answered " + Duration.ofNanos(lateNanos).toMillis() + " ms after this request's bound of "
					+ Duration.ofNanos(Math.max(0, boundNanos)).toMillis()
					+ " ms: stacks are taken at a safepoint here, and a thread that does not reach one holds every "
					+ "thread, this request's too, until it does");
		}
	}


	/**
	 * Drops the threads that left the states the filter keeps between listing and capture, exited ones included: a
	 * state filter shows only threads in a state asked for. A thread whose stack the JVM did not give in time or
	 * failed to give is kept (its state may be unknown): nothing is lost without a word.
	 */
	static List<ThreadCapture> keepFilteredStates(List<ThreadCapture> captures, ThreadFilter filter) {
		if (filter.states().isEmpty()) {
			return captures;
		}
		List<ThreadCapture> kept = new ArrayList<>(captures.size());
		for (ThreadCapture capture : captures) {
			boolean unanswered = capture.status() == CaptureStatus.TIMEOUT
					|| capture.status() == CaptureStatus.CAPTURE_ERROR;
			if (unanswered || (capture.state() != null && filter.states().contains(capture.state()))) {
				kept.add(capture);
			}
		}
		return kept;
	}

}
