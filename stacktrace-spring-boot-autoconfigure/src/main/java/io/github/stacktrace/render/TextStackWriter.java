package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;
import io.github.stacktrace.report.ThreadLocks.LockRef;

/**
 * Writes one thread's stack as text lines: its frames through the frame cache and, in the FULL modes, its lock lines
 * under the frame they belong to, as {@code jstack -l} prints them.
 */
final class TextStackWriter {

	private final FrameRenderCache cache;

	TextStackWriter(FrameRenderCache cache) {
		this.cache = cache;
	}

	void append(ReportText out, ThreadCapture thread, DetailMode mode) {
		List<StackTraceElement> frames = thread.frames();
		if (frames.isEmpty()) {
			out.append("<no stack captured>\n");
			return;
		}
		ThreadLocks locks = thread.locks();
		if (locks == null || !mode.includesLocks()) {
			// Without lock lines the stack is one cached block: shared, not copied.
			out.appendShared(this.cache.render(frames, 0, frames.size(), mode));
			return;
		}
		int blockStart = 0;
		for (int depth = 0; depth < frames.size(); depth++) {
			boolean waiting = depth == 0 && locks.waitingFor() != null;
			if (!waiting && !locks.holdsAt(depth)) {
				continue;
			}
			// The frame blocks between lock lines are cached too.
			out.appendShared(this.cache.render(frames, blockStart, depth + 1 - blockStart, mode));
			blockStart = depth + 1;
			if (waiting) {
				appendWaitLine(out, thread, locks);
			}
			for (HeldMonitor monitor : locks.held()) {
				if (monitor.stackDepth() == depth) {
					out.append("  - locked ");
					appendLock(out, monitor.lock());
					out.append('\n');
				}
			}
		}
		out.appendShared(this.cache.render(frames, blockStart, frames.size() - blockStart, mode));
		for (HeldMonitor monitor : locks.held()) {
			// A monitor locked by native code has no frame; it is still held, so it is still shown.
			if (monitor.stackDepth() < 0 || monitor.stackDepth() >= frames.size()) {
				out.append("  - locked ");
				appendLock(out, monitor.lock());
				out.append(" (no frame)\n");
			}
		}
	}

	private static void appendWaitLine(ReportText out, ThreadCapture thread, ThreadLocks locks) {
		StackTraceElement top = thread.frames().get(0);
		if (thread.state() == Thread.State.BLOCKED) {
			out.append("  - waiting to lock ");
		}
		else if ("java.lang.Object".equals(top.getClassName()) && top.getMethodName().startsWith("wait")) {
			out.append("  - waiting on ");
		}
		else {
			out.append("  - parking to wait for ");
		}
		appendLock(out, locks.waitingFor());
		if (locks.ownerId() >= 0) {
			out.append(" owned by \"")
				.append((locks.ownerName() != null) ? TextEscaper.escapeQuoted(locks.ownerName()) : "?")
				.append("\" id=").append(locks.ownerId());
		}
		out.append('\n');
	}

	private static void appendLock(ReportText out, LockRef lock) {
		out.append("<0x").append(Integer.toHexString(lock.identityHashCode())).append("> (a ")
			.append(TextEscaper.escapeName(lock.className())).append(')');
	}

}
