package io.github.stacktrace.report;

import java.lang.management.LockInfo;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The locks of one thread as the JVM reports them in the FULL modes: what it waits for, who owns that, what it holds.
 *
 * @param waitingFor the lock the thread waits for or is blocked on, or {@code null}
 * @param ownerId the id of the thread owning that lock, or {@code -1}
 * @param ownerName the name of the thread owning that lock, or {@code null}
 * @param held the monitors the thread holds, each with the stack depth that took it
 * @since 0.1.0
 */
public record ThreadLocks(@Nullable LockRef waitingFor, long ownerId, @Nullable String ownerName,
		List<HeldMonitor> held) {

	/** A thread that waits for nothing and holds nothing. */
	public static final ThreadLocks NONE = new ThreadLocks(null, -1, null, List.of());

	/**
	 * Creates a thread's locks.
	 * @param waitingFor the lock the thread waits for or is blocked on, or {@code null}
	 * @param ownerId the id of the thread owning that lock, or {@code -1}
	 * @param ownerName the name of the thread owning that lock, or {@code null}
	 * @param held the monitors the thread holds, each with the stack depth that took it
	 */
	public ThreadLocks {
		held = List.copyOf(held);
	}

	/**
	 * The locks the JVM reports in a thread's {@link ThreadInfo}: the lines {@code jstack -l} prints.
	 * @param info the thread's information, with its locked monitors when they were asked for
	 * @return the thread's locks
	 */
	public static ThreadLocks of(ThreadInfo info) {
		LockInfo lock = info.getLockInfo();
		List<HeldMonitor> held = new ArrayList<>();
		for (MonitorInfo monitor : info.getLockedMonitors()) {
			held.add(new HeldMonitor(new LockRef(monitor.getClassName(), monitor.getIdentityHashCode()),
					monitor.getLockedStackDepth()));
		}
		return new ThreadLocks((lock != null) ? new LockRef(lock.getClassName(), lock.getIdentityHashCode()) : null,
				info.getLockOwnerId(), info.getLockOwnerName(), held);
	}

	/**
	 * Whether the thread holds a monitor taken by the frame at this depth.
	 * @param depth the frame's depth, 0 for the top frame
	 * @return {@code true} when a held monitor was taken there
	 */
	public boolean holdsAt(int depth) {
		for (HeldMonitor monitor : this.held) {
			if (monitor.stackDepth() == depth) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A lock object as the JVM identifies it.
	 *
	 * @param className the lock object's class
	 * @param identityHashCode the lock object's identity hash code
	 * @since 0.1.0
	 */
	public record LockRef(String className, int identityHashCode) {

	}

	/**
	 * A monitor a thread holds.
	 *
	 * @param lock the monitor's object
	 * @param stackDepth the depth of the frame that locked it, or {@code -1} when unknown
	 * @since 0.1.0
	 */
	public record HeldMonitor(LockRef lock, int stackDepth) {

	}

}
