package io.github.stacktrace.hot;

import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

import io.github.stacktrace.report.HotThreadsType;
import org.jspecify.annotations.Nullable;

/**
 * Reads one measure of many Java threads at once from the {@link ThreadMXBean}, none of it at a safepoint: CPU time and
 * allocated bytes are per-thread counters, and blocked and waited times come with {@code getThreadInfo} at depth 0,
 * which takes no stack. A measure the JVM supports but has switched off is switched on for the window and back off
 * after it; one it does not support is named in a notice.
 */
final class JavaThreadMeters {

	private final ThreadMXBean threads;

	private final com.sun.management.@Nullable ThreadMXBean extended;

	JavaThreadMeters(ThreadMXBean threads) {
		this.threads = threads;
		this.extended = (threads instanceof com.sun.management.ThreadMXBean sun) ? sun : null;
	}

	/**
	 * Makes the measure readable for the window: switches it on when it is off.
	 * @param type the measure
	 * @param notices where to say what the JVM does not support or what was switched on
	 * @return what to call after the window to put the JVM back as it was, or {@code null} when the measure cannot be
	 * read at all
	 */
	@Nullable Runnable switchOn(HotThreadsType type, List<String> notices) {
		switch (type) {
			case CPU -> {
				if (!this.threads.isThreadCpuTimeSupported()) {
					notices.add("this JVM does not measure thread CPU time: threads are not ranked");
					return null;
				}
				if (!this.threads.isThreadCpuTimeEnabled()) {
					this.threads.setThreadCpuTimeEnabled(true);
					notices.add("thread CPU time measurement was off: on for this window only");
					return () -> this.threads.setThreadCpuTimeEnabled(false);
				}
			}
			case ALLOC -> {
				com.sun.management.ThreadMXBean sun = this.extended;
				if (sun == null || !sun.isThreadAllocatedMemorySupported()) {
					notices.add("this JVM does not measure allocated bytes per thread: threads are not ranked");
					return null;
				}
				if (!sun.isThreadAllocatedMemoryEnabled()) {
					sun.setThreadAllocatedMemoryEnabled(true);
					notices.add("allocated memory measurement was off: on for this window only");
					return () -> sun.setThreadAllocatedMemoryEnabled(false);
				}
			}
			case WAIT, BLOCK -> {
				if (!this.threads.isThreadContentionMonitoringSupported()) {
					notices.add("this JVM does not support thread contention monitoring: threads are not ranked");
					return null;
				}
				if (!this.threads.isThreadContentionMonitoringEnabled()) {
					this.threads.setThreadContentionMonitoringEnabled(true);
					notices.add("thread contention monitoring was off: on for this window only, so times count from"
							+ " the window's start and a thread already waiting then counts from its next wait");
					return () -> this.threads.setThreadContentionMonitoringEnabled(false);
				}
			}
		}
		return () -> {
		};
	}

	/**
	 * Reads the measure of each thread.
	 * @param type the measure
	 * @param ids the Java thread ids
	 * @return per id, nanoseconds (bytes for {@link HotThreadsType#ALLOC}), or {@code -1} for a thread that ended
	 */
	long[] read(HotThreadsType type, long[] ids) {
		if (ids.length == 0) {
			return new long[0];
		}
		return switch (type) {
			case CPU -> cpuNanos(ids);
			case ALLOC -> allocatedBytes(ids);
			case WAIT, BLOCK -> contentionNanos(type, ids);
		};
	}

	private long[] cpuNanos(long[] ids) {
		if (this.extended != null) {
			return this.extended.getThreadCpuTime(ids);
		}
		long[] nanos = new long[ids.length];
		for (int i = 0; i < ids.length; i++) {
			nanos[i] = this.threads.getThreadCpuTime(ids[i]);
		}
		return nanos;
	}

	private long[] allocatedBytes(long[] ids) {
		com.sun.management.ThreadMXBean sun = this.extended;
		if (sun == null) {
			throw new IllegalStateException("allocated bytes are not measured by this JVM");
		}
		return sun.getThreadAllocatedBytes(ids);
	}

	private long[] contentionNanos(HotThreadsType type, long[] ids) {
		// Depth 0: the JVM reads the counters without stopping any thread for its stack.
		ThreadInfo[] infos = this.threads.getThreadInfo(ids, 0);
		long[] nanos = new long[ids.length];
		Arrays.fill(nanos, -1);
		for (int i = 0; i < infos.length; i++) {
			ThreadInfo info = infos[i];
			if (info != null) {
				long millis = (type == HotThreadsType.BLOCK) ? info.getBlockedTime() : info.getWaitedTime();
				nanos[i] = (millis < 0) ? -1 : millis * 1_000_000;
			}
		}
		return nanos;
	}

}
