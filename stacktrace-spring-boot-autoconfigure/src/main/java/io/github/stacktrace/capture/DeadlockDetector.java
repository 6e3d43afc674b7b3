package io.github.stacktrace.capture;

import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.stacktrace.capture.CaptureThreads.Call;
import io.github.stacktrace.report.DeadlockSearch;

/**
 * Finds deadlock cycles over monitors and {@code java.util.concurrent} locks. The JVM's detection is one safepoint
 * that looks at every thread at once (and one more, for a few threads, when it finds a cycle), so it is only asked
 * for in the FULL modes, and only when the capture saw a thread that could be in a cycle.
 */
final class DeadlockDetector {

	private final ThreadMXBean threads;

	DeadlockDetector(ThreadMXBean threads) {
		this.threads = threads;
	}

	/**
	 * Looks for deadlocks on a capture thread, so that a JVM slow to reach its safepoint cannot hold the request past
	 * its deadline.
	 * @param deadlineNanos the {@link System#nanoTime()} by which the answer is needed
	 * @param pauses where to count the safepoints asked for
	 * @return the cycles found, or {@link DeadlockSearch#UNKNOWN} when no answer came in time
	 * @throws CaptureFailedException if the JVM's detection failed
	 * @throws InterruptedException if the calling thread is interrupted while it waits
	 */
	DeadlockSearch search(long deadlineNanos, SafepointPauses pauses) throws InterruptedException {
		Call<List<List<Long>>> call = CaptureThreads.call("ThreadMXBean.findDeadlockedThreads",
				() -> findCycles(pauses),
				deadlineNanos - System.nanoTime());
		List<List<Long>> cycles = call.answer();
		return (cycles != null) ? DeadlockSearch.found(cycles) : DeadlockSearch.UNKNOWN;
	}

	/**
	 * The deadlock cycles, each as thread ids in wait order starting from its lowest id.
	 * @param pauses where to count the safepoints asked for
	 * @return the cycles, empty when there is none
	 */
	List<List<Long>> findCycles(SafepointPauses pauses) {
		pauses.add();
		long[] deadlocked = this.threads.isSynchronizerUsageSupported() ? this.threads.findDeadlockedThreads()
				: this.threads.findMonitorDeadlockedThreads();
		if (deadlocked == null || deadlocked.length == 0) {
			return List.of();
		}
		Map<Long, Long> waitsFor = new HashMap<>();
		pauses.add();
		for (ThreadInfo info : this.threads.getThreadInfo(deadlocked, 0)) {
			if (info != null && info.getLockOwnerId() >= 0) {
				waitsFor.put(info.getThreadId(), info.getLockOwnerId());
			}
		}
		List<List<Long>> cycles = new ArrayList<>();
		Set<Long> seen = new HashSet<>();
		for (long start : Arrays.stream(deadlocked).sorted().toArray()) {
			if (seen.contains(start)) {
				continue;
			}
			List<Long> cycle = new ArrayList<>();
			Long current = start;
			while (current != null && seen.add(current)) {
				cycle.add(current);
				current = waitsFor.get(current);
			}
			int loopStart = (current != null) ? cycle.indexOf(current) : -1;
			if (loopStart >= 0) {
				cycles.add(List.copyOf(cycle.subList(loopStart, cycle.size())));
			}
		}
		return cycles;
	}

}
