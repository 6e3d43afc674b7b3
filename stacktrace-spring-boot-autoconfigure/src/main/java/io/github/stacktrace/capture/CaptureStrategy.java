package io.github.stacktrace.capture;

import java.util.List;

import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;

/**
 * One way of taking the stacks of other threads.
 */
interface CaptureStrategy {

	/**
	 * The name the report header shows as {@code capture_method}.
	 * @return the method name
	 */
	String method();

	/**
	 * Captures the given threads.
	 * @param targets the threads, none of them the calling thread
	 * @param request the request
	 * @param deadlineNanos the {@link System#nanoTime()} by which the capture must end
	 * @return one capture per target, in the targets' order
	 * @throws InterruptedException if the calling thread is interrupted while it waits
	 */
	default List<ThreadCapture> capture(List<CaptureTarget> targets, StackTraceRequest request, long deadlineNanos)
			throws InterruptedException {
		return capture(targets, request, deadlineNanos, new SafepointPauses());
	}

	/**
	 * Captures the given threads, counting the safepoint pauses it asks the JVM for.
	 * @param targets the threads, none of them the calling thread
	 * @param request the request
	 * @param deadlineNanos the {@link System#nanoTime()} by which the capture must end
	 * @param pauses where to count each call that stops every thread
	 * @return one capture per target, in the targets' order
	 * @throws InterruptedException if the calling thread is interrupted while it waits
	 */
	List<ThreadCapture> capture(List<CaptureTarget> targets, StackTraceRequest request, long deadlineNanos,
			SafepointPauses pauses) throws InterruptedException;

}
