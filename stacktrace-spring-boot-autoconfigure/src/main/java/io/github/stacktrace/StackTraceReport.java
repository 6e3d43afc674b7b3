package io.github.stacktrace;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 */
public record StackTraceReport(long pid, String jvm, Instant capturedAt, StackTraceRequest request,
		String captureMethod, List<ThreadCapture> threads, CaptureSummary summary, Duration duration) {

	public StackTraceReport {
		threads = List.copyOf(threads);
	}

	/**
	 * How many threads the report covers.
	 * @return the number of thread entries
	 */
	public int threadCount() {
		return this.threads.size();
	}

}
