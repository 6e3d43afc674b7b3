package io.github.stacktrace.capture;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
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
 * Takes every requested stack in one {@link ThreadMXBean#getThreadInfo(long[], boolean, boolean, int)} call: one
 * safepoint for the whole request, however many threads. Used where a per-thread walk would cost a safepoint per
 * thread (Java 17 to 20) and where lock information is wanted (the FULL modes). A safepoint cannot be cancelled, so
 * the per-thread timeout only bounds the whole call: {@code timeout_ms} times the number of threads, within the
 * request's budget. Locked ownable synchronizers are never asked for: they cost a walk of the whole heap.
 */
final class BulkCaptureStrategy implements CaptureStrategy {

	static final String METHOD = "thread_mx_bean_bulk";

	static final String METHOD_WITH_MONITORS = "thread_mx_bean_bulk_locked_monitors";

	private final ThreadMXBean threads;

	private final boolean lockedMonitors;

	BulkCaptureStrategy(ThreadMXBean threads, boolean lockedMonitors) {
		this.threads = threads;
		this.lockedMonitors = lockedMonitors && threads.isObjectMonitorUsageSupported();
	}

	BulkCaptureStrategy(boolean lockedMonitors) {
		this(ManagementFactory.getThreadMXBean(), lockedMonitors);
	}

	@Override
	public String method() {
		return this.lockedMonitors ? METHOD_WITH_MONITORS : METHOD;
	}

	@Override
	public List<ThreadCapture> capture(List<CaptureTarget> targets, StackTraceRequest request, long deadlineNanos)
			throws InterruptedException {
		if (targets.isEmpty()) {
			return List.of();
		}
		if (System.nanoTime() - deadlineNanos >= 0) {
			// A spent budget must not cost a safepoint whose result would be reported or not by a race.
			return timedOut(targets, TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
		}
		long[] ids = targets.stream().mapToLong(CaptureTarget::id).toArray();
		long perThreadBudget = saturatedMultiply(request.timeoutPerThread().toNanos(), targets.size());
		long budgetLeft = deadlineNanos - System.nanoTime();
		// Which bound applies is decided before waiting, so a timeout names the bound that ended it.
		boolean perThreadBound = perThreadBudget < budgetLeft;
		Call<ThreadInfo[]> call = CaptureThreads.call("ThreadMXBean.getThreadInfo",
				() -> this.threads.getThreadInfo(ids, this.lockedMonitors, false, Integer.MAX_VALUE),
				Math.min(perThreadBudget, budgetLeft));
		ThreadInfo[] infos = call.answer();
		if (call.outcome() == Call.Outcome.NO_CAPTURE_THREAD) {
			return timedOut(targets, TimeoutReason.CAPTURE_THREADS_EXHAUSTED);
		}
		if (call.outcome() == Call.Outcome.TIMED_OUT || infos == null) {
			return timedOut(targets,
					perThreadBound ? TimeoutReason.BULK_CAPTURE_TIMEOUT : TimeoutReason.REQUEST_BUDGET_EXHAUSTED);
		}
		List<ThreadCapture> captures = new ArrayList<>(targets.size());
		for (int i = 0; i < targets.size(); i++) {
			captures.add(toCapture(targets.get(i), infos[i], request));
		}
		return captures;
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

}
