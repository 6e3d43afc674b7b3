package io.github.stacktrace;

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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Captures the stacks of the live JVM's threads, one request at a time. Usable without Spring:
 * {@code new StackTraceCaptureService(settings, listener).capture(request)} returns an immutable report.
 * <p>
 * The strategy follows the JDK: on Java 21 and later stacks are taken thread by thread (no safepoint) unless lock
 * information is wanted; otherwise one bulk call takes them all (one safepoint). A second request while one runs
 * fails at once with {@link CaptureInProgressException}.
 */
public final class StackTraceCaptureService {

	private static final long PID = ProcessHandle.current().pid();

	private static final String JVM = System.getProperty("java.vm.name", "?") + " "
			+ System.getProperty("java.vm.version", "?");

	// Up to this many ids, scanning the thread array beats building an index of every live thread.
	private static final int SCAN_LOOKUP_LIMIT = 8;

	private static final boolean HANDSHAKE_STACK_WALKS = Runtime.version().feature() >= 21;

	private final StackTraceSettings settings;

	private final CaptureListener listener;

	private final ReentrantLock lock = new ReentrantLock();

	private final CaptureStrategy perThread;

	private final CaptureStrategy bulk;

	private final CaptureStrategy bulkWithMonitors;

	private final DeadlockDetector deadlocks;

	/**
	 * Creates a service.
	 * @param settings the engine's limits
	 * @param listener receives timings and outcomes
	 */
	public StackTraceCaptureService(StackTraceSettings settings, CaptureListener listener) {
		this.settings = Objects.requireNonNull(settings, "settings");
		this.listener = GuardedListener.of(Objects.requireNonNull(listener, "listener"));
		this.perThread = new PerThreadCaptureStrategy(settings.maxStalledCaptures());
		this.bulk = new BulkCaptureStrategy(false);
		this.bulkWithMonitors = new BulkCaptureStrategy(true);
		this.deadlocks = new DeadlockDetector(ManagementFactory.getThreadMXBean());
	}

	/**
	 * Captures the requested threads.
	 * @param request the validated request
	 * @return the report
	 * @throws CaptureInProgressException if another capture is running
	 * @throws StackTraceCaptureException if the capture fails as a whole
	 */
	public StackTraceReport capture(StackTraceRequest request) {
		long started = System.nanoTime();
		if (!this.lock.tryLock()) {
			this.listener.requestCompleted(CaptureOutcome.CONFLICT, request.mode(), request.isSelective(),
					System.nanoTime() - started);
			throw new CaptureInProgressException();
		}
		CaptureOutcome outcome = CaptureOutcome.ERROR;
		try {
			this.listener.captureStarted();
			StackTraceReport report = captureLocked(request, started);
			this.listener.threadsCaptured(CaptureSummary.countByStatus(report.threads()));
			outcome = CaptureOutcome.OK;
			return report;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StackTraceCaptureException("interrupted while capturing thread stacks", ex);
		}
		catch (StackTraceCaptureException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new StackTraceCaptureException("thread stack capture failed: " + ex, ex);
		}
		finally {
			// Ended before the next capture can start, so a 0/1 gauge never reads 2.
			this.listener.captureEnded();
			this.lock.unlock();
			this.listener.requestCompleted(outcome, request.mode(), request.isSelective(),
					System.nanoTime() - started);
		}
	}

	/**
	 * Reports a request that was rejected before capturing, so listeners see every request.
	 * @param selective whether the request named threads
	 * @param durationNanos how long validating it took
	 */
	public void recordRejectedRequest(boolean selective, long durationNanos) {
		this.listener.requestCompleted(CaptureOutcome.BAD_REQUEST, null, selective, durationNanos);
	}

	/**
	 * Whether a capture is running now.
	 * @return {@code true} while a capture holds the single-flight slot
	 */
	public boolean isCaptureRunning() {
		return this.lock.isLocked();
	}

	/**
	 * The name of the method a request with this mode would use, as the report header shows it.
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

	private StackTraceReport captureLocked(StackTraceRequest request, long started) throws InterruptedException {
		Instant capturedAt = Instant.now();
		long deadline = started + this.settings.maxRequestDuration().toNanos();
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
			List<ThreadCapture> remote = strategy.capture(targets, request, deadline);
			for (int t = 0; t < remote.size(); t++) {
				captures[targetSlots[t]] = remote.get(t);
			}
		}
		List<List<Long>> cycles = request.mode().includesLocks() ? findDeadlocks(captures, deadline) : null;
		List<ThreadCapture> threads = keepFilteredStates(Arrays.asList(captures), request.filter());
		return new StackTraceReport(PID, JVM, capturedAt, request, strategy.method(), threads,
				CaptureSummary.of(threads), Duration.ofNanos(System.nanoTime() - started), cycles);
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
	private @Nullable List<List<Long>> findDeadlocks(ThreadCapture[] captures, long deadline)
			throws InterruptedException {
		for (ThreadCapture capture : captures) {
			if (capture.status() == CaptureStatus.TIMEOUT) {
				return null;
			}
		}
		return (System.nanoTime() - deadline < 0) ? this.deadlocks.findCycles(deadline) : null;
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
		List<StackTraceElement> frames = List.of(Arrays.copyOfRange(stack, skip, stack.length));
		return ThreadCapture.captured(id, current.getName(), current.getState(), CaptureStatus.OK_CURRENT_THREAD,
				frames, null);
	}

	private static boolean isOwnFrame(StackTraceElement frame) {
		return frame.getClassName().equals(Thread.class.getName())
				|| frame.getClassName().equals(StackTraceCaptureService.class.getName());
	}

}
