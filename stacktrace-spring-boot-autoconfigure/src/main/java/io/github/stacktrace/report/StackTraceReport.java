package io.github.stacktrace.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable report of one capture: header facts, one entry per requested thread, and what the deadlock search
 * found. The summary counts are derived from the threads.
 *
 * @param pid the process id
 * @param jvm the JVM's name and version
 * @param capturedAt when the capture started
 * @param request the request that produced this report
 * @param captureMethod how the stacks were taken
 * @param safepointPauses how many times the capture stopped every thread of the JVM at a safepoint (one per bulk
 * chunk, per deadlock search); 0 when stacks were taken thread by thread
 * @param threads one entry per requested thread, in report order
 * @param duration how long the capture took
 * @param deadlocks whether deadlocks were looked for, and the cycles found
 * @param notices what the reader should know about how this capture went, one sentence each; usually none
 * @param virtualThreads how the virtual threads were looked for
 * @since 0.1.0
 */
public record StackTraceReport(long pid, String jvm, Instant capturedAt, StackTraceRequest request,
		String captureMethod, int safepointPauses, List<ThreadCapture> threads, Duration duration,
		DeadlockSearch deadlocks, List<String> notices, VirtualThreadsOutcome virtualThreads) {

	/**
	 * Creates a report.
	 * @param pid the process id
	 * @param jvm the JVM's name and version
	 * @param capturedAt when the capture started
	 * @param request the request that produced this report
	 * @param captureMethod how the stacks were taken
	 * @param safepointPauses how many times the capture stopped every thread of the JVM at a safepoint
	 * @param threads one entry per requested thread, in report order
	 * @param duration how long the capture took
	 * @param deadlocks whether deadlocks were looked for, and the cycles found
	 * @param notices what the reader should know about how this capture went, one sentence each; usually none
	 * @param virtualThreads how the virtual threads were looked for
	 */
	public StackTraceReport {
		if (safepointPauses < 0) {
			throw new IllegalArgumentException("safepointPauses must not be negative");
		}
		threads = List.copyOf(threads);
		Objects.requireNonNull(deadlocks, "deadlocks");
		notices = List.copyOf(notices);
		Objects.requireNonNull(virtualThreads, "virtualThreads");
	}

	/**
	 * A report that did not look for virtual threads.
	 * @param pid the process id
	 * @param jvm the JVM's name and version
	 * @param capturedAt when the capture started
	 * @param request the request that produced this report
	 * @param captureMethod how the stacks were taken
	 * @param safepointPauses how many times the capture stopped every thread of the JVM at a safepoint
	 * @param threads one entry per requested thread, in report order
	 * @param duration how long the capture took
	 * @param deadlocks whether deadlocks were looked for, and the cycles found
	 * @param notices what the reader should know about how this capture went, one sentence each; usually none
	 */
	public StackTraceReport(long pid, String jvm, Instant capturedAt, StackTraceRequest request,
			String captureMethod, int safepointPauses, List<ThreadCapture> threads, Duration duration,
			DeadlockSearch deadlocks, List<String> notices) {
		this(pid, jvm, capturedAt, request, captureMethod, safepointPauses, threads, duration, deadlocks, notices,
				VirtualThreadsOutcome.NOT_LOOKED_FOR);
	}

	/**
	 * A report whose capture made no safepoint pause.
	 * @param pid the process id
	 * @param jvm the JVM's name and version
	 * @param capturedAt when the capture started
	 * @param request the request that produced this report
	 * @param captureMethod how the stacks were taken
	 * @param threads one entry per requested thread, in report order
	 * @param duration how long the capture took
	 * @param deadlocks whether deadlocks were looked for, and the cycles found
	 * @param notices what the reader should know about how this capture went, one sentence each; usually none
	 */
	public StackTraceReport(long pid, String jvm, Instant capturedAt, StackTraceRequest request,
			String captureMethod, List<ThreadCapture> threads, Duration duration, DeadlockSearch deadlocks,
			List<String> notices) {
		this(pid, jvm, capturedAt, request, captureMethod, 0, threads, duration, deadlocks, notices);
	}

	/**
	 * A report without notices whose capture made no safepoint pause.
	 * @param pid the process id
	 * @param jvm the JVM's name and version
	 * @param capturedAt when the capture started
	 * @param request the request that produced this report
	 * @param captureMethod how the stacks were taken
	 * @param threads one entry per requested thread, in report order
	 * @param duration how long the capture took
	 * @param deadlocks whether deadlocks were looked for, and the cycles found
	 */
	public StackTraceReport(long pid, String jvm, Instant capturedAt, StackTraceRequest request,
			String captureMethod, List<ThreadCapture> threads, Duration duration, DeadlockSearch deadlocks) {
		this(pid, jvm, capturedAt, request, captureMethod, 0, threads, duration, deadlocks, List.of());
	}

	/**
	 * The status counts of the report's threads.
	 * @return the summary
	 */
	public CaptureSummary summary() {
		return CaptureSummary.of(this.threads);
	}

	/**
	 * Whether the thread is part of a deadlock cycle.
	 * @param threadId the thread id
	 * @return {@code true} when a reported cycle contains it
	 */
	public boolean isDeadlocked(long threadId) {
		return this.deadlocks.involves(threadId);
	}

	/**
	 * How many threads the report covers.
	 * @return the number of thread entries
	 */
	public int threadCount() {
		return this.threads.size();
	}

}
