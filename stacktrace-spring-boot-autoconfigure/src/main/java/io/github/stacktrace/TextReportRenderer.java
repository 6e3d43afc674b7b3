package io.github.stacktrace;

import java.util.List;

import io.github.stacktrace.LockDetails.HeldMonitor;
import io.github.stacktrace.LockDetails.LockRef;

/**
 * Renders a {@link StackTraceReport} as the plain-text report: header lines, one section per thread, a summary line.
 */
public final class TextReportRenderer {

	private static final int MAX_LISTED_THREADS = 16;

	private final FrameRenderCache cache;

	/**
	 * Creates a renderer that renders frame blocks through the given cache.
	 * @param cache the frame cache
	 */
	public TextReportRenderer(FrameRenderCache cache) {
		this.cache = cache;
	}

	/**
	 * The frame cache this renderer renders through.
	 * @return the cache
	 */
	public FrameRenderCache cache() {
		return this.cache;
	}

	/**
	 * Renders the report, one section per thread.
	 * @param report the report
	 * @return the text
	 */
	public String render(StackTraceReport report) {
		return render(report, false);
	}

	/**
	 * Renders the report, one section per thread or, when grouped, one section per group of threads whose stacks
	 * render identically with the same status and state, largest groups first.
	 * @param report the report
	 * @param grouped whether to group threads
	 * @return the text
	 */
	public String render(StackTraceReport report, boolean grouped) {
		return renderText(report, grouped).toString();
	}

	/**
	 * Renders the report as the pieces it is made of, to be joined or streamed; see {@link #render(StackTraceReport,
	 * boolean)}.
	 * @param report the report
	 * @param grouped whether to group threads
	 * @return the rendered text
	 */
	public ReportText renderText(StackTraceReport report, boolean grouped) {
		ReportText out = new ReportText();
		appendHeader(out, report);
		DetailMode mode = report.request().mode();
		if (grouped) {
			for (ThreadGroupSection group : ThreadGroupSection.group(report, this)) {
				appendGroup(out, group, report);
			}
		}
		else {
			for (ThreadCapture thread : report.threads()) {
				appendSection(out, thread, mode, report.isDeadlocked(thread.id()));
			}
		}
		CaptureSummary summary = report.summary();
		out.append("summary: captured=").append(summary.captured())
			.append(" skipped=").append(summary.skipped())
			.append(" timed_out=").append(summary.timedOut())
			.append(" exited=").append(summary.exited())
			.append(" errors=").append(summary.errors())
			.append('\n');
		return out;
	}

	private void appendHeader(ReportText out, StackTraceReport report) {
		StackTraceRequest request = report.request();
		out.append("JVM thread stack traces\n");
		out.append("pid: ").append(report.pid()).append('\n');
		out.append("jvm: ").append(TextEscaper.escape(report.jvm())).append('\n');
		out.append("thread_count: ").append(report.threadCount()).append('\n');
		out.append("timeout_ms_per_thread: ").append(request.timeoutPerThread().toMillis()).append('\n');
		out.append("dwarf_location_info_mode: ").append(request.mode().reportName()).append('\n');
		out.append("skip_blocking_syscalls: ").append(request.skipBlockingSyscalls()).append('\n');
		out.append("capture_method: ").append(report.captureMethod()).append('\n');
		out.append("captured_at: ").append(report.capturedAt()).append('\n');
		out.append("capture_duration_ms: ").append(report.duration().toMillis()).append('\n');
		if (report.deadlocks() == null && report.request().mode().includesLocks()) {
			out.append("deadlocks: unknown\n");
		}
		if (report.deadlocks() != null) {
			out.append("deadlocks: ");
			if (report.deadlocks().isEmpty()) {
				out.append("none");
			}
			for (int i = 0; i < report.deadlocks().size(); i++) {
				out.append((i > 0) ? " " : "").append(report.deadlocks().get(i));
			}
			out.append('\n');
		}
		if (!report.request().filter().isEmpty()) {
			ThreadFilter filter = report.request().filter();
			out.append("filter:");
			if (!filter.states().isEmpty()) {
				out.append(" state=");
				out.append(String.join(",", filter.states().stream().map(Thread.State::name).sorted().toList()));
			}
			if (filter.nameGlob() != null) {
				out.append(" name=").append(TextEscaper.escapeAndCut(filter.nameGlob(), 256));
			}
			out.append('\n');
		}
		out.append('\n');
	}

	private void appendSection(ReportText out, ThreadCapture thread, DetailMode mode, boolean deadlocked) {
		out.append("----- thread ").append(thread.id()).append(" (")
			.append((thread.name() != null) ? TextEscaper.escape(thread.name()) : "?")
			.append(") status=").append(thread.status().reportName());
		appendDiagnostics(out, thread, mode, deadlocked);
		out.append(" -----\n");
		appendStack(out, thread, mode);
		out.append('\n');
	}

	private void appendGroup(ReportText out, ThreadGroupSection group, StackTraceReport report) {
		ThreadCapture first = group.threads().get(0);
		if (group.threads().size() == 1) {
			appendSection(out, first, report.request().mode(), report.isDeadlocked(first.id()));
			return;
		}
		out.append("----- ").append(group.threads().size()).append(" threads status=")
			.append(first.status().reportName());
		appendDiagnostics(out, first, report.request().mode(), report.isDeadlocked(first.id()));
		out.append(" -----\n");
		out.append("threads: ");
		int listed = Math.min(group.threads().size(), MAX_LISTED_THREADS);
		for (int i = 0; i < listed; i++) {
			ThreadCapture thread = group.threads().get(i);
			out.append((i > 0) ? ", " : "").append(thread.id()).append(" (")
				.append((thread.name() != null) ? TextEscaper.escape(thread.name()) : "?").append(')');
		}
		if (group.threads().size() > listed) {
			out.append(", \u2026 and ").append(group.threads().size() - listed).append(" more");
		}
		out.append('\n');
		out.appendShared(group.stack().isEmpty() ? "<no stack captured>\n" : group.stack());
		out.append('\n');
	}

