package io.github.stacktrace.hot;

import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;

import io.github.stacktrace.capture.ThreadInfoChunks;
import org.jspecify.annotations.Nullable;

/**
 * Takes one stack of each of a few threads, the way that stops the application least: on Java 21 and later
 * {@link Thread#getStackTrace()} thread by thread, a handshake with that thread alone; on Java 17 to 20, where that
 * call is a global safepoint each, {@link ThreadMXBean#getThreadInfo} in chunks sized as the chunked capture sizes
 * its own ({@link ThreadInfoChunks}), one safepoint per chunk, each within {@code stacktrace.max-pause}.
 */
final class StackSnapshots {

	/** Whether this JDK takes another thread's stack in a handshake with that thread alone. */
	static final boolean HANDSHAKE_STACK_WALKS = Runtime.version().feature() >= 21;

	private final boolean handshakes;

	private final ThreadInfoChunks.Walk chunks;

	/**
	 * Starts the snapshots of one request.
	 * @param chunks the chunks of the safepoint path
	 * @param handshakes whether to take stacks thread by thread ({@link #HANDSHAKE_STACK_WALKS}) rather than in chunks
	 */
	StackSnapshots(ThreadInfoChunks chunks, boolean handshakes) {
		this.handshakes = handshakes;
		this.chunks = chunks.start();
	}

	/**
	 * How the snapshots are taken, as the report header names it.
	 * @param handshakes whether they are taken thread by thread
	 * @return the method
	 */
	static String method(boolean handshakes) {
		return handshakes ? "thread_get_stack_trace_per_thread" : "thread_mx_bean_chunked";
	}

	/**
	 * How many safepoint pauses the snapshots taken so far caused.
	 * @return the count
	 */
	int safepointPauses() {
		return this.chunks.safepointPauses();
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
		if (this.handshakes) {
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
		ThreadInfo[] infos = this.chunks.getThreadInfo(ids);
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
