package io.github.stacktrace.capture;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.stacktrace.capture.CaptureThreads.Call;
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadCounters;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;
import io.github.stacktrace.report.ThreadLocks.LockRef;
import io.github.stacktrace.report.TimeoutReason;
import org.jspecify.annotations.Nullable;

/**
 * Takes the requested stacks with {@link ThreadMXBean#getThreadInfo(long[], boolean, boolean, int)} in chunks: each
 * call is one safepoint, which stops every thread of the application while the JVM walks the chunk's stacks, so the
 * threads are taken a chunk at a time, each chunk sized so that its pause stays within the configured maximum. Used
 * where a per-thread walk would cost a safepoint per thread (Java 17 to 20) and where lock information is wanted
 * (the FULL modes).
 * <p>
 * The chunk sizes come from a {@link ChunkSizer} ({@link PauseModelSizer}: a model of a call's fixed cost and its
 * cost per thread, fitted to the chunks measured so far, aiming below the maximum). A safepoint cannot be cancelled,
 * so the per-thread timeout bounds each chunk: {@code timeout_ms} times its number of threads, within the request's
 * budget. A chunk that outlasts it has its threads reported {@code timeout}, and the next chunk goes on; past as many
 * stalled chunks as the request may abandon, the threads left are given up. Locked ownable synchronizers are never
 * asked for: they cost a walk of the whole heap.
 */
final class BulkCaptureStrategy implements CaptureStrategy {

	static final String METHOD = "thread_mx_bean_chunked";

	static final String METHOD_WITH_MONITORS = "thread_mx_bean_chunked_locked_monitors";

	private final ThreadMXBean threads;

	private final boolean lockedMonitors;

	private final ChunkSizer sizer;

	private final int maxStalledChunks;

	BulkCaptureStrategy(ThreadMXBean threads, boolean lockedMonitors, ChunkSizer sizer, int maxStalledChunks) {
		this.threads = threads;
		this.lockedMonitors = lockedMonitors && threads.isObjectMonitorUsageSupported();
		this.sizer = sizer;
		this.maxStalledChunks = maxStalledChunks;
	}

	BulkCaptureStrategy(ThreadMXBean threads, boolean lockedMonitors) {
		this(threads, lockedMonitors, ChunkSizer.adaptive(Duration.ofMillis(5)), Integer.MAX_VALUE);
	}

	BulkCaptureStrategy(boolean lockedMonitors) {
		this(ManagementFactory.getThreadMXBean(), lockedMonitors);
	}

	@Override
	public String method() {
		return this.lockedMonitors ? METHOD_WITH_MONITORS : METHOD;
	}

	@Override
	public List<ThreadCapture> capture(List<CaptureTarget> targets, StackTraceRequest request, long deadlineNanos,
			SafepointPauses pauses) throws InterruptedException {
		List<ThreadCapture> captures = new ArrayList<>(targets.size());
		ChunkSizer.Sizing sizing = this.sizer.start();
		int size = sizing.first();
		int stalled = 0;
		while (captures.size() < targets.size()) {
			int from = captures.size();
			List<CaptureTarget> chunk = targets.subList(from, Math.min(targets.size(), from + size));
			if (System.nanoTime() - deadlineNanos >= 0) {
				// A spent budget must not cost a safepoint whose result would be reported or not by a race.
				captures.addAll(timedOut(targets.subList(from, targets.size()), TimeoutReason.REQUEST_BUDGET_EXHAUSTED));
				break;
			}
			if (stalled >= this.maxStalledChunks) {
				captures.addAll(timedOut(targets.subList(from, targets.size()), TimeoutReason.TOO_MANY_STALLED_CAPTURES));
				break;
			}
			Chunk answer = captureChunk(chunk, request, deadlineNanos, pauses);
			captures.addAll(answer.captures());
			if (answer.reason() == TimeoutReason.CAPTURE_THREADS_EXHAUSTED) {
				// Every capture thread is held by stalled calls: the next chunk would find none either.
				captures.addAll(timedOut(targets.subList(captures.size(), targets.size()), answer.reason()));
				break;
			}
			if (answer.reason() != null) {
				stalled++;
			}
			else {
				size = sizing.next(chunk.size(), answer.nanos());
			}
		}
		return captures;
	}

