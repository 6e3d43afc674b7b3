package io.github.stacktrace.render;

import java.util.List;

import io.github.stacktrace.report.DetailMode;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.ThreadLocks.HeldMonitor;
import io.github.stacktrace.report.ThreadLocks.LockRef;

/**
 * Writes one thread's stack as text lines: its frames through the frame cache and, in the FULL modes, its lock lines
 * under the frame they belong to, as {@code jstack -l} prints them. The {@link Dialect} says whether the lines are
 * the text report's or exactly {@code jstack}'s.
 */
final class TextStackWriter {

	private final FrameRenderCache cache;

	private final Dialect dialect;

	TextStackWriter(FrameRenderCache cache, Dialect dialect) {
		this.cache = cache;
		this.dialect = dialect;
	}

	void append(ReportText out, ThreadCapture thread, DetailMode mode) {
		append(out, thread, mode, mode.includesLocks());
	}

	/**
	 * Writes the stack, with its lock lines when asked for and known, whatever the mode.
	 */
	void append(ReportText out, ThreadCapture thread, DetailMode mode, boolean withLocks) {
		List<StackTraceElement> frames = thread.frames();
		if (frames.isEmpty()) {
			out.append(this.dialect.noStack);
			return;
		}
		ThreadLocks locks = thread.locks();
		if (locks == null || !withLocks) {
			// Without lock lines the stack is one cached block: shared, not copied.
			out.appendShared(block(frames, 0, frames.size(), mode));
			return;
		}
		int blockStart = 0;
		for (int depth = 0; depth < frames.size(); depth++) {
			boolean waiting = depth == 0 && locks.waitingFor() != null;
			if (!waiting && !locks.holdsAt(depth)) {
				continue;
			}
			// The frame blocks between lock lines are cached too.
			out.appendShared(block(frames, blockStart, depth + 1 - blockStart, mode));
			blockStart = depth + 1;
			if (waiting) {
				appendWaitLine(out, thread, locks);
			}
			for (HeldMonitor monitor : locks.held()) {
				if (monitor.stackDepth() == depth) {
					out.append(this.dialect.lockPrefix).append("locked ");
					appendLock(out, monitor.lock());
					out.append('\n');
				}
			}
		}
		out.appendShared(block(frames, blockStart, frames.size() - blockStart, mode));
		for (HeldMonitor monitor : locks.held()) {
			// A monitor locked by native code has no frame; it is still held, so it is still shown.
			if (monitor.stackDepth() < 0 || monitor.stackDepth() >= frames.size()) {
				out.append(this.dialect.lockPrefix).append("locked ");
				appendLock(out, monitor.lock());
				out.append(this.dialect.noFrameSuffix).append('\n');
			}
		}
	}

	private String block(List<StackTraceElement> frames, int offset, int size, DetailMode mode) {
		return (this.dialect == Dialect.JSTACK) ? this.cache.renderJstack(frames, offset, size, mode)
				: this.cache.render(frames, offset, size, mode);
	}

	private void appendWaitLine(ReportText out, ThreadCapture thread, ThreadLocks locks) {
		out.append(this.dialect.lockPrefix).append(waitVerb(thread, this.dialect));
		appendLock(out, locks.waitingFor());
		if (this.dialect.showsOwner && locks.ownerId() >= 0) {
			out.append(" owned by \"")
				.append((locks.ownerName() != null) ? TextEscaper.escapeQuoted(locks.ownerName()) : "?")
				.append("\" id=").append(locks.ownerId());
		}
		out.append('\n');
	}

	/**
	 * The words of a thread's wait line, up to the lock, as {@code jstack} chooses them: blocked on a monitor, waiting
	 * in {@code Object.wait}, or parked.
	 * @param thread the waiting thread
	 * @param dialect the dialect, which decides the spacing {@code jstack} puts after a park
	 * @return the words, ending with a space
	 */
	static String waitVerb(ThreadCapture thread, Dialect dialect) {
		if (thread.state() == Thread.State.BLOCKED) {
			return "waiting to lock ";
		}
		if (isObjectWait(thread)) {
			return "waiting on ";
		}
		return (dialect == Dialect.JSTACK) ? "parking to wait for  " : "parking to wait for ";
	}

	/**
	 * Whether the thread's top frame is {@code Object.wait} ({@code wait0} on recent JDKs).
	 * @param thread the thread
	 * @return {@code true} when it waits on a monitor
	 */
	static boolean isObjectWait(ThreadCapture thread) {
		if (thread.frames().isEmpty()) {
			return false;
		}
		StackTraceElement top = thread.frames().get(0);
		return "java.lang.Object".equals(top.getClassName()) && top.getMethodName().startsWith("wait");
	}

	private void appendLock(ReportText out, LockRef lock) {
		out.append('<').append(this.dialect.address(lock.identityHashCode())).append("> (a ")
			.append(TextEscaper.escapeName(lock.className())).append(')');
	}

	/**
	 * A number as {@code jstack} writes an address: {@code 0x} and 16 hex digits.
	 * @param value the number
	 * @return e.g. {@code 0x000000000000002a}
	 */
	static String hex16(long value) {
		String hex = Long.toHexString(value);
		return "0x" + "0".repeat(Math.max(0, 16 - hex.length())) + hex;
	}

	/** The two ways the stack lines are spelled. */
	enum Dialect {

		/** The text report's: two-space lock lines, owners named, a placeholder for a missing stack. */
		TEXT("<no stack captured>\n", "  - ", true, " (no frame)"),

		/** {@code jstack -l}'s, byte for byte: {@code \tat} frames, tab lock lines, 16-digit addresses. */
		JSTACK("", "\t- ", false, "");

		private final String noStack;

		private final String lockPrefix;

		private final boolean showsOwner;

		private final String noFrameSuffix;

		Dialect(String noStack, String lockPrefix, boolean showsOwner, String noFrameSuffix) {
			this.noStack = noStack;
			this.lockPrefix = lockPrefix;
			this.showsOwner = showsOwner;
			this.noFrameSuffix = noFrameSuffix;
		}

		/**
		 * A lock's address as this dialect writes it: the identity hash code, which is what the JVM lets us know.
		 * @param identityHashCode the lock object's identity hash code
		 * @return e.g. {@code 0x1a2b} or {@code 0x0000000000001a2b}
		 */
		String address(int identityHashCode) {
			return (this == JSTACK) ? hex16(Integer.toUnsignedLong(identityHashCode))
					: "0x" + Integer.toHexString(identityHashCode);
		}

	}

}