	private static void appendDiagnostics(ReportText out, ThreadCapture thread, DetailMode mode,
			boolean deadlocked) {
		if (thread.state() != null) {
			out.append(" state=").append(thread.state().name());
		}
		if (thread.status().isCaptured()) {
			out.append(" frames=").append(thread.frames().size());
		}
		if (thread.syscall() != null) {
			out.append(" syscall=").append(thread.syscall());
		}
		if (thread.reason() != null) {
			out.append(" reason=").append(thread.reason());
		}
		if (thread.error() != null) {
			out.append(" error=\"").append(TextEscaper.escapeAndCut(thread.error(), 200).replace("\"", "\\\""))
				.append('"');
		}
		if (deadlocked) {
			out.append(" deadlocked=true");
		}
		LockDetails details = thread.lockDetails();
		if (mode == DetailMode.FULL_WITH_INLINE && details != null) {
			out.append(" daemon=").append(details.daemon())
				.append(" priority=").append(details.priority())
				.append(" in_native=").append(details.inNative())
				.append(" suspended=").append(details.suspended())
				.append(" blocked_count=").append(details.blockedCount())
				.append(" waited_count=").append(details.waitedCount());
		}
	}

	/**
	 * The rendered stack of one thread: its frames and, in the FULL modes, its lock lines.
	 * @param thread the thread
	 * @param mode the detail mode
	 * @return the lines, each ending with a newline; empty when there are no frames
	 */
	String renderStack(ThreadCapture thread, DetailMode mode) {
		List<StackTraceElement> frames = thread.frames();
		if (thread.lockDetails() == null || !mode.includesLocks()) {
			// Without lock lines the stack is one cached block: shared, not copied.
			return this.cache.render(frames, 0, frames.size(), mode);
		}
		ReportText out = new ReportText();
		appendFrames(out, thread, mode);
		return out.toString();
	}

	private void appendStack(ReportText out, ThreadCapture thread, DetailMode mode) {
		if (thread.frames().isEmpty()) {
			out.append("<no stack captured>\n");
			return;
		}
		appendFrames(out, thread, mode);
	}

	private void appendFrames(ReportText out, ThreadCapture thread, DetailMode mode) {
		List<StackTraceElement> frames = thread.frames();
		LockDetails details = thread.lockDetails();
		if (details == null || !mode.includesLocks()) {
			out.appendShared(this.cache.render(frames, 0, frames.size(), mode));
		}
		else {
			appendFramesWithLocks(out, thread, details, mode);
		}
	}

	// Lock lines follow the frame they belong to, as jstack prints them; the frame blocks between them are cached.
	private void appendFramesWithLocks(ReportText out, ThreadCapture thread, LockDetails details,
			DetailMode mode) {
		List<StackTraceElement> frames = thread.frames();
		int blockStart = 0;
		for (int depth = 0; depth < frames.size(); depth++) {
			boolean blocked = depth == 0 && details.lock() != null;
			boolean locked = holdsMonitorAt(details, depth);
			if (!blocked && !locked) {
				continue;
			}
			out.appendShared(this.cache.render(frames, blockStart, depth + 1 - blockStart, mode));
			blockStart = depth + 1;
			if (blocked) {
				appendWaitLine(out, thread, details);
			}
			for (HeldMonitor monitor : details.lockedMonitors()) {
				if (monitor.stackDepth() == depth) {
					out.append("  - locked ");
					appendLock(out, monitor.lock());
					out.append('\n');
				}
			}
		}
		out.appendShared(this.cache.render(frames, blockStart, frames.size() - blockStart, mode));
		for (HeldMonitor monitor : details.lockedMonitors()) {
			// A monitor locked by native code has no frame; it is still held, so it is still shown.
			if (monitor.stackDepth() < 0 || monitor.stackDepth() >= frames.size()) {
				out.append("  - locked ");
				appendLock(out, monitor.lock());
				out.append(" (no frame)\n");
			}
		}
	}

	private static boolean holdsMonitorAt(LockDetails details, int depth) {
		for (HeldMonitor monitor : details.lockedMonitors()) {
			if (monitor.stackDepth() == depth) {
				return true;
			}
		}
		return false;
	}

	private static void appendWaitLine(ReportText out, ThreadCapture thread, LockDetails details) {
		LockRef lock = details.lock();
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
		appendLock(out, lock);
		if (details.lockOwnerId() >= 0) {
			out.append(" owned by \"")
				.append((details.lockOwnerName() != null)
						? TextEscaper.escape(details.lockOwnerName()).replace("\"", "\\\"") : "?")
				.append("\" id=").append(details.lockOwnerId());
		}
		out.append('\n');
	}

	private static void appendLock(ReportText out, LockRef lock) {
		out.append("<0x").append(Integer.toHexString(lock.identityHashCode())).append("> (a ")
			.append(TextEscaper.escape(lock.className())).append(')');
	}

}
