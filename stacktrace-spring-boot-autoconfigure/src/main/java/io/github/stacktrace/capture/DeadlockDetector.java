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
import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.DeadlockSearch;
import io.github.stacktrace.report.StackTraceRequest;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadLocks;

/**
 * Finds deadlock cycles over monitors and {@code java.util.concurrent} locks, and decides whether a capture needs to
 * look. The JVM's detection is one safepoint that looks at every thread at once (and one more, for a few threads, when
 * it finds a cycle), so it is only asked for in the FULL modes, and only when the capture saw a thread that could be
 * in a cycle.
 */
final class DeadlockDetector {

	private final ThreadMXBean threads;

	DeadlockDetector(ThreadMXBean threads) {
		this.threads = threads;
	}

	/**
	 * Looks for deadlocks where the request's mode shows locks, within what is left of its budget; not at all when the
	 * capture already ran out of time, since the detection needs the same safepoint that was not reached. The JVM's
	 * detection is a safepoint of its own over every thread, so when the capture covered every thread and none of them
	 * could be in a cycle, the answer is known without asking: a cycle needs each of its threads waiting for a lock
	 * another one owns.
	 * @param request the request
	 * @param captures the request's captures, with their locks in the FULL modes
	 * @param deadlineNanos the {@link System#nanoTime()} by which the answer is needed
	 * @param pauses where to count the safepoints asked for
	 * @return the cycles found, {@link DeadlockSearch#UNKNOWN} when no answer came in time, or
	 * {@link DeadlockSearch#NOT_LOOKED_FOR} in the FAST modes
	 * @throws CaptureFailedException if the JVM's detection failed
	 * @throws InterruptedException if the calling thread is interrupted while it waits
	 */
	DeadlockSearch search(StackTraceRequest request, List<ThreadCapture> captures, long deadlineNanos,
			SafepointPauses pauses) throws InterruptedException {
		if (!request.mode().includesLocks()) {
			return DeadlockSearch.NOT_LOOKED_FOR;
		}
		for (ThreadCapture capture : captures) {
			if (capture.status() == CaptureStatus.TIMEOUT) {
				return DeadlockSearch.UNKNOWN;
			}
		}
		if (coversEveryThread(request) && !mayBeDeadlocked(captures)) {
			return DeadlockSearch.found(List.of());
		}
		return (System.nanoTime() - deadlineNanos < 0) ? askJvm(deadlineNanos, pauses) : DeadlockSearch.UNKNOWN;
	}

	/**
	 * Whether the request's captures are every live thread the JVM's detection could name: no thread ids, no filter.
	 * Only then does a capture that saw no waiting thread prove there is no deadlock.
	 */
	static boolean coversEveryThread(StackTraceRequest request) {
		return request.threadIds() == null && request.filter().isEmpty();
	}

	/**
	 * Whether any captured thread could be part of a deadlock cycle: {@code BLOCKED} on a monitor, or waiting for a
	 * lock that has an owner. A thread waiting on a condition, a latch or a sleep has no owner to wait for, and a
	 * thread that was not captured may be waiting for anything.
	 * @param captures the captures, with their locks (FULL modes)
	 * @return {@code true} when the JVM's detection has something to find
	 */
	static boolean mayBeDeadlocked(List<ThreadCapture> captures) {
		for (ThreadCapture capture : captures) {
			if (capture.state() == Thread.State.BLOCKED) {
				return true;
			}
			ThreadLocks locks = capture.locks();
			if (locks == null) {
				// Exited, or skipped while running in a system call: waiting for no lock. Otherwise unknown.
				if (capture.status() != CaptureStatus.THREAD_EXITED
						&& capture.status() != CaptureStatus.SKIPPED_BLOCKING_SYSCALL) {
					return true;
				}
			}
			else if (locks.waitingFor() != null && locks.ownerId() >= 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Asks the JVM on a capture thread, so that a JVM slow to reach its safepoint cannot hold the request past its
	 * deadline.
	 * @param deadlineNanos the {@link System#nanoTime()} by which the answer is needed
	 * @param pauses where to count the safepoints asked for
	 * @return the cycles found, or {@link DeadlockSearch#UNKNOWN} when no answer came in time
	 * @throws CaptureFailedException if the JVM's detection failed
	 * @throws InterruptedException if the calling thread is interrupted while it waits
	 */
	private DeadlockSearch askJvm(long deadlineNanos, SafepointPauses pauses) throws InterruptedException {
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
