package io.github.stacktrace.hot;

import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Takes one stack of each of a few threads, the way that stops the application least: on Java 21 and later
 * {@link Thread#getStackTrace()} thread by thread, a handshake with that thread alone; on Java 17, where that call is
 * a global safepoint each, one {@link ThreadMXBean#getThreadInfo(long[], int)} call for all of them, one safepoint.
 */
final class StackSnapshots {

	private static final boolean HANDSHAKE_STACK_WALKS = Runtime.version().feature() >= 21;

	private final ThreadMXBean threads;

	private int safepointPauses;

	StackSnapshots(ThreadMXBean threads) {
		this.threads = threads;
	}

	/**
	 * How the snapshots are taken, as the report header names it.
	 * @return the method
	 */
	static String method() {
		return HANDSHAKE_STACK_WALKS ? "thread_get_stack_trace_per_thread" : "thread_mx_bean_per_snapshot";
	}

	/**
	 * How many safepoint pauses the snapshots taken so far caused.
	 * @return the count
	 */
	int safepointPauses() {
		return this.safepointPauses;
	}

	/**
	 * Takes one stack of each thread.
	 * @param targets the threads
	 * @return per thread, in order, its snapshot, or {@code null} when it has ended
	 */
	@Nullable Snapshot[] take(List<Thread> targets) {
		Snapshot[] snapshots = new Snapshot[targets.size()];
		if (targets.isEmpty()) {
			return snapshots;
		}
		if (HANDSHAKE_STACK_WALKS) {
			for (int i = 0; i < snapshots.length; i++) {
				Thread thread = targets.get(i);
				StackTraceElement[] stack = thread.getStackTrace();
				Thread.State state = thread.getState();
				// An ended thread answers an empty stack: that is no snapshot.
				snapshots[i] = (state != Thread.State.TERMINATED) ? new Snapshot(state, List.of(stack)) : null;
			}
			return snapshots;
		}
		long[] ids = new long[targets.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = HotThreadsSampler.idOf(targets.get(i));
		}
		this.safepointPauses++;
		ThreadInfo[] infos = this.threads.getThreadInfo(ids, Integer.MAX_VALUE);
		for (int i = 0; i < infos.length; i++) {
			ThreadInfo info = infos[i];
			snapshots[i] = (info != null) ? new Snapshot(info.getThreadState(), List.of(info.getStackTrace())) : null;
		}
		return snapshots;
	}

	/**
	 * One stack of one thread.
	 *
	 * @param state the thread's state when it was taken
	 * @param frames the stack, top frame first
	 */
	record Snapshot(Thread.State state, List<StackTraceElement> frames) {

	}

}
