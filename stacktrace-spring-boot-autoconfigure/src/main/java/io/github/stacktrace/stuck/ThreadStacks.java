package io.github.stacktrace.stuck;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.github.stacktrace.report.CaptureStatus;
import io.github.stacktrace.report.RequestContext;
import io.github.stacktrace.report.ThreadCapture;
import io.github.stacktrace.report.ThreadLocks;
import io.github.stacktrace.report.VirtualThreadFacts;
import org.jspecify.annotations.Nullable;

/**
 * Takes the stacks of a few chosen threads, cut to a depth: platform threads' in one {@code ThreadMXBean} call (one
 * safepoint for all of them, with the monitors they hold and the lock they wait for, never the ownable synchronizers,
 * which would walk the heap), virtual threads' one by one with {@link Thread#getStackTrace()}, which the JMX bean
 * cannot see.
 */
final class ThreadStacks {

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final int maxDepth;

	ThreadStacks(int maxDepth) {
		this.maxDepth = maxDepth;
	}

	/**
	 * Takes the stacks of the given threads.
	 * @param targets the threads, each with the request it was seen serving
	 * @return each target's stack by thread id; a platform thread that ended meanwhile has none
	 */
	Map<Long, Stack> take(List<Target> targets) {
		Map<Long, Stack> stacks = new HashMap<>();
		List<Target> platform = new ArrayList<>();
		for (Target target : targets) {
			if (target.virtual()) {
				Thread thread = target.thread();
				if (thread != null) {
					stacks.put(target.threadId(), cut(target.threadId(), thread.getName(), thread.getState(),
							List.of(thread.getStackTrace()), null, true));
				}
			}
			else {
				platform.add(target);
			}
		}
		if (!platform.isEmpty()) {
			long[] ids = new long[platform.size()];
			for (int i = 0; i < ids.length; i++) {
				ids[i] = platform.get(i).threadId();
			}
			ThreadInfo[] infos = this.threads.getThreadInfo(ids, this.threads.isObjectMonitorUsageSupported(), false);
			for (ThreadInfo info : infos) {
				if (info != null) {
					stacks.put(info.getThreadId(), cut(info.getThreadId(), info.getThreadName(),
							info.getThreadState(), List.of(info.getStackTrace()), ThreadLocks.of(info), false));
				}
			}
		}
		return stacks;
	}

	private Stack cut(long id, String name, Thread.State state, List<StackTraceElement> frames,
			@Nullable ThreadLocks locks, boolean virtual) {
		int kept = Math.min(frames.size(), this.maxDepth);
		ThreadLocks keptLocks = locks;
		if (locks != null && kept < frames.size()) {
			// Monitors taken by frames cut off would be shown as held by no frame: they go with their frames.
			keptLocks = new ThreadLocks(locks.waitingFor(), locks.ownerId(), locks.ownerName(), locks.held()
				.stream()
				.filter((monitor) -> monitor.stackDepth() < kept)
				.toList());
		}
		ThreadCapture capture = new ThreadCapture(id, name, state, CaptureStatus.OK, frames.subList(0, kept),
				keptLocks, null, null, null, null, virtual ? VirtualThreadFacts.ofVirtual(null, -1) : null, null);
		return new Stack(capture, frames.size() - kept);
	}

	/**
	 * A thread whose stack to take.
	 *
	 * @param threadRef the thread, held weakly by whoever keeps the target
	 * @param threadId its id
	 * @param virtual whether it is a virtual thread
	 * @param request the request it was seen serving
	 */
	record Target(java.lang.ref.WeakReference<Thread> threadRef, long threadId, boolean virtual,
			RequestContext request) {

		@Nullable Thread thread() {
			return this.threadRef.get();
		}

	}

	/**
	 * A stack, cut.
	 *
	 * @param thread the thread with its kept frames and locks, without a request
	 * @param omittedFrames how many frames were cut off
	 */
	record Stack(ThreadCapture thread, int omittedFrames) {

	}

}
