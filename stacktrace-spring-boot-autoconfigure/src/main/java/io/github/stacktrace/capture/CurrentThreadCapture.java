package io.github.stacktrace.capture;

import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;

/** The stack of the thread serving a capture request, taken directly and shown from the capture service's caller. */
final class CurrentThreadCapture {

	private static final String CAPTURE_PACKAGE = CurrentThreadCapture.class.getPackageName();

	private final ThreadMXBean threads;

	CurrentThreadCapture(ThreadMXBean threads) {
		this.threads = threads;
	}

	/**
	 * The thread serving this request, taken directly; in the FULL modes with the same lock and counter facts as every
	 * other thread, read from the JVM for this one thread.
	 */
	ThreadCapture capture(long id, DetailMode mode, SafepointPauses pauses, boolean virtual) {
		Thread current = Thread.currentThread();
		// The JVM's management interface knows no virtual thread: a virtual one shows its stack without locks.
		if (!mode.includesLocks() || virtual) {
			StackTraceElement[] stack = current.getStackTrace();
			List<StackTraceElement> frames = List.of(stack).subList(ownFrames(stack), stack.length);
			return ThreadCapture.captured(id, current.getName(), current.getState(), CaptureStatus.OK_CURRENT_THREAD,
					frames, null, null);
		}
		pauses.add();
		ThreadInfo info = this.threads.getThreadInfo(new long[] { id }, this.threads.isObjectMonitorUsageSupported(),
				false)[0];
		StackTraceElement[] stack = info.getStackTrace();
		int skip = ownFrames(stack);
		ThreadLocks locks = ThreadLocks.of(info);
		List<HeldMonitor> held = new ArrayList<>();
		for (HeldMonitor monitor : locks.held()) {
			// Depths count from the top of the stack shown, which starts below the engine's own frames.
			if (monitor.stackDepth() < 0 || monitor.stackDepth() >= skip) {
				held.add(new HeldMonitor(monitor.lock(), (monitor.stackDepth() < 0) ? -1 : monitor.stackDepth() - skip));
			}
		}
		return ThreadCapture.captured(id, current.getName(), current.getState(), CaptureStatus.OK_CURRENT_THREAD,
				List.of(stack).subList(skip, stack.length),
				new ThreadLocks(locks.waitingFor(), locks.ownerId(), locks.ownerName(), held),
				BulkCaptureStrategy.counters(info));
	}

	/**
	 * How many frames on top of the calling thread's stack are the engine's own: the JDK's stack and management
	 * calls, this package, then the frames of whoever asked the capturer (the service, its lambdas included), so that
	 * the stack shown starts at the service's caller.
	 */
	private static int ownFrames(StackTraceElement[] stack) {
		int skip = 0;
		while (skip < stack.length && isOwnFrame(stack[skip])) {
			skip++;
		}
		String caller = (skip < stack.length) ? stack[skip].getClassName() : "";
		// The caller's lambdas and nested classes are its own too: a JVM thread dump shows a lambda's proxy frame.
		while (skip < stack.length && (stack[skip].getClassName().equals(caller)
				|| stack[skip].getClassName().startsWith(caller + "$"))) {
			skip++;
		}
		return skip;
	}

	private static boolean isOwnFrame(StackTraceElement frame) {
		String className = frame.getClassName();
		return className.equals(Thread.class.getName()) || className.startsWith(CAPTURE_PACKAGE + ".")
				|| className.startsWith("sun.management.") || className.startsWith("com.sun.management.");
	}

}
