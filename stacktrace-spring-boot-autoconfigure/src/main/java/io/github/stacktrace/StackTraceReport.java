package io.github.stacktrace;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An immutable report of one capture: header facts, one entry per requested thread, and the summary counts.
 *
 * @param pid the process id
 * @param jvm the JVM's name and version
 * @param capturedAt when the capture started
 * @param request the request that produced this report
 * @param captureMethod how the stacks were taken
 * @param threads one entry per requested thread, in report order
 * @param summary the status counts
 * @param duration how long the capture took
 * @param deadlocks the thread ids of each deadlock cycle, or {@code null} when deadlocks were not looked for (only
 * the FULL modes look: it costs a safepoint) or no answer came within the request's budget
 */
public record StackTraceReport(long pid, String jvm, Instant capturedAt, StackTraceRequest request,
		String captureMethod, List<ThreadCapture> threads, CaptureSummary summary, Duration duration,
		@Nullable List<List<Long>> deadlocks) {

	public StackTraceReport {
		threads = List.copyOf(threads);
		deadlocks = (deadlocks != null) ? deadlocks.stream().map(List::copyOf).toList() : null;
	}

	/**
	 * A report for which deadlocks were not looked for.
	 * @param pid the process id
	 * @param jvm the JVM's name and version
	 * @param capturedAt when the capture started
	 * @param request the request that produced this report
	 * @param captureMethod how the stacks were taken
	 * @param threads one entry per requested thread, in report order
	 * @param summary the status counts
	 * @param duration how long the capture took
	 */
	public StackTraceReport(long pid, String jvm, Instant capturedAt, StackTraceRequest request,
			String captureMethod, List<ThreadCapture> threads, CaptureSummary summary, Duration duration) {
		this(pid, jvm, capturedAt, request, captureMethod, threads, summary, duration, null);
	}

	/**
	 * Whether the thread is part of a deadlock cycle.
	 * @param threadId the thread id
	 * @return {@code true} when a reported cycle contains it
	 */
	public boolean isDeadlocked(long threadId) {
		if (this.deadlocks == null) {
			return false;
		}
		for (List<Long> cycle : this.deadlocks) {
			if (cycle.contains(threadId)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * How many threads the report covers.
	 * @return the number of thread entries
	 */
	public int threadCount() {
		return this.threads.size();
	}

}
