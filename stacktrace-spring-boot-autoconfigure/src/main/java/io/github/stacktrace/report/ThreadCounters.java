package io.github.stacktrace.report;

/**
 * The scheduling facts and counters the JVM's management interface reports for one thread, shown in
 * {@link DetailMode#FULL_WITH_INLINE}.
 *
 * @param daemon whether the thread is a daemon thread
 * @param priority the thread's priority
 * @param inNative whether the thread is executing native code
 * @param suspended whether the thread is suspended
 * @param blockedCount how many times the thread blocked to enter or re-enter a monitor
 * @param waitedCount how many times the thread waited for a notification
 * @since 0.1.0
 */
public record ThreadCounters(boolean daemon, int priority, boolean inNative, boolean suspended, long blockedCount,
		long waitedCount) {

}