	private Chunk captureChunk(List<CaptureTarget> chunk, StackTraceRequest request, long deadlineNanos,
			SafepointPauses pauses) throws InterruptedException {
		long[] ids = chunk.stream().mapToLong(CaptureTarget::id).toArray();
		long perThreadBudget = saturatedMultiply(request.timeoutPerThread().toNanos(), chunk.size());
		long budgetLeft = deadlineNanos - System.nanoTime();
		// Which bound applies is decided before waiting, so a timeout names the bound that ended it.
		boolean perThreadBound = perThreadBudget < budgetLeft;
		pauses.add();
		Call<Timed> call = CaptureThreads.call("ThreadMXBean.getThreadInfo", () -> {
			long started = System.nanoTime();
			ThreadInfo[] infos = this.threads.getThreadInfo(ids, this.lockedMonitors, false, Integer.MAX_VALUE);
			return new Timed(infos, System.nanoTime() - started);
		}, Math.min(perThreadBudget, budgetLeft));
		Timed timed = call.answer();
		if (call.outcome() == Call.Outcome.NO_CAPTURE_THREAD) {
			return new Chunk(timedOut(chunk, TimeoutReason.CAPTURE_THREADS_EXHAUSTED),
					TimeoutReason.CAPTURE_THREADS_EXHAUSTED, 0);
		}
		if (call.outcome() == Call.Outcome.TIMED_OUT || timed == null || timed.infos() == null) {
			TimeoutReason reason = perThreadBound ? TimeoutReason.BULK_CAPTURE_TIMEOUT
					: TimeoutReason.REQUEST_BUDGET_EXHAUSTED;
			return new Chunk(timedOut(chunk, reason), reason, 0);
		}
		List<ThreadCapture> captures = new ArrayList<>(chunk.size());
		for (int i = 0; i < chunk.size(); i++) {
			captures.add(toCapture(chunk.get(i), timed.infos()[i], request));
		}
		return new Chunk(captures, null, timed.nanos());
	}

	private static List<ThreadCapture> timedOut(List<CaptureTarget> targets, TimeoutReason reason) {
		List<ThreadCapture> timedOut = new ArrayList<>(targets.size());
		for (CaptureTarget target : targets) {
			timedOut.add(ThreadCapture.timedOut(target.id(), target.thread().getName(), null, reason));
		}
		return timedOut;
	}

	private ThreadCapture toCapture(CaptureTarget target, @Nullable ThreadInfo info, StackTraceRequest request) {
		if (info == null) {
			return ThreadCapture.exited(target.id(), target.thread().getName());
		}
		Thread.State state = info.getThreadState();
		List<StackTraceElement> frames = List.of(info.getStackTrace());
		if (request.skipBlockingSyscalls()) {
			String syscall = BlockingCallDetector.blockingSyscall(state, frames);
			if (syscall != null) {
				return ThreadCapture.skipped(target.id(), info.getThreadName(), state, syscall);
			}
		}
		boolean full = request.mode().includesLocks();
		return ThreadCapture.captured(target.id(), info.getThreadName(), state, CaptureStatus.OK, frames,
				full ? locks(info) : null, full ? counters(info) : null);
	}

	static ThreadLocks locks(ThreadInfo info) {
		LockInfo lock = info.getLockInfo();
		List<HeldMonitor> held = new ArrayList<>();
		for (MonitorInfo monitor : info.getLockedMonitors()) {
			held.add(new HeldMonitor(new LockRef(monitor.getClassName(), monitor.getIdentityHashCode()),
					monitor.getLockedStackDepth()));
		}
		return new ThreadLocks((lock != null) ? new LockRef(lock.getClassName(), lock.getIdentityHashCode()) : null,
				info.getLockOwnerId(), info.getLockOwnerName(), held);
	}

	static ThreadCounters counters(ThreadInfo info) {
		return new ThreadCounters(info.isDaemon(), info.getPriority(), info.isInNative(), info.isSuspended(),
				info.getBlockedCount(), info.getWaitedCount());
	}

	static long saturatedMultiply(long a, long b) {
		long high = Math.multiplyHigh(a, b);
		long low = a * b;
		return ((high == 0 && low >= 0) || (high == -1 && low < 0)) ? low : Long.MAX_VALUE;
	}

	private record Timed(ThreadInfo[] infos, long nanos) {

	}

	/**
	 * One chunk's captures; why it was given up when it was, else how long its call took.
	 */
	private record Chunk(List<ThreadCapture> captures, @Nullable TimeoutReason reason, long nanos) {

	}

}
