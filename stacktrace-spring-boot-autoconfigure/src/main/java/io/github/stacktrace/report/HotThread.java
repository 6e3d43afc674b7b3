package io.github.stacktrace.report;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One thread a hot-threads report shows: a Java thread with its snapshots, or a JVM-internal thread (garbage
 * collector, compiler, VM thread), which has a native id and CPU time but no Java id and no Java stack.
 *
 * @param id the Java thread id, or {@code -1} for a JVM-internal thread
 * @param nativeId the operating system's thread id ({@code nid}), or {@code -1} when unknown
 * @param name the thread's name: the Java name, or the native name of a JVM-internal thread
 * @param state the Java state at the last snapshot, or {@code null} when none was taken
 * @param value the measured value over the window: nanoseconds, or bytes for {@link HotThreadsType#ALLOC}
 * @param snapshotsTaken how many snapshots were taken; fewer than asked when the thread ended
 * @param stacks the distinct stacks among the snapshots, most frequent first
 * @param request what the thread was serving around its last snapshot, at the window's end, or {@code null} when
 * nothing
 * @param sampled how {@code value} was estimated for a tracked virtual thread, which has no counter, or {@code null}
 * when the JVM or the operating system measured it
 * @since 0.1.0
 */
public record HotThread(long id, long nativeId, String name, Thread.@Nullable State state, long value,
		int snapshotsTaken, List<SnapshotGroup> stacks, @Nullable RequestContext request,
		@Nullable SampledMeasure sampled) {

	/**
	 * Creates a shown thread.
	 * @param id the Java thread id, or {@code -1} for a JVM-internal thread
	 * @param nativeId the operating system's thread id, or {@code -1} when unknown
	 * @param name the thread's name
	 * @param state the Java state at the last snapshot, or {@code null}
	 * @param value the measured or estimated value over the window
	 * @param snapshotsTaken how many snapshots were taken
	 * @param stacks the distinct stacks among the snapshots, most frequent first
	 * @param request what the thread was serving around its last snapshot, or {@code null} when nothing
	 * @param sampled how the value of a tracked virtual thread was estimated, or {@code null} when it was measured
	 */
	public HotThread {
		stacks = List.copyOf(stacks);
	}

	/**
	 * Creates a shown thread whose value was measured.
	 * @param id the Java thread id, or {@code -1} for a JVM-internal thread
	 * @param nativeId the operating system's thread id, or {@code -1} when unknown
	 * @param name the thread's name
	 * @param state the Java state at the last snapshot, or {@code null}
	 * @param value the measured value over the window
	 * @param snapshotsTaken how many snapshots were taken
	 * @param stacks the distinct stacks among the snapshots, most frequent first
	 * @param request what the thread was serving around its last snapshot, or {@code null} when nothing
	 */
	public HotThread(long id, long nativeId, String name, Thread.@Nullable State state, long value,
			int snapshotsTaken, List<SnapshotGroup> stacks, @Nullable RequestContext request) {
		this(id, nativeId, name, state, value, snapshotsTaken, stacks, request, null);
	}

	/**
	 * Creates a shown thread that serves no request.
	 * @param id the Java thread id, or {@code -1} for a JVM-internal thread
	 * @param nativeId the operating system's thread id, or {@code -1} when unknown
	 * @param name the thread's name
	 * @param state the Java state at the last snapshot, or {@code null}
	 * @param value the measured value over the window
	 * @param snapshotsTaken how many snapshots were taken
	 * @param stacks the distinct stacks among the snapshots, most frequent first
	 */
	public HotThread(long id, long nativeId, String name, Thread.@Nullable State state, long value,
			int snapshotsTaken, List<SnapshotGroup> stacks) {
		this(id, nativeId, name, state, value, snapshotsTaken, stacks, null, null);
	}

	/**
	 * A JVM-internal thread, measured from the operating system.
	 * @param nativeId its native id
	 * @param name its native name
	 * @param cpuNanos its CPU time over the window
	 * @return the shown thread
	 */
	public static HotThread jvmInternal(long nativeId, String name, long cpuNanos) {
		return new HotThread(-1, nativeId, name, null, cpuNanos, 0, List.of());
	}

	/**
	 * Whether this is a JVM-internal thread, with no Java id.
	 * @return {@code true} when {@link #id()} is {@code -1}
	 */
	public boolean isJvmInternal() {
		return this.id < 0;
	}

	/**
	 * Whether this is a tracked virtual thread, whose value is estimated: only those are sampled.
	 * @return {@code true} when {@link #sampled()} is set
	 */
	public boolean isVirtual() {
		return this.sampled != null;
	}

	/**
	 * Whether the thread was {@code RUNNABLE} and every snapshot showed the same stack: stuck, or looping.
	 * @return {@code true} for a runnable thread with one distinct stack over two or more snapshots
	 */
	public boolean isSameStack() {
		return this.state == Thread.State.RUNNABLE && this.snapshotsTaken > 1 && this.stacks.size() == 1;
	}

}
