package io.github.stacktrace;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The lock and scheduling facts the JVM reports for one thread, captured in the FULL modes.
 *
 * @param lock the lock the thread waits for or is blocked on, or {@code null}
 * @param lockOwnerId the id of the thread owning that lock, or {@code -1}
 * @param lockOwnerName the name of the thread owning that lock, or {@code null}
 * @param lockedMonitors the monitors the thread holds, each with the stack depth that took it
 * @param daemon whether the thread is a daemon thread
 * @param priority the thread's priority
 * @param inNative whether the thread is executing native code
 * @param suspended whether the thread is suspended
 * @param blockedCount how many times the thread blocked to enter or re-enter a monitor
 * @param waitedCount how many times the thread waited for a notification
 */
public record LockDetails(@Nullable LockRef lock, long lockOwnerId, @Nullable String lockOwnerName,
		List<HeldMonitor> lockedMonitors, boolean daemon, int priority, boolean inNative, boolean suspended,
		long blockedCount, long waitedCount) {

	public LockDetails {
		lockedMonitors = List.copyOf(lockedMonitors);
	}

	/**
	 * A lock object as the JVM identifies it.
	 *
	 * @param className the lock object's class
	 * @param identityHashCode the lock object's identity hash code
	 */
	public record LockRef(String className, int identityHashCode) {

	}

	/**
	 * A monitor a thread holds.
	 *
	 * @param lock the monitor's object
	 * @param stackDepth the depth of the frame that locked it, or {@code -1} when unknown
	 */
	public record HeldMonitor(LockRef lock, int stackDepth) {

	}

}
