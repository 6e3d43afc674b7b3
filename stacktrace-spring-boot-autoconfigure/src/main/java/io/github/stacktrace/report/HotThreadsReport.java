package io.github.stacktrace.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What one hot-threads request found: the busiest threads over its window, with their snapshots, and the totals they
 * are part of.
 *
 * @param pid the process id
 * @param jvm the JVM's name and version
 * @param request the request
 * @param capturedAt when the window started
 * @param window how long the window really lasted, from the first reading to the last
 * @param snapshotMethod how the snapshots were taken, e.g. {@code thread_get_stack_trace}
 * @param safepointPauses how many safepoint pauses the request caused
 * @param jvmThreadsMeasured whether JVM-internal threads were measured (Linux only)
 * @param measuredThreads how many threads were measured and ranked
 * @param processCpuNanos the whole process's CPU time over the window, or {@code -1} when unknown
 * @param totalValue the measured value summed over every measured thread
 * @param threads the threads shown, busiest first
 * @param notices what the reader should know about how this report was made, e.g. what the JVM does not support
 * @param duration how long the whole request took
 * @param virtualSampling how the tracked virtual threads were sampled, or {@code null} when they were not
 * @param sampledThreads the tracked virtual threads shown, by their estimated value, largest first: ranked apart from
 * {@code threads} and left out of the totals
 * @since 0.1.0
 */
public record HotThreadsReport(long pid, String jvm, HotThreadsRequest request, Instant capturedAt, Duration window,
		String snapshotMethod, int safepointPauses, boolean jvmThreadsMeasured, int measuredThreads,
		long processCpuNanos, long totalValue, List<HotThread> threads, List<String> notices, Duration duration,
		@Nullable VirtualThreadSampling virtualSampling, List<HotThread> sampledThreads) {

	/**
	 * Creates a report.
	 * @param pid the process id
	 * @param jvm the JVM's name and version
	 * @param request the request
	 * @param capturedAt when the window started
	 * @param window how long the window really lasted
	 * @param snapshotMethod how the snapshots were taken
	 * @param safepointPauses how many safepoint pauses the request caused
	 * @param jvmThreadsMeasured whether JVM-internal threads were measured
	 * @param measuredThreads how many threads were measured and ranked
	 * @param processCpuNanos the process's CPU time over the window, or {@code -1}
	 * @param totalValue the measured value summed over every measured thread
	 * @param threads the threads shown, busiest first
	 * @param notices the notices
	 * @param duration how long the whole request took
	 * @param virtualSampling how the tracked virtual threads were sampled, or {@code null}
	 * @param sampledThreads the tracked virtual threads shown, largest estimate first
	 */
	public HotThreadsReport {
		Objects.requireNonNull(request, "request");
		threads = List.copyOf(threads);
		notices = List.copyOf(notices);
		sampledThreads = List.copyOf(sampledThreads);
	}

	/**
	 * Creates a report that sampled no virtual thread.
	 * @param pid the process id
	 * @param jvm the JVM's name and version
	 * @param request the request
	 * @param capturedAt when the window started
	 * @param window how long the window really lasted
	 * @param snapshotMethod how the snapshots were taken
	 * @param safepointPauses how many safepoint pauses the request caused
	 * @param jvmThreadsMeasured whether JVM-internal threads were measured
	 * @param measuredThreads how many threads were measured and ranked
	 * @param processCpuNanos the process's CPU time over the window, or {@code -1}
	 * @param totalValue the measured value summed over every measured thread
	 * @param threads the threads shown, busiest first
	 * @param notices the notices
	 * @param duration how long the whole request took
	 */
	public HotThreadsReport(long pid, String jvm, HotThreadsRequest request, Instant capturedAt, Duration window,
			String snapshotMethod, int safepointPauses, boolean jvmThreadsMeasured, int measuredThreads,
			long processCpuNanos, long totalValue, List<HotThread> threads, List<String> notices, Duration duration) {
		this(pid, jvm, request, capturedAt, window, snapshotMethod, safepointPauses, jvmThreadsMeasured,
				measuredThreads, processCpuNanos, totalValue, threads, notices, duration, null, List.of());
	}

	/**
	 * Every thread shown: the measured ones, then the sampled virtual threads.
	 * @return the threads, in the order the report shows them
	 */
	public List<HotThread> shownThreads() {
		if (this.sampledThreads.isEmpty()) {
			return this.threads;
		}
		List<HotThread> shown = new ArrayList<>(this.threads);
		shown.addAll(this.sampledThreads);
		return shown;
	}

	/**
	 * The measured value summed over the shown threads, the sampled virtual threads left out.
	 * @return nanoseconds, or bytes for {@link HotThreadsType#ALLOC}
	 */
	public long shownValue() {
		long sum = 0;
		for (HotThread thread : this.threads) {
			sum += thread.value();
		}
		return sum;
	}

}
