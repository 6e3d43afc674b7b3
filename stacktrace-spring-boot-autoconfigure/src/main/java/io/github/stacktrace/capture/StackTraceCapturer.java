package io.github.stacktrace.capture;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import io.github.stacktrace.report.ThreadLocks;
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
			virtualThreads = captureTracked(request, unresolved, currentId, pauses, deadlineNanos, notices);
			if (request.isSelective()) {
				for (ThreadCapture capture : virtualThreads) {
					captures[unresolved.get(capture.id())] = capture;
				}
			}
		}
		if (virtualOutcome == null) {
			VirtualThreadCapture.Captured virtual = this.virtualThreads.capture(request,
					request.isSelective() ? unresolved.keySet() : null, currentId,
					() -> this.currentThread.capture(currentId, request.mode(), pauses, true), deadlineNanos);
			virtualOutcome = virtual.outcome();
			notices.addAll(virtual.notices());
			virtual.markCarriers(captures);
			virtualThreads = virtual.captures();
			if (request.isSelective()) {
				for (ThreadCapture capture : virtualThreads) {
					captures[unresolved.get(capture.id())] = capture;
				}
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
		DeadlockSearch deadlocks = request.mode().includesLocks()
				? searchDeadlocks(threads.toArray(new ThreadCapture[0]), coversEveryThread(request), deadlineNanos,
						pauses)
				: DeadlockSearch.NOT_LOOKED_FOR;
		threads = keepFilteredStates(served.attach(threads), request.filter());
		String method = selection.coversPlatformThreads() ? strategy.method() : VIRTUAL_ONLY_METHOD;
		return new StackTraceReport(PID, JVM, capturedAt, request, method, pauses.count(), threads,
				Duration.ofNanos(System.nanoTime() - startedNanos), deadlocks, notices, virtualOutcome);
	}

	/**
	 * Captures the tracked virtual threads a request covers, one by one within the per-thread timeout and the
	 * request's budget, where the JDK's thread dump is turned off.
	 * @return the captures in ascending id order
	 */
	private List<ThreadCapture> captureTracked(StackTraceRequest request, Map<Long, Integer> unresolved,
			long currentId, SafepointPauses pauses, long deadlineNanos, List<String> notices)
			throws InterruptedException {
		notices.add(TrackedVirtualThreads.NOTICE);
		TrackedVirtualThreads.Selection tracked = TrackedVirtualThreads.select(this.requests,
				request.isSelective() ? unresolved.keySet() : null, request.filter(), currentId);
		VirtualThreadFacts facts = VirtualThreadFacts.ofVirtual(null, -1);
		List<ThreadCapture> captures = new ArrayList<>(tracked.targets().size() + 1);
		if (tracked.includesCurrent() && !request.isSelective()) {
			ThreadCapture own = this.currentThread.capture(currentId, request.mode(), pauses, true);
			if (request.filter().states().isEmpty() && request.filter().nameGlob() == null
					|| request.filter().matches(own.state(), own.name())) {
				captures.add(own.withVirtual(facts));
			}
		}
		if (!tracked.targets().isEmpty()) {
			for (ThreadCapture capture : this.perThread.capture(tracked.targets(), request, deadlineNanos, pauses)) {
				captures.add(capture.withVirtual(facts));
			}
			if (request.mode().includesLocks()) {
				notices.add(TrackedVirtualThreads.NO_LOCKS_NOTICE);
			}
		}
		captures.sort(Comparator.comparingLong(ThreadCapture::id));
		int untracked = unresolved.size() - captures.size();
		if (request.isSelective() && request.filter().isEmpty() && untracked > 0) {
			notices.add(untracked + " ids asked for are no live platform thread's nor a tracked virtual thread's and"
					+ " are reported thread_exited; with the JDK's thread dump turned off, the id of a live virtual"
					+ " thread that serves no request or Spring task is reported the same way");
		}
		return captures;
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
	 * Looks for deadlocks within what is left of the budget; not at all when the capture already ran out of time,
	 * since the detection needs the same safepoint that was not reached. The JVM's detection is a safepoint of its
	 * own over every thread, so when the capture covered every thread and none of them could be in a cycle, the
	 * answer is known without asking: a cycle needs each of its threads waiting for a lock another one owns.
	 */
	private DeadlockSearch searchDeadlocks(ThreadCapture[] captures, boolean everyThread, long deadlineNanos,
			SafepointPauses pauses) throws InterruptedException {
		for (ThreadCapture capture : captures) {
			if (capture.status() == CaptureStatus.TIMEOUT) {
				return DeadlockSearch.UNKNOWN;
			}
		}
		if (everyThread && !mayBeDeadlocked(Arrays.asList(captures))) {
			return DeadlockSearch.found(List.of());
		}
		return (System.nanoTime() - deadlineNanos < 0) ? this.deadlocks.search(deadlineNanos, pauses)
				: DeadlockSearch.UNKNOWN;
	}

	/**
	 * Whether the request's captures are every live thread the JVM's detection could name: no thread ids, no filter.
	 * Only then does a capture that saw no waiting thread prove there is no deadlock.
	 */
	static boolean coversEveryThread(StackTraceRequest request) {
		return request.threadIds() == null && request.filter().isEmpty();
	}

	/**
	 * Whether any captured thread could be part of a deadlock cycle: {@code BLOCKED} on a monitor, or waiting for a
	 * lock that has an owner. A thread waiting on a condition, a latch or a sleep has no owner to wait for, and a
	 * thread that was not captured may be waiting for anything.
	 * @param captures the captures, with their locks (FULL modes)
	 * @return {@code true} when the JVM's detection has something to find
	 */
	static boolean mayBeDeadlocked(List<ThreadCapture> captures) {
		for (ThreadCapture capture : captures) {
			if (capture.state() == Thread.State.BLOCKED) {
				return true;
			}
			ThreadLocks locks = capture.locks();
			if (locks == null) {
				// Exited, or skipped while running in a system call: waiting for no lock. Otherwise unknown.
				if (capture.status() != CaptureStatus.THREAD_EXITED
						&& capture.status() != CaptureStatus.SKIPPED_BLOCKING_SYSCALL) {
					return true;
				}
			}
			else if (locks.waitingFor() != null && locks.ownerId() >= 0) {
				return true;
			}
		}
		return false;
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
